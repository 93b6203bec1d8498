"""Signed chair labels, the key file, and the desk printing slips and receipts through the journal."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.config import ConfigError
from kiosk.wheelchair.labels import (
    ForgedLabel,
    LabelKeyError,
    UnreadableLabel,
    load_label_key,
    read_label,
    read_rental_code,
    sign_label,
)
from kiosk.wheelchair.records import Refusal, RentalRefused

KEY = b"k" * 32
chair_ids = st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,15}", fullmatch=True)


@given(chair_id=chair_ids)
def test_a_signed_label_reads_back_and_stays_short(chair_id):
    label = sign_label(KEY, chair_id)
    assert read_label(KEY, label) == chair_id
    assert len(label) <= 40  # short payloads keep QR modules big enough to scan from afar


@given(chair_id=chair_ids, other=chair_ids)
def test_a_label_copied_onto_another_chair_is_refused(chair_id, other):
    signature = sign_label(KEY, chair_id).rsplit(".", 1)[1]
    if other != chair_id:
        with pytest.raises(ForgedLabel):
            read_label(KEY, f"OVWC1.{other}.{signature}")


def test_forged_torn_and_foreign_codes_are_refused_in_plain_words():
    label = sign_label(KEY, "WC-001")
    with pytest.raises(ForgedLabel, match="not one of this hospital's labels"):
        read_label(b"another hospital's key!!", label)
    with pytest.raises(UnreadableLabel, match="could not be read completely"):
        read_label(KEY, label[:-3])
    with pytest.raises(UnreadableLabel, match="not a wheelchair label"):
        read_label(KEY, "https://example.com/WC-001")
    with pytest.raises(ValueError, match="not a chair id"):
        sign_label(KEY, "wc 1")


@given(tail=st.text(min_size=1, max_size=20))
def test_any_scanner_text_after_a_label_prefix_is_refused_in_plain_words(tail):
    """Issue 18.9: non-ASCII characters (a scanner in the wrong keyboard layout) used to raise TypeError."""
    for text in (f"OVWC1.WC-001.{tail}", f"OVWC1.WC-001.{'é' * 16}", f"OVWC1.WC-001.{tail * 16}"[:29]):
        with pytest.raises((UnreadableLabel, ForgedLabel)):
            read_label(KEY, text)
    with pytest.raises(UnreadableLabel):
        read_rental_code(KEY, f"OVWR1.R1.{'字' * 16}")


def test_the_key_file_is_created_private_and_refused_when_others_can_read_it(tmp_path):
    path = tmp_path / "keys" / "wheelchair.key"
    with pytest.raises(LabelKeyError, match="does not exist"):
        load_label_key(path)
    key = load_label_key(path, create=True)
    assert len(key) == 32 and os.stat(path).st_mode & 0o777 == 0o600
    assert load_label_key(path) == key
    path.chmod(0o644)
    with pytest.raises(LabelKeyError, match="chmod 600"):
        load_label_key(path)


def test_a_production_kiosk_without_its_key_file_stops_with_one_line(production_config, tmp_path):
    from dataclasses import replace

    from kiosk.face.templates import load_or_create_key

    load_or_create_key(production_config.face_key_file)  # the face key is there; only the label key is missing
    config = replace(production_config, wheelchair_label_key_file=tmp_path / "missing.key")
    with pytest.raises(ConfigError, match="missing.key does not exist"):
        bootstrap(config)


def test_the_desk_prints_a_slip_at_rental_and_a_receipt_at_return(kiosk_config):
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    services = bootstrap(kiosk_config, clock=clock)
    try:
        desk = services.wheelchairs
        printer = services.devices.device("receipt_printer")
        chair_id = desk.chair_from_scan(desk.label_for("WC-002"))
        patient = services.his.patient("DEMO-001")
        started = desk.rent(desk.chair_to_rent(chair_id), patient, key="rent:desk")
        assert started.printed.printed and started.printed.job.kind == "wheelchair_slip"
        slip = printer.jobs[-1].data.decode("gb18030", errors="replace")
        assert "WC-002" in slip and "11:00" in slip and "3.00" in slip  # chair, free until, terms
        assert "张*华" in slip and "张建华" not in slip
        assert desk.rent(chair_id, patient, key="rent:desk").printed.already_printed  # no second slip
        services.devices.device("dock").take(2)
        clock.advance(timedelta(hours=3, minutes=45))
        done = desk.return_chair("WC-002")
        assert done.outcome.fee.total_fen == 600 and done.printed.printed
        receipt = printer.jobs[-1].data.decode("gb18030", errors="replace")
        assert "6.00" in receipt and "visit bill" in receipt
        assert desk.return_chair("WC-002").printed is None  # scanned twice: nothing printed again
        assert len(printer.jobs) == 2
        with pytest.raises(RentalRefused) as refused:
            desk.chair_to_rent("WC-404")
        assert refused.value.reason is Refusal.UNKNOWN_CHAIR
    finally:
        services.close()
