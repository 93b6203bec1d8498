"""Building the kiosk from config: storage, demo hospital, devices, sessions, audit."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from devices.base import DriverNotFound, HealthState
from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.storage import StorageError
from tests.conftest import TEST_ENGINE

ROOT = Path(__file__).resolve().parents[2]


def test_demo_kiosk_is_built_with_simulators_and_todays_patients(kiosk_config):
    clock = FixedClock.at_local(2026, 11, 23, 8, 30)
    services = bootstrap(kiosk_config, clock=clock)
    try:
        assert services.devices.any_simulated
        assert {k: h.state for k, h in services.devices.last_healths().items()} == dict.fromkeys(
            kiosk_config.devices, HealthState.OK
        )
        patient = services.his.patient("DEMO-001")
        assert [a.department_code for a in services.his.appointments_on(patient.id, clock.today())]
        assert services.audit.entries(limit=1)[0].action == "kiosk.started"
        assert services.audit.verify().ok
    finally:
        services.close()


def test_a_device_that_fails_to_open_does_not_stop_the_kiosk(kiosk_config):
    config = replace(kiosk_config, devices={**kiosk_config.devices, "camera": "sim:?fail=open"})
    services = bootstrap(config)
    try:
        slot = services.devices.slots["camera"]
        assert slot.device is None
        health = services.devices.last_healths()["camera"]
        assert health.state is HealthState.FAULT and health.detail
        assert services.devices.last_healths()["receipt_printer"].state is HealthState.OK
        events = services.db.execute("SELECT kiosk_id, state FROM device_events WHERE device_kind = 'camera'").fetchall()
        assert tuple(events[0]) == (kiosk_config.kiosk_id, "fault")
    finally:
        services.close()


def test_unknown_driver_raises_before_anything_opens(kiosk_config):
    config = replace(kiosk_config, devices={**kiosk_config.devices, "dock": "modbus://10.0.0.3"})
    with pytest.raises(DriverNotFound, match="dock"):
        bootstrap(config)


@pytest.mark.skipif(TEST_ENGINE != "sqlite", reason="a SQLite file's header (PostgreSQL: the twin below)")
def test_database_from_a_newer_kiosk_is_refused_untouched(kiosk_config):
    with sqlite3.connect(kiosk_config.database) as conn:
        conn.execute("PRAGMA user_version = 999")
        conn.execute("CREATE TABLE precious (x)")
    before = kiosk_config.database.read_bytes()
    with pytest.raises(StorageError, match="newer OneVisit"):
        bootstrap(kiosk_config)
    assert kiosk_config.database.read_bytes() == before


def test_a_shared_database_from_a_newer_kiosk_is_refused_untouched(kiosk_config, postgres_url):
    """Another kiosk of the hospital already runs a newer OneVisit on the shared database."""
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = 999")
        conn.execute("CREATE TABLE precious (x integer)")
    with pytest.raises(StorageError, match="newer OneVisit"):
        bootstrap(replace(kiosk_config, database=postgres_url))
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == 999
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_session_wipe_is_audited_without_personal_data(services):
    session = services.sessions.start("checkin")
    session.patient_id = "DEMO-001"
    session.scratch["id_number"] = "330102195001011236"
    assert services.sessions.wipe("idle_timeout")
    assert services.sessions.current is None
    assert session.patient_id is None and session.scratch == {}
    entry = services.audit.entries(limit=1, action="session.ended")[0]
    assert entry.detail == {"journey": "checkin", "reason": "idle_timeout"}
    assert "DEMO-001" not in str(entry.detail)
    assert services.sessions.wipe("again") is False


def test_starting_a_new_journey_wipes_the_previous_patient(services):
    first = services.sessions.start("pay")
    first.patient_id = "DEMO-002"
    second = services.sessions.start("wheelchair")
    assert services.sessions.current is second and second.patient_id is None
    assert first.patient_id is None
    assert services.audit.entries(limit=1, action="session.ended")[0].detail["reason"] == "replaced"


def test_call_for_help_is_audited(services):
    services.request_help("home")
    entry = services.audit.entries(limit=1, action="help.requested")[0]
    assert entry.detail == {"kiosk": services.config.kiosk_id, "screen": "home"}


def test_voice_guide_speaks_in_the_patients_language_and_repeats(services):
    speaker = services.devices.device("speaker")
    services.voice.say("请看摄像头", "zh_CN")
    services.voice.say("Please look at the camera", "en")
    services.voice.repeat()
    assert [(u.text, u.language) for u in speaker.utterances[-3:]] == [
        ("请看摄像头", "zh"),
        ("Please look at the camera", "en"),
        ("Please look at the camera", "en"),
    ]
    assert speaker.utterances[-3].interrupted


def test_layers_contract_keeps_qt_out_of_kiosk_and_devices():
    """import-linter: ui → kiosk → devices, and no PySide6 below the UI."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout

