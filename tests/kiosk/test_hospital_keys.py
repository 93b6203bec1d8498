"""Issue 15: every kiosk of a hospital holds the hospital's face and label keys; one with a key of its
own is refused in plain words before it seals a template or prints a label (both engines)."""
from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kiosk.bootstrap import bootstrap
from kiosk.config import ConfigError
from kiosk.hospital_keys import FACE_KEY, LABEL_KEY, NotTheHospitalsKey, check_hospital_key, fingerprint
from kiosk.wheelchair.labels import load_label_key

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=timezone.utc)


def test_the_first_kiosk_records_the_fingerprint_and_the_others_compare(db):
    key, other = bytes(range(32)), bytes(32)
    check_hospital_key(db, FACE_KEY, key, "EAST", NOW, "/etc/onevisit/face.key")
    check_hospital_key(db, FACE_KEY, key, "WEST", NOW, "/etc/onevisit/face.key")  # the same key: fine
    check_hospital_key(db, LABEL_KEY, other, "WEST", NOW, "/etc/onevisit/label.key")  # another name: its own record
    with pytest.raises(NotTheHospitalsKey) as refused:
        check_hospital_key(db, FACE_KEY, other, "NORTH", NOW, "/etc/onevisit/face.key")
    assert str(refused.value) == (
        "this kiosk's face template key (/etc/onevisit/face.key) is not the one the hospital's kiosks use (first "
        "recorded by EAST); copy that key file from another kiosk of this hospital to /etc/onevisit/face.key "
        "(mode 0600) and start again")
    rows = db.execute("SELECT name, fingerprint, first_kiosk_id FROM hospital_keys ORDER BY name").fetchall()
    assert [tuple(row) for row in rows] == [(FACE_KEY, fingerprint(key), "EAST"), (LABEL_KEY, fingerprint(other), "WEST")]
    assert key.hex() not in str(rows) and fingerprint(key) != fingerprint(other)  # one-way, never the key


def test_a_second_kiosk_with_its_own_label_key_does_not_start_and_with_the_hospitals_it_does(kiosk_config, tmp_path):
    east = bootstrap(replace(kiosk_config, kiosk_id="EAST"))  # demo mode: makes the label key on first start
    try:
        own = tmp_path / "west" / "wheelchair-label.key"
        own.parent.mkdir()
        load_label_key(own, create=True)  # `onevisit keys init` run on the second kiosk by mistake
        west = replace(kiosk_config, kiosk_id="WEST", wheelchair_label_key_file=own,
                       face_key_file=kiosk_config.face_key_file, outbox=tmp_path / "west" / "outbox.db")
        with pytest.raises(ConfigError) as refused:
            bootstrap(west).close()
        assert f"wheelchair label key ({own}) is not the one the hospital's kiosks use (first recorded by EAST)" \
            in str(refused.value)
        shutil.copy2(Path(kiosk_config.wheelchair_label_key_file), own)  # the fix the message asks for
        started = bootstrap(west)
        try:
            assert started.faces.available
        finally:
            started.close()
    finally:
        east.close()
