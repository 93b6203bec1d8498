"""Storage, migrations, money and clock: real SQLite files in tmp_path, no mocks."""
from __future__ import annotations

import os
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlite_utils

from kiosk.clock import HOSPITAL_ZONE, FixedClock, from_utc_text, local_today, to_local, to_utc_text, utc_now
from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, migrate
from kiosk.money import format_yuan, parse_yuan
from kiosk.storage import StorageError, open_database, write_transaction

HIS_AND_KIOSK_TABLES = {
    "audit_log", "kiosk_state", "device_events", "departments", "doctors", "patients", "appointments",
    "charges", "demo_seed_days",
}


def _user_version(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


# --- opening and migrating -------------------------------------------------------------------------


def test_fresh_file_gets_current_schema_and_safe_pragmas(tmp_path):
    path = tmp_path / "nested" / "folder" / "kiosk.db"
    db = open_database(path)
    assert path.exists()
    assert HIS_AND_KIOSK_TABLES <= set(db.table_names())
    assert db.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    db.close()


def test_reopening_a_current_file_changes_nothing(tmp_path):
    path = tmp_path / "kiosk.db"
    db = open_database(path)
    db["kiosk_state"].insert({"kiosk_id": "K1", "key": "k", "value": "v", "updated_utc": to_utc_text(utc_now())})
    db.close()
    again = open_database(path)
    assert again["kiosk_state"].get(("K1", "k"))["value"] == "v"
    assert again.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION


def test_memory_database_for_tests():
    db = open_database(":memory:")
    assert "audit_log" in db.table_names()
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_upgrade_from_version_1_keeps_data(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    assert migrate(old, up_to=1) == 1
    old["departments"].insert({"code": "CARD", "name_zh": "心内科", "name_en": "Cardiology", "floor": 2,
                               "room": "215", "is_clinic": 1})
    old["patients"].insert({"id": "P1", "name": "张三", "id_number": "330102195001011236", "phone": "13800000009",
                            "birth_date": "1950-01-01", "sex": "M", "insurance_type": "employee",
                            "credit_score": 700})
    assert "overdue_debt_fen" not in old["patients"].columns_dict
    old.close()
    assert _user_version(path) == 1

    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION
    patient = db["patients"].get("P1")
    assert patient["name"] == "张三" and patient["overdue_debt_fen"] == 0
    assert db["departments"].get("CARD")["name_en"] == "Cardiology"
    index_names = {index.name for index in db["appointments"].indexes}
    assert "appointments_by_patient_day" in index_names


def test_failed_migration_leaves_previous_version(tmp_path):
    path = tmp_path / "half.db"
    db = sqlite_utils.Database(path)
    migrate(db, up_to=1)
    db.execute("CREATE INDEX appointments_by_patient_day ON appointments(day)")  # makes v2's index clash
    with pytest.raises(sqlite3.OperationalError):
        migrate(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "overdue_debt_fen" not in db["patients"].columns_dict  # v2's ALTER was rolled back too


def test_newer_schema_is_refused_without_touching_the_file(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE something_new (x)")
        conn.execute(f"PRAGMA user_version = {CURRENT_SCHEMA_VERSION + 3}")
    conn.close()
    before_bytes, before_mtime = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(StorageError) as raised:
        open_database(path)
    message = str(raised.value)
    assert str(path) in message
    assert f"newer OneVisit (schema {CURRENT_SCHEMA_VERSION + 3}, this program knows {CURRENT_SCHEMA_VERSION})" in message
    assert "nothing was changed" in message
    assert path.read_bytes() == before_bytes
    assert path.stat().st_mtime_ns == before_mtime
    assert not (tmp_path / "future.db-wal").exists()


def test_locked_database_is_explained(tmp_path):
    path = tmp_path / "kiosk.db"
    open_database(path).close()
    other_program = sqlite3.connect(path, isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")
    other_program.execute("INSERT INTO kiosk_state VALUES ('K1', 'held', 'by another program', 'now')")
    try:
        with pytest.raises(StorageError) as raised:
            open_database(path, lock_probe_seconds=0.2)
        assert "locked by another program" in str(raised.value)
        assert str(path) in str(raised.value)
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
    open_database(path).close()  # usable again once the other program lets go


def test_garbage_file_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a shopping list, not SQLite\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StorageError) as raised:
        open_database(path)
    assert "not a OneVisit database or it is damaged" in str(raised.value)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before


def test_damaged_header_is_refused(tmp_path):
    path = tmp_path / "kiosk.db"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[0:16] = b"X" * 16  # wreck the SQLite magic string
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="damaged"):
        open_database(path)


def test_unusable_folder_is_explained(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StorageError) as raised:
        open_database(blocker / "kiosk.db")
    assert "data" in str(raised.value) and "config" in str(raised.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_explained(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="write access"):
            open_database(folder / "kiosk.db")
    finally:
        folder.chmod(0o700)


def test_write_transaction_rolls_back_on_error(tmp_path):
    db = open_database(tmp_path / "kiosk.db")
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            db["kiosk_state"].insert({"kiosk_id": "K1", "key": "a", "value": "1", "updated_utc": "x"})
            raise RuntimeError("boom")
    assert db["kiosk_state"].count == 0
    with write_transaction(db):
        db["kiosk_state"].insert({"kiosk_id": "K1", "key": "a", "value": "1", "updated_utc": "x"})
        with write_transaction(db):  # nested: a savepoint
            db["kiosk_state"].insert({"kiosk_id": "K1", "key": "b", "value": "2", "updated_utc": "x"})
    assert db["kiosk_state"].count == 2


def test_foreign_keys_are_enforced(tmp_path):
    db = open_database(tmp_path / "kiosk.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO doctors VALUES ('X-1', '某', 'NOPE', '医师', 'Doctor', 100)")


# --- money -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1250, "12.50 元"), (0, "0.00 元"), (1, "0.01 元"), (100, "1.00 元"), (-5, "-0.05 元"),
     (-1250, "-12.50 元"), (123456789, "1234567.89 元")],
)
def test_format_yuan(fen, text):
    assert format_yuan(fen) == text
    assert "¥" not in format_yuan(fen)


@pytest.mark.parametrize("bad", [12.5, True, "1250", None])
def test_format_yuan_refuses_non_integers(bad):
    with pytest.raises(TypeError):
        format_yuan(bad)


@pytest.mark.parametrize(
    ("text", "fen"),
    [("12.5", 1250), ("12.50", 1250), ("12.500", 1250), ("0.1", 10), ("0.01", 1), (".5", 50), ("7", 700),
     ("7.", 700), (" 12.50 元 ", 1250), ("12.50元", 1250), ("-3.20", -320), ("+1", 100),
     ("99999999.99", 9999999999)],
)
def test_parse_yuan_is_exact(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["0.005", "12.505", "1.001", "", "元", "abc", "1e2", "NaN", "Infinity",
                                  "1,000.00", "¥12", "12..5", "--1", "0x10"])
def test_parse_yuan_refuses(text):
    with pytest.raises(ValueError):
        parse_yuan(text)


def test_money_round_trip():
    for fen in (0, 1, 9, 10, 99, 100, 101, 1250, 100000, -1, -101):
        assert parse_yuan(format_yuan(fen)) == fen


# --- clock -----------------------------------------------------------------------------------------


@pytest.fixture
def machine_in_new_york(monkeypatch):
    """Pretend the kiosk's OS is set to another zone; the hospital's time must not change."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_to_local_ignores_machine_time_zone(machine_in_new_york):
    assert time.strftime("%Z") in ("EST", "EDT")
    instant = datetime(2026, 11, 21, 17, 30, tzinfo=timezone.utc)
    local = to_local(instant)
    assert local.tzinfo == HOSPITAL_ZONE
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2026, 11, 22, 1, 30)
    assert local.utcoffset() == timedelta(hours=8)
    assert local_today(FixedClock(instant)) == date(2026, 11, 22)


def test_local_today_at_midnight_boundaries():
    assert FixedClock(datetime(2026, 11, 21, 15, 59, 59, tzinfo=timezone.utc)).today() == date(2026, 11, 21)
    assert FixedClock(datetime(2026, 11, 21, 16, 0, 0, tzinfo=timezone.utc)).today() == date(2026, 11, 22)


def test_utc_text_round_trip_and_ordering():
    clock = FixedClock.at_local(2026, 11, 22, 9, 5)
    text = to_utc_text(clock.now())
    assert text == "2026-11-22T01:05:00.000000+00:00"
    assert from_utc_text(text) == clock.now()
    later = to_utc_text(clock.advance(timedelta(microseconds=1)))
    assert later > text
    assert to_utc_text(datetime(2026, 11, 22, 9, 5, tzinfo=HOSPITAL_ZONE)) == text


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        to_local(datetime(2026, 11, 22, 9, 0))
    with pytest.raises(ValueError):
        to_utc_text(datetime(2026, 11, 22, 9, 0))
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 11, 22, 9, 0))


def test_utc_now_is_aware():
    now = utc_now()
    assert now.utcoffset() == timedelta(0)
    assert abs((now - datetime.now(timezone.utc)).total_seconds()) < 5
