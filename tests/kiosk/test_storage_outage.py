"""The hospital's PostgreSQL going away under a kiosk: plain errors, reconnection, and the local outbox.

Real PostgreSQL (the suite's throwaway cluster) behind a TCP relay that cuts the line the ways a
network or a restart does (tests/tcp_cut_proxy.py); the outbox is a real SQLite file in tmp_path.
"""
from __future__ import annotations

import psycopg
import pytest

from devices.base import Health
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.device_board import DeviceBoard, DeviceSlot
from kiosk.storage import DatabaseUnavailable, open_database, write_transaction
from kiosk.storage.outbox import Outbox, check_storage


@pytest.fixture
def db(proxy, postgres_url):
    opened = open_database(proxy.url(postgres_url.rsplit("/", 1)[1]), kiosk_id="K1")
    opened.retry_after_s = 0.0  # the tests decide when the server is back
    yield opened
    opened.close()


@pytest.fixture
def outbox(tmp_path):
    box = Outbox(tmp_path / "outbox.db", Clock())
    yield box
    box.close()


def central(postgres_url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """What the database itself holds, read past the relay."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_lost_connection_is_said_in_plain_words_and_made_again_on_the_next_use(db, postgres_url):
    pid = db.execute("SELECT pg_backend_pid()").fetchone()[0]
    central(postgres_url, "SELECT pg_terminate_backend(%s)", (pid,))

    with pytest.raises(DatabaseUnavailable) as lost:
        db.execute("SELECT count(*) FROM audit_log").fetchone()
    assert str(lost.value).startswith("The hospital database stopped answering")
    assert "Traceback" not in str(lost.value) and "psycopg" not in str(lost.value)
    assert not db.available and "the kiosk keeps trying" in db.down_reason

    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] >= 0  # a new connection
    assert db.available and db.execute("SELECT pg_backend_pid()").fetchone()[0] != pid


def test_while_the_server_cannot_be_reached_every_use_fails_at_once_and_says_why(db, proxy):
    proxy.refuse = True
    proxy.cut()
    with pytest.raises(DatabaseUnavailable):
        db.execute("SELECT 1")
    with pytest.raises(DatabaseUnavailable) as unreachable:
        db.execute("SELECT 1")  # the reconnection itself fails
    assert "cannot be reached" in str(unreachable.value)
    assert not db.ping() and not db.available
    proxy.refuse = False
    assert db.ping() and db.available


def test_a_commit_whose_answer_is_lost_is_reported_as_unknown_and_never_repeated(db, proxy, postgres_url):
    proxy.cut_after = b"COMMIT"
    with pytest.raises(DatabaseUnavailable) as lost:
        with write_transaction(db):
            db.execute("INSERT INTO kiosk_state (kiosk_id, key, value, updated_utc) VALUES ('K1', 'probe', '1', 'now')")
    assert lost.value.outcome_unknown and proxy.answers_cut == 1
    assert "may or may not have been saved" in str(lost.value)
    # It was saved: the server got the COMMIT; only its answer was lost. Nothing was sent again.
    assert central(postgres_url, "SELECT value FROM kiosk_state WHERE kiosk_id = 'K1' AND key = 'probe'") == [("1",)]


def test_a_statement_that_breaks_inside_a_transaction_saved_nothing(db, proxy, postgres_url):
    with pytest.raises(DatabaseUnavailable) as lost:
        with write_transaction(db):
            db.execute("INSERT INTO kiosk_state (kiosk_id, key, value, updated_utc) VALUES ('K1', 'half', '1', 'now')")
            proxy.cut()
            db.execute("INSERT INTO kiosk_state (kiosk_id, key, value, updated_utc) VALUES ('K1', 'other', '1', 'now')")
    assert not lost.value.outcome_unknown and "nothing of this step was saved" in str(lost.value)
    assert central(postgres_url, "SELECT key FROM kiosk_state WHERE kiosk_id = 'K1'") == []


def test_a_busy_database_is_not_a_database_that_went_away(db, postgres_url):
    db.execute("SET lock_timeout = '200ms'")
    with psycopg.connect(postgres_url) as holder:
        holder.execute("LOCK TABLE kiosk_state IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(DatabaseUnavailable) as busy:
            db.execute("SELECT count(*) FROM kiosk_state").fetchone()
    assert "busy" in str(busy.value) and not busy.value.outcome_unknown
    assert db.available


def test_audit_rows_written_while_the_database_is_away_arrive_once_and_in_order(db, proxy, outbox, postgres_url):
    audit = AuditLog(db, Clock(), "K1", outbox)
    audit.record("kiosk", "kiosk.started", {"kiosk": "K1"})

    proxy.cut_after = b"COMMIT"  # this row's COMMIT reaches the server, its answer does not
    lost = audit.record("patient", "help.requested", {"kiosk": "K1", "screen": "home"})
    proxy.refuse = True
    later = [audit.record("kiosk", "session.ended", {"journey": "pay", "reason": f"r{n}"}) for n in range(3)]
    assert lost.queued and all(entry.queued for entry in later)
    assert outbox.state().waiting == 4
    assert len(central(postgres_url, "SELECT id FROM audit_log WHERE action = 'help.requested'")) == 1  # saved after all

    report = outbox.forward(db)  # still away: nothing moves, the reason is kept
    assert report.forwarded == 0 and report.waiting == 4 and "cannot be reached" in outbox.state().last_error

    proxy.refuse = False
    status = check_storage(db, outbox)
    assert status.available and status.outbox.waiting == 0 and outbox.forwarded_total == 4
    rows = central(postgres_url, "SELECT action, detail_json FROM audit_log WHERE kiosk_id = 'K1' ORDER BY id")
    assert [action for action, _ in rows] == ["kiosk.started", "help.requested"] + ["session.ended"] * 3
    assert [detail for _, detail in rows[2:]] == [f'{{"journey":"pay","reason":"r{n}"}}' for n in range(3)]
    assert audit.verify().ok

    after = audit.record("kiosk", "session.ended", {"journey": "checkin", "reason": "finished"})
    assert not after.queued and after.id > 0 and audit.verify().ok


def test_new_audit_rows_queue_behind_older_ones_until_those_are_forwarded(db, proxy, outbox, postgres_url):
    audit = AuditLog(db, Clock(), "K1", outbox)
    proxy.refuse = True
    proxy.cut()
    assert audit.record("patient", "help.requested", {"kiosk": "K1", "screen": "pay"}).queued
    proxy.refuse = False
    entry = audit.record("kiosk", "session.ended", {"journey": "help", "reason": "finished"})
    assert entry.queued  # the database answers, but an older row waits: this one goes behind it
    assert central(postgres_url, "SELECT count(*) FROM audit_log") == [(0,)]
    assert check_storage(db, outbox).outbox.waiting == 0
    assert [a for a, in central(postgres_url, "SELECT action FROM audit_log ORDER BY id")] == \
        ["help.requested", "session.ended"]
    assert not audit.record("kiosk", "kiosk.started", {"kiosk": "K1"}).queued  # nothing waits: straight in


def test_an_audit_row_inside_a_callers_transaction_is_never_queued(db, proxy, outbox, postgres_url):
    audit = AuditLog(db, Clock(), "K1", outbox)
    with pytest.raises(DatabaseUnavailable):
        with write_transaction(db):
            db.execute("INSERT INTO kiosk_state (kiosk_id, key, value, updated_utc) VALUES ('K1', 'x', '1', 'now')")
            proxy.cut()
            audit.record("staff:1001", "kiosk.out_of_service", {"on": True})
    assert outbox.state().waiting == 0  # it stands or falls with the transaction it was part of
    assert central(postgres_url, "SELECT count(*) FROM audit_log")[0][0] == 0


class _Device:
    simulated = True

    def __init__(self) -> None:
        self.state = Health.ok()

    def health(self) -> Health:
        return self.state

    def close(self) -> None:
        pass


def test_device_events_wait_in_the_outbox_and_arrive_once(db, proxy, outbox, postgres_url):
    device = _Device()
    board = DeviceBoard({"receipt_printer": DeviceSlot("receipt_printer", "sim:", device)}, db, Clock(), outbox=outbox)
    board.poll()
    proxy.refuse = True
    proxy.cut()
    device.state = Health.fault("paper out")
    board.poll()
    device.state = Health.ok()
    proxy.refuse = False
    proxy.cut_after = b"INSERT INTO device_events"  # saved, but the kiosk is not told: it queues it
    board.poll()
    assert outbox.state().waiting == 2
    assert outbox.forward(db).forwarded == 2
    assert proxy.answers_cut == 1
    rows = central(postgres_url, "SELECT state, detail FROM device_events ORDER BY id")
    assert rows == [("ok", ""), ("ok", ""), ("fault", "paper out")]  # the lost-answer 'ok' is not doubled
    in_time = central(postgres_url, "SELECT state FROM device_events ORDER BY at_utc")
    assert in_time == [("ok",), ("fault",), ("ok",)]


def test_a_row_the_database_refuses_is_set_aside_and_kept_while_the_rest_goes_on(db, outbox, postgres_url):
    audit = AuditLog(db, Clock(), "K1", outbox)
    outbox.put("audit", {"kiosk_id": "K1", "at_utc": "2026-12-05T10:00:00.000000+00:00", "actor": "patient",
                         "action": "help.requested"})  # no detail: written by a broken program
    outbox.put("audit", {"kiosk_id": "K1", "at_utc": "2026-12-05T10:00:01.000000+00:00", "actor": "patient",
                         "action": "help.requested", "detail": {"screen": "home"}})
    report = outbox.forward(db)
    assert report.forwarded == 1 and report.waiting == 0
    state = outbox.state()
    assert state.held == 1 and state.waiting == 0
    assert central(postgres_url, "SELECT count(*) FROM audit_log")[0][0] == 1
    assert audit.verify().ok


@pytest.fixture
def own_cluster(postgres_cluster):
    """A cluster of this test's own, so stopping its server disturbs no other test."""
    from tests.postgres_cluster import PostgresCluster

    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


def test_the_server_stopped_mid_journey_then_started_again(own_cluster, outbox, tmp_path):
    url = own_cluster.create_database("kiosks")
    db = open_database(url, kiosk_id="K1")
    db.retry_after_s = 0.0
    audit = AuditLog(db, Clock(), "K1", outbox)
    audit.record("kiosk", "kiosk.started", {"kiosk": "K1"})

    own_cluster.stop_server()  # the server goes down while a patient is at the kiosk
    help_call = audit.record("patient", "help.requested", {"kiosk": "K1", "screen": "wheelchair_price"})
    assert help_call.queued
    with pytest.raises(DatabaseUnavailable) as refused:  # a queue number needs the database: refused
        with write_transaction(db):
            db.execute("INSERT INTO queue_counters (department_code, day, last_sequence) VALUES ('NEI', '2026-12-06', 1) "
                       "ON CONFLICT (department_code, day) DO UPDATE SET last_sequence = queue_counters.last_sequence + 1")
    assert "cannot be reached" in str(refused.value) and not refused.value.outcome_unknown
    assert not check_storage(db, outbox).available

    own_cluster.start_server()
    status = check_storage(db, outbox)
    assert status.available and status.outbox.waiting == 0
    assert db.execute("SELECT action FROM audit_log ORDER BY id").fetchall() == [("kiosk.started",), ("help.requested",)]
    assert db.execute("SELECT count(*) FROM queue_counters").fetchone()[0] == 0  # nothing half-done
    assert audit.verify().ok
    db.close()
