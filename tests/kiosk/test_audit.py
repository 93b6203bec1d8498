"""The audit log's hash chains, their append-only triggers and the export, on SQLite and PostgreSQL.

Tampering goes around the triggers the way someone with the database's owner account could: on
SQLite by dropping them, on PostgreSQL by ``ALTER TABLE … DISABLE TRIGGER USER`` (the test cluster's
user is a superuser)."""
from __future__ import annotations

import csv
import threading
from datetime import timedelta

import pytest

from kiosk.audit import GENESIS_HASH, AuditLog, chain_hash
from kiosk.clock import FixedClock
from kiosk.storage import DATABASE_ERRORS, INTEGRITY_ERRORS, engine_of, open_database
from tests.conftest import TEST_ENGINE
from tests.tamper import tamper_audit_log


def _record_five(audit, clock):
    for number in range(1, 6):
        audit.record("staff:0042", "refund" if number % 2 else "device.selftest", {"n": number, "note": "退款"})
        clock.advance(timedelta(minutes=1))


def test_record_links_each_row_to_the_previous(audit, clock):
    first = audit.record("kiosk", "startup", {"version": "0.1.0"})
    second = audit.record("staff:0042", "refund", {"charge_id": "C20261122-0001", "amount_fen": 2500})
    assert first.id == 1 and second.id == 2
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert second.hash == chain_hash(first.hash, "2026-11-22T00:00:00.000000+00:00", "staff:0042", "refund",
                                     {"amount_fen": 2500, "charge_id": "C20261122-0001"})
    assert first.at_utc == clock.now()
    report = audit.verify()
    assert (report.ok, report.checked, report.first_broken_id) == (True, 2, None)


def test_empty_log_verifies(audit):
    assert audit.verify().ok
    assert audit.head_hash() == GENESIS_HASH


def test_database_refuses_update_and_delete(audit, db):
    audit.record("kiosk", "startup", {})
    with pytest.raises(DATABASE_ERRORS, match="append-only"):
        db.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 1")
    with pytest.raises(DATABASE_ERRORS, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE id = 1")
    assert audit.verify().ok


def test_changed_detail_is_detected_at_that_row(audit, clock, db):
    _record_five(audit, clock)
    tamper_audit_log(db, """UPDATE audit_log SET detail_json = '{"n":3,"note":"nothing happened"}' WHERE id = 3""")
    report = audit.verify()
    assert not report.ok
    assert report.first_broken_id == 3
    assert report.checked == 3
    assert "changed" in report.reason


def test_rewritten_hash_is_detected_at_the_next_row(audit, clock, db):
    _record_five(audit, clock)
    row = db.execute("SELECT prev_hash, at_utc, actor, action FROM audit_log WHERE id = 2").fetchone()
    forged = chain_hash(row[0], row[1], row[2], row[3], {"n": 2, "note": "forged"})
    tamper_audit_log(db, "UPDATE audit_log SET detail_json = ?, hash = ? WHERE id = 2", ('{"n":2,"note":"forged"}', forged))
    report = audit.verify()
    assert (report.ok, report.first_broken_id) == (False, 3)
    assert "does not follow row 2" in report.reason and "rewritten" in report.reason


def test_deleted_middle_row_is_detected(audit, clock, db):
    _record_five(audit, clock)
    tamper_audit_log(db, "DELETE FROM audit_log WHERE id = 3")
    report = audit.verify()
    assert not report.ok
    assert report.first_broken_id == 4
    if engine_of(db) == "sqlite":  # ids without gaps name the removed row
        assert "3" in report.reason and "removed" in report.reason
    else:  # identity ids may skip, so the broken link names it, and what may have happened
        assert "does not follow row 2" in report.reason and "removed" in report.reason


def test_deleted_last_rows_are_detected(audit, clock, db):
    _record_five(audit, clock)
    tamper_audit_log(db, "DELETE FROM audit_log WHERE id >= 4")
    report = audit.verify()
    assert not report.ok
    assert report.first_broken_id == (4 if engine_of(db) == "sqlite" else 3)
    assert "removed" in report.reason


def test_deleted_newest_rows_are_detected_by_the_row_count_alone(audit, clock, db):
    """The same removal with the ids' own evidence gone too (SQLite's sequence reset): the count finds it."""
    _record_five(audit, clock)
    tamper_audit_log(db, "DELETE FROM audit_log WHERE id >= 4")
    if engine_of(db) == "sqlite":
        db.execute("UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_log'")
    report = audit.verify()
    assert not report.ok
    assert "newest 2 of 5 rows were removed" in report.reason


def test_forked_chain_is_refused_by_the_database(audit, db):
    first = audit.record("kiosk", "startup", {})
    audit.record("kiosk", "a", {})
    with pytest.raises(INTEGRITY_ERRORS):
        db.execute("INSERT INTO audit_log (kiosk_id, at_utc, actor, action, detail_json, prev_hash, hash) "
                   "VALUES ('', 't', 'x', 'y', '{}', ?, 'f' )", (first.hash,))


def test_concurrent_threads_keep_one_chain(audit):
    errors = []

    def worker(number):
        try:
            for step in range(25):
                audit.record(f"thread:{number}", "tick", {"step": step})
        except Exception as error:  # collected so the test names the failure
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = audit.verify()
    assert (report.ok, report.checked) == (True, 200)


def test_two_kiosks_keep_one_chain_each_and_tampering_one_is_found(db_path, clock):
    east, west = (AuditLog(open_database(db_path, kiosk_id=kiosk), clock, kiosk) for kiosk in ("EAST-1", "WEST-1"))
    for step in range(4):  # interleaved rows: ids alternate between the kiosks
        east.record("kiosk", "tick", {"step": step})
        clock.advance(timedelta(seconds=1))  # UNIQUE(hash) spans kiosks: same first row, same instant would clash
        west.record("kiosk", "tick", {"step": step})
    east_rows, west_rows = east.entries(kiosk_id="EAST-1"), west.entries(kiosk_id="WEST-1")
    assert east_rows[0].prev_hash == east_rows[1].hash  # each row links to its own kiosk's previous one
    assert {entry.id for entry in east_rows}.isdisjoint(entry.id for entry in west_rows)
    assert east_rows[-1].prev_hash == west_rows[-1].prev_hash == GENESIS_HASH
    assert len(east.entries()) == 8  # without a kiosk: every kiosk's rows
    assert east.head_hash() != west.head_hash()
    assert (east.verify().ok, west.verify().checked) == (True, 8)
    with pytest.raises(INTEGRITY_ERRORS):  # a kiosk's chain cannot fork
        east._db.execute("INSERT INTO audit_log (kiosk_id, at_utc, actor, action, detail_json, prev_hash, hash) "
                         "VALUES ('EAST-1', 't', 'x', 'y', '{}', ?, 'f')", (east_rows[1].hash,))

    victim = west_rows[2].id  # a middle row of the west chain
    tamper_audit_log(west._db, """UPDATE audit_log SET detail_json = '{"step":1,"x":1}' WHERE id = ?""", (victim,))
    report = east.verify()  # any kiosk's check walks every chain
    assert (report.ok, report.first_broken_id) == (False, victim)
    assert "changed" in report.reason
    for log in (east, west):
        log._db.close()


@pytest.mark.skipif(TEST_ENGINE != "sqlite", reason="two connections to one SQLite file (PostgreSQL: the kiosks test)")
def test_two_connections_to_one_file_keep_one_chain(tmp_path, clock):
    path = tmp_path / "shared.db"
    logs = [AuditLog(open_database(path), clock) for _ in range(2)]
    errors = []

    def worker(log, name):
        try:
            for step in range(30):
                log.record(name, "tick", {"step": step})
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(log, f"kiosk-{i}")) for i, log in enumerate(logs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert logs[0].verify().ok and logs[1].verify().checked == 60


def test_entries_filters_newest_first(audit, clock):
    _record_five(audit, clock)
    everything = audit.entries()
    assert [entry.id for entry in everything] == [5, 4, 3, 2, 1]
    assert [entry.id for entry in audit.entries(limit=2)] == [5, 4]
    assert [entry.id for entry in audit.entries(action="refund")] == [5, 3, 1]
    assert audit.entries(actor="nobody") == []
    since = FixedClock.at_local(2026, 11, 22, 8, 3).now()
    assert [entry.id for entry in audit.entries(since=since)] == [5, 4]
    assert everything[0].detail == {"n": 5, "note": "退款"}


def test_detail_must_be_json(audit):
    with pytest.raises(TypeError):
        audit.record("kiosk", "x", {"when": object()})
    with pytest.raises(ValueError):
        audit.record("kiosk", "x", {"amount": float("nan")})
    with pytest.raises(ValueError):
        audit.record("", "x", {})
    assert audit.verify().checked == 0


def test_export_csv(audit, clock, tmp_path):
    _record_five(audit, clock)
    target = tmp_path / "export" / "audit.csv"
    target.parent.mkdir()
    assert audit.export_csv(target) == 5
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["at_local"] == "2026-11-22T08:00:00+08:00"
    assert rows[0]["at_utc"] == "2026-11-22T00:00:00.000000+00:00"
    assert rows[-1]["hash"] == audit.head_hash()
    assert "退款" in rows[0]["detail_json"]
    assert not list(tmp_path.glob("export/*.partial"))
