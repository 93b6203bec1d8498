"""Logs: JSON lines or journald fields with kiosk, journey and event; no personal data; rotation."""
from __future__ import annotations

import json
import logging
import os
import socket
import stat
import struct

import pytest

from kiosk.ops.logs import configure_logging, journal_datagram, redact, set_journey_source

NAME, ID_NUMBER, PHONE = "张建华", "330102195001011236", "13800000001"


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    configure_logging("unused", {"format": "json"}, environ={})[0].close()
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    set_journey_source(lambda: "")


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_check_in_journey_logs_events_with_kiosk_and_journey_and_no_personal_data(services, tmp_path,
                                                                                     restore_logging):
    log_file = tmp_path / "logs" / "kiosk.log"
    configure_logging(services.config.kiosk_id, {"format": "json", "file": str(log_file)}, environ={})
    set_journey_source(lambda: services.sessions.current.journey if services.sessions.current else "")

    services.sessions.start("checkin")
    found = services.finder.by_id_number(ID_NUMBER)
    assert found.found and found.patient.name == NAME
    visit = services.checkin.visit_today(found.patient.id)
    services.checkin.check_in(found.patient.id, visit.open_appointments[0].appointment.id)
    services.sessions.start("pay")
    services.finder.by_phone_and_birth_date(PHONE, "19500101")
    services.request_help("pay-bill")
    logging.getLogger("kiosk.test").warning("lookup for %s / %s failed", ID_NUMBER, PHONE)  # a careless caller
    services.sessions.wipe("finished")

    text = log_file.read_text(encoding="utf-8")
    assert NAME not in text and ID_NUMBER not in text and PHONE not in text
    assert "3301**********1236" in text and "138****0001" in text
    lines = read_lines(log_file)
    assert all(line["kiosk"] == "DEMO-LOBBY-1" and line["event"] and line["ts"] for line in lines)
    events = {(line["event"], line["journey"]) for line in lines}
    assert ("patient.identified", "checkin") in events
    assert ("help.requested", "pay") in events
    assert ("session.ended", "") in events  # logged after the session was wiped
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_the_file_rotates_and_keeps_the_configured_number_of_files(tmp_path, restore_logging):
    log_file = tmp_path / "kiosk.log"
    configure_logging("K-1", {"format": "json", "file": str(log_file), "file_max_mb": 1, "file_backups": 2},
                      environ={})
    logger = logging.getLogger("kiosk.rotation")
    for number in range(12_000):  # about 3 MB of lines
        logger.info("line %d %s", number, "x" * 150)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(os.path.getsize(tmp_path / name) <= 1024 * 1024 for name in files)
    assert all(stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600 for name in files)


def parse_journal(datagram: bytes) -> dict[str, str]:
    fields, rest = {}, datagram
    while rest:
        line, _, after = rest.partition(b"\n")
        if b"=" in line:
            key, _, value = line.partition(b"=")
            fields[key.decode()], rest = value.decode(), after
        else:
            size = struct.unpack("<Q", after[:8])[0]
            fields[line.decode()], rest = after[8:8 + size].decode(), after[8 + size + 1:]
    return fields


def test_journal_fields_over_a_socket_the_test_owns(tmp_path, restore_logging):
    journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    journal.bind(str(tmp_path / "journal"))
    journal.settimeout(10)
    try:
        configure_logging("K-9", {"format": "journal"}, environ={}, journal_address=str(tmp_path / "journal"))
        set_journey_source(lambda: "wheelchair")
        logging.getLogger("kiosk.test").info("dock slot %d opened", 3, extra={"event": "dock.opened"})
        first = parse_journal(journal.recv(65536))
        try:
            raise ValueError(f"bad card {ID_NUMBER}")
        except ValueError:
            logging.getLogger("kiosk.test").exception("reading failed")
        second = parse_journal(journal.recv(65536))
    finally:
        journal.close()
    assert first["MESSAGE"] == "dock slot 3 opened" and first["PRIORITY"] == "6"
    assert (first["ONEVISIT_KIOSK"], first["ONEVISIT_JOURNEY"], first["ONEVISIT_EVENT"]) == ("K-9", "wheelchair", "dock.opened")
    assert second["PRIORITY"] == "3" and "Traceback" in second["MESSAGE"] and "\n" in second["MESSAGE"]
    assert ID_NUMBER not in second["MESSAGE"] and "3301**********1236" in second["MESSAGE"]


def test_auto_means_journal_only_under_systemd(tmp_path):
    from kiosk.ops.logs import choose_format

    assert choose_format("auto", {}) == "json"
    assert choose_format("json", {"JOURNAL_STREAM": "8:1234"}) == "json"


def test_redact_masks_id_numbers_and_phones_but_not_other_numbers():
    assert redact(f"id {ID_NUMBER} phone {PHONE}") == "id 3301**********1236 phone 138****0001"
    assert redact("33010219500101123X") == "3301**********123X"
    assert redact("order 20261122000123 amount 1500 trade OV-1234567890123456789") == \
        "order 20261122000123 amount 1500 trade OV-1234567890123456789"
    assert journal_datagram({"A": "1"}) == b"A=1\n"
