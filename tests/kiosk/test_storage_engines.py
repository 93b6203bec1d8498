"""The storage seam: one dialect on SQLite and PostgreSQL, the schema history on both, kiosk ids on old files.

The PostgreSQL tests use the run's throwaway cluster (``postgres_url``) whatever ONEVISIT_TEST_ENGINE
says; they skip, with the reason, only where PostgreSQL is not installed.
"""
from __future__ import annotations

import threading

import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.storage import StorageError, lock, open_database, write_transaction
from kiosk.storage.database import to_pyformat
from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, migrate, schema_version


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    target = tmp_path / "kiosk.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    db = open_database(target, kiosk_id="K1")
    yield db
    db.close()


def test_placeholders_become_psycopg_ones_outside_quotes_only():
    assert to_pyformat("SELECT ? WHERE a LIKE 'x?%' AND b = ?") == "SELECT %s WHERE a LIKE 'x?%%' AND b = %s"


def test_both_engines_are_migrated_to_the_same_schema(any_db):
    assert schema_version(any_db) == CURRENT_SCHEMA_VERSION
    tables = {"kiosk_state", "audit_log", "queue_counters", "job_leases", "change_counters", "payment_intents"}
    if any_db.engine == "postgresql":
        found = {row[0] for row in any_db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    else:
        found = {row[0] for row in any_db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables <= found


def test_parameters_behave_as_on_sqlite(any_db):
    """Text against an integer column and back, bools as 0/1, integer sums as int, NULLs as None."""
    with write_transaction(any_db) as db:
        db.execute("INSERT INTO change_counters (name, version) VALUES (?, ?)", ("a", True))
        db.execute("INSERT INTO change_counters (name, version) VALUES (?, ?)", ("b", 41))
    assert any_db.execute("SELECT version FROM change_counters WHERE name = ?", ("a",)).fetchone() == (1,)
    assert any_db.execute("SELECT sum(version) FROM change_counters").fetchone()[0] == 42
    assert isinstance(any_db.execute("SELECT sum(version) FROM change_counters").fetchone()[0], int)
    assert any_db.execute("SELECT name FROM change_counters WHERE version = ?", ("41",)).fetchone() == ("b",)
    assert any_db.execute("SELECT max(version) FROM change_counters WHERE name = ?", ("none",)).fetchone() == (None,)


def test_a_failed_write_transaction_leaves_nothing_and_a_savepoint_rolls_back_alone(any_db):
    with pytest.raises(RuntimeError), write_transaction(any_db) as db:
        db.execute("INSERT INTO change_counters (name, version) VALUES ('gone', 1)")
        raise RuntimeError("a payment gateway timed out")
    with write_transaction(any_db) as db:
        db.execute("INSERT INTO change_counters (name, version) VALUES ('kept', 1)")
        with pytest.raises(RuntimeError), write_transaction(db) as inner:
            inner.execute("INSERT INTO change_counters (name, version) VALUES ('inner', 1)")
            raise RuntimeError("inner step failed")
    names = {row[0] for row in any_db.execute("SELECT name FROM change_counters")}
    assert names == {"kept"}


def test_the_counter_upsert_hands_out_distinct_numbers_across_connections(postgres_url):
    """The statement queue numbers use, from 8 connections at once: no duplicate, no error."""
    dbs = [open_database(postgres_url, kiosk_id=f"K{n}") for n in range(8)]
    got: list[int] = []
    errors: list[Exception] = []

    def take(db):
        try:
            for _ in range(25):
                with write_transaction(db) as tx:
                    got.append(tx.execute(
                        "INSERT INTO queue_counters (department_code, day, last_sequence) VALUES (?, ?, 1) "
                        "ON CONFLICT (department_code, day) DO UPDATE SET last_sequence = queue_counters.last_sequence + 1 "
                        "RETURNING last_sequence", ("IM", "2026-12-06")).fetchone()[0])
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=take, args=(db,)) for db in dbs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for db in dbs:
        db.close()
    assert errors == []
    assert sorted(got) == list(range(1, 201))


def test_lock_makes_a_read_then_write_safe_across_connections(postgres_url):
    """Two kiosks adding 1 to a value they read: with ``lock`` none of the 100 increments is lost."""
    dbs = [open_database(postgres_url, kiosk_id=f"K{n}") for n in range(2)]
    dbs[0].execute("INSERT INTO change_counters (name, version) VALUES ('n', 0)")

    def add(db):
        for _ in range(50):
            with write_transaction(db) as tx:
                lock(tx, "counter:n")
                value = tx.execute("SELECT version FROM change_counters WHERE name = 'n'").fetchone()[0]
                tx.execute("UPDATE change_counters SET version = ? WHERE name = 'n'", (value + 1,))

    threads = [threading.Thread(target=add, args=(db,)) for db in dbs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert dbs[0].execute("SELECT version FROM change_counters WHERE name = 'n'").fetchone() == (100,)
    for db in dbs:
        db.close()


def test_the_server_lets_go_of_a_kiosk_that_went_silent_in_a_transaction(postgres_url, monkeypatch):
    """A kiosk that lost its network or power mid-transaction holds that bill's or chair's lock until the
    server notices: its keepalives are the server's, not the kernel's 2 hours, and a transaction left
    open is ended (60 s; 1 s here) so the next kiosk gets the lock."""
    from kiosk.storage import DatabaseUnavailable, postgres

    monkeypatch.setitem(postgres.SESSION_SETTINGS, "idle_in_transaction_session_timeout", "1s")
    silent, waiting = (open_database(postgres_url, kiosk_id=kiosk) for kiosk in ("EAST", "WEST"))
    assert [silent.execute(f"SHOW {name}").fetchone()[0] for name in
            ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count", "lock_timeout", "TimeZone")] \
        == ["10", "5", "3", "10s", "UTC"]
    transaction = write_transaction(silent)
    lock(transaction.__enter__(), "bill:B-1")  # and then nothing more comes from that kiosk
    with write_transaction(waiting) as tx:
        lock(tx, "bill:B-1")  # waits for the server to end the silent kiosk's transaction (lock_timeout 10 s)
    with pytest.raises(DatabaseUnavailable) as ended:
        transaction.__exit__(None, None, None)  # the silent kiosk learns its transaction was ended
    assert not ended.value.outcome_unknown and "nothing of this step was saved" in str(ended.value)
    assert silent.execute("SELECT 1").fetchone() == (1,)  # and connects again for its next step
    for db in (silent, waiting):
        db.close()


def test_kiosks_starting_together_on_a_new_database_migrate_it_once(postgres_cluster):
    url = postgres_cluster.create_database()
    opened: list = []
    errors: list[Exception] = []

    def start(n):
        try:
            opened.append(open_database(url, kiosk_id=f"K{n}"))
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=start, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {schema_version(db) for db in opened} == {CURRENT_SCHEMA_VERSION}
    for db in opened:
        db.close()


def test_an_unreachable_server_is_explained_in_plain_words():
    with pytest.raises(StorageError) as raised:
        open_database("postgresql://kiosk@127.0.0.1:9/onevisit")
    assert "cannot be reached" in str(raised.value)
    assert "Traceback" not in str(raised.value)


def test_a_missing_database_names_the_fix(postgres_cluster):
    with pytest.raises(StorageError) as raised:
        open_database(postgres_cluster.url("no_such_db"))
    assert "does not exist" in str(raised.value) and "createdb" in str(raised.value)


def test_an_old_kiosk_file_upgrades_in_place_and_its_rows_become_the_kiosks(tmp_path):
    """A schema-13 file (before kiosk ids): its state and its audit chain belong to the kiosk that opens it."""
    import sqlite_utils

    path = tmp_path / "kiosk.db"
    old = sqlite_utils.Database(path)
    migrate(old, up_to=13)
    clock = FixedClock.at_local(2026, 12, 1, 9, 0)
    # what the old kiosk wrote: its volume and an audit row, neither with a kiosk id
    old.execute("INSERT INTO kiosk_state (key, value, updated_utc) VALUES ('speech.volume', '{\"volume\": 60}', 'x')")
    from kiosk.audit import GENESIS_HASH, canonical_json, chain_hash

    row_hash = chain_hash(GENESIS_HASH, "2026-12-01T01:00:00Z", "staff:1001", "kiosk.out_of_service", {})
    old.execute("INSERT INTO audit_log (at_utc, actor, action, detail_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
                ("2026-12-01T01:00:00Z", "staff:1001", "kiosk.out_of_service", canonical_json({}), GENESIS_HASH, row_hash))
    old.conn.commit()
    old.close()

    db = open_database(path, kiosk_id="EAST-1")
    assert db.execute("SELECT kiosk_id, key FROM kiosk_state").fetchall() == [("EAST-1", "speech.volume")]
    audit = AuditLog(db, clock, "EAST-1")
    assert audit.head_hash() == row_hash
    audit.record("kiosk", "kiosk.back_in_service", {})
    report = audit.verify()
    assert report.ok, report.message
    assert report.checked == 2
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit_log")
    db.close()
