"""Rental and return on a real database (SQLite file or PostgreSQL) with the simulated dock and a fixed clock."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from devices.registry import open_device
from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.storage import INTEGRITY_ERRORS, open_database
from tests.conftest import TEST_ENGINE
from kiosk.wheelchair.fleet import ChairState, Fleet, TransitionRefused
from kiosk.wheelchair.pricing import RentalMode, RentalTerms
from kiosk.wheelchair.records import Problem, Refusal, RentalRefused, RentalState
from kiosk.wheelchair.rentals import RentalService
from kiosk.wheelchair.store import open_rentals_of

DOCK_URL = "sim:?slots=6&chairs=WC-001,WC-002,WC-003"


class Kiosk:
    """One kiosk's view of the shared database: its own connection, clock, dock and rental service."""

    def __init__(self, path, clock, kiosk_id="LOBBY-1", dock_url=DOCK_URL, timeout_s=60):
        self.db = open_database(path, kiosk_id=kiosk_id)
        self.clock = clock
        self.audit = AuditLog(self.db, clock, kiosk_id)
        seed_demo_hospital(self.db, clock.today())
        self.his = DemoHospital(self.db, clock)
        self.dock = open_device("dock", dock_url) if dock_url else None
        self.fleet = Fleet(self.db, clock, self.audit)
        self.service = RentalService(self.db, clock, self.audit, self.fleet, self.his, RentalTerms(), kiosk_id, self.dock,
                                     pickup_timeout_s=timeout_s)
        self.service.register_docked_chairs()

    def charges(self, patient_id):
        return self.db.execute("SELECT id, item_class, amount_fen, status FROM charges WHERE patient_id = ? "
                               "AND item_class = 'wheelchair'", (patient_id,)).fetchall()

    def close(self):
        if self.dock is not None:
            self.dock.close()
        self.db.close()


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 22, 9, 0)


@pytest.fixture
def kiosk(database_target, clock):
    built = Kiosk(database_target, clock)
    yield built
    built.close()


def actions(kiosk):
    return [entry.action for entry in reversed(kiosk.audit.entries(limit=200))]


def test_rent_take_and_return_after_3h45_charges_6_yuan_to_the_visit_bill(kiosk, clock):
    patient = kiosk.his.patient("DEMO-001")
    rental = kiosk.service.rent("WC-001", patient, key="rent:s1:WC-001")
    assert rental.state is RentalState.AWAITING_PICKUP and rental.dock_slot == 1
    assert rental.deposit_fen == 0 and rental.deposit_state == "waived"
    assert kiosk.fleet.chair("WC-001").state is ChairState.RENTED
    assert kiosk.service.dock_commands(rental.id) == [("unlock", 1, "done")]
    assert kiosk.dock.take(1) == "WC-001"
    assert kiosk.service.check_pickup(rental.id).state is RentalState.ACTIVE

    clock.advance(timedelta(hours=3, minutes=45))
    outcome = kiosk.service.return_chair("WC-001")
    assert outcome.fee.total_fen == 600 and not outcome.already_returned
    assert outcome.rental.state is RentalState.RETURNED and outcome.rental.fee_fen == 600
    assert kiosk.charges("DEMO-001") == [(f"WC-{rental.id}", "wheelchair", 600, "unpaid")]
    assert kiosk.fleet.chair("WC-001").state is ChairState.AVAILABLE
    assert [c.description_en for c in kiosk.his.unpaid_charges("DEMO-001")][-1] == "Wheelchair rental WC-001 (3 h 45 min)"
    assert {"wheelchair.rented", "wheelchair.taken", "wheelchair.returned"} <= set(actions(kiosk))
    assert kiosk.audit.verify().ok


def test_a_chair_not_taken_in_time_is_relocked_and_nothing_is_charged(kiosk, clock):
    rental = kiosk.service.rent("WC-002", kiosk.his.patient("DEMO-001"), key="rent:s2")
    clock.advance(timedelta(seconds=30))
    assert kiosk.service.check_pickup(rental.id).state is RentalState.AWAITING_PICKUP
    clock.advance(timedelta(seconds=31))
    cancelled = kiosk.service.check_pickup(rental.id)
    assert cancelled.state is RentalState.CANCELLED and cancelled.fee_fen == 0 and cancelled.end_reason == "not_taken"
    assert kiosk.dock.slots()[1].locked and kiosk.dock.slots()[1].chair_id == "WC-002"
    assert [(e.action, e.slot) for e in kiosk.dock.events] == [("unlock", 2), ("lock", 2)]
    assert kiosk.fleet.chair("WC-002").state is ChairState.AVAILABLE
    assert kiosk.charges("DEMO-001") == []
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.return_chair("WC-002")
    assert refused.value.reason is Refusal.NOT_RENTED


def test_the_same_confirm_twice_rents_once(kiosk):
    patient = kiosk.his.patient("DEMO-002")
    first = kiosk.service.rent("WC-001", patient, key="rent:s3:WC-001")
    again = kiosk.service.rent("WC-001", patient, key="rent:s3:WC-001")
    assert again.id == first.id
    assert [e.action for e in kiosk.dock.events] == ["unlock"]
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-002", patient, key="rent:s4:WC-002")
    assert refused.value.reason is Refusal.ALREADY_RENTING


def test_two_kiosks_racing_for_one_chair_exactly_one_wins(database_target, clock):
    kiosks = [Kiosk(database_target, clock, kiosk_id=f"K{n}", dock_url=None) for n in range(2)]
    kiosks[0].fleet.register("WC-100")
    patients = [kiosks[0].his.patient("DEMO-001"), kiosks[0].his.patient("DEMO-002")]
    start = threading.Barrier(2)
    results: list[object] = [None, None]

    def attempt(index):
        start.wait()
        try:
            results[index] = kiosks[index].service.rent("WC-100", patients[index], key=f"rent:race:{index}")
        except RentalRefused as refused:
            results[index] = refused

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        winners = [r for r in results if not isinstance(r, RentalRefused)]
        losers = [r for r in results if isinstance(r, RentalRefused)]
        assert len(winners) == 1 and len(losers) == 1
        assert losers[0].reason is Refusal.CHAIR_RENTED
        assert kiosks[1].db.execute("SELECT count(*) FROM wheelchair_rentals WHERE chair_id = 'WC-100'").fetchone()[0] == 1
    finally:
        for kiosk in kiosks:
            kiosk.close()


def test_the_database_itself_refuses_a_second_open_rental_of_one_chair(kiosk):
    rental = kiosk.service.rent("WC-003", kiosk.his.patient("DEMO-001"), key="rent:s5")
    with pytest.raises(INTEGRITY_ERRORS):
        kiosk.db.execute(
            "INSERT INTO wheelchair_rentals (id, idempotency_key, chair_id, patient_id, kiosk_id, mode, state, "
            "terms_json, deposit_fen, deposit_state, started_utc) SELECT 'RX', 'other', chair_id, 'DEMO-002', "
            "kiosk_id, mode, 'active', terms_json, 0, 'waived', started_utc FROM wheelchair_rentals WHERE id = ?",
            (rental.id,))


def test_a_dock_that_does_not_unlock_cancels_the_rental_and_sends_the_chair_to_maintenance(kiosk):
    kiosk.dock.jam(1)
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:s6")
    assert refused.value.reason is Refusal.DOCK_DID_NOT_UNLOCK
    row = kiosk.db.execute("SELECT id, state, fee_fen, end_reason FROM wheelchair_rentals").fetchone()
    assert row[1:] == ("cancelled", 0, "dock_did_not_unlock")
    assert kiosk.service.dock_commands(row[0]) == [("unlock", 1, "failed"), ("lock", 1, "failed")]  # tried to lock again
    assert kiosk.fleet.chair("WC-001").state is ChairState.MAINTENANCE
    assert kiosk.charges("DEMO-001") == []
    assert kiosk.service.free_chair_in_dock() == "WC-002"  # the next renter gets a working slot


def test_refusals_for_unknown_rented_and_maintenance_chairs(kiosk):
    patient = kiosk.his.patient("DEMO-001")
    for chair_id, reason in (("WC-999", Refusal.UNKNOWN_CHAIR),):
        with pytest.raises(RentalRefused) as refused:
            kiosk.service.rent(chair_id, patient, key=f"rent:{chair_id}")
        assert refused.value.reason is reason
    kiosk.service.rent("WC-001", patient, key="rent:first")
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-002"), key="rent:second")
    assert refused.value.reason is Refusal.CHAIR_RENTED
    kiosk.fleet.move("WC-002", ChairState.MAINTENANCE, "staff", "squeaky wheel")
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-002", kiosk.his.patient("DEMO-002"), key="rent:third")
    assert refused.value.reason is Refusal.CHAIR_IN_MAINTENANCE


def test_returning_twice_charges_once(kiosk, clock):
    rental = kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:s7")
    kiosk.dock.take(1)
    clock.advance(timedelta(hours=5))
    first = kiosk.service.return_chair("WC-001")
    clock.advance(timedelta(minutes=2))
    second = kiosk.service.return_chair("WC-001")
    assert second.already_returned and second.rental.id == rental.id
    assert second.fee.total_fen == first.fee.total_fen == 900
    assert len(kiosk.charges("DEMO-001")) == 1


def test_a_free_return_posts_no_charge(kiosk, clock):
    kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:s8")
    kiosk.dock.take(1)
    clock.advance(timedelta(minutes=90))
    outcome = kiosk.service.return_chair("WC-001")
    assert outcome.fee.total_fen == 0 and outcome.charge_id is None
    assert kiosk.charges("DEMO-001") == []


def test_a_deposit_is_needed_without_good_credit_and_released_at_return(kiosk, clock):
    poor_credit = kiosk.his.patient("DEMO-004")
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-001", poor_credit, key="rent:s9")
    assert refused.value.reason is Refusal.DEPOSIT_NEEDED and refused.value.amount_fen == 19800
    assert kiosk.fleet.chair("WC-001").state is ChairState.AVAILABLE
    rental = kiosk.service.rent("WC-001", poor_credit, key="rent:s10", deposit_paid=True)
    assert (rental.deposit_fen, rental.deposit_state) == (19800, "held")
    kiosk.dock.take(1)
    outcome = kiosk.service.return_chair("WC-001")
    assert outcome.rental.deposit_state == "released"
    assert "wheelchair.deposit_released" in actions(kiosk)


def test_damage_reported_at_return_sends_the_chair_to_maintenance(kiosk):
    rental = kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:s11")
    kiosk.dock.take(1)
    outcome = kiosk.service.return_chair("WC-001", (Problem.WHEEL, Problem.BRAKE))
    assert outcome.to_maintenance
    assert kiosk.fleet.chair("WC-001").state is ChairState.MAINTENANCE
    assert kiosk.db.execute("SELECT problem FROM wheelchair_damage_reports WHERE rental_id = ? ORDER BY problem",
                            (rental.id,)).fetchall() == [("brake",), ("wheel",)]
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-002"), key="rent:s12")
    assert refused.value.reason is Refusal.CHAIR_IN_MAINTENANCE


def test_home_use_becomes_overdue_after_its_due_date_and_pays_every_day(kiosk, clock):
    rental = kiosk.service.rent("WC-002", kiosk.his.patient("DEMO-001"), key="rent:s13",
                                mode=RentalMode.HOME_USE, home_use_days=2)
    assert rental.due_at == rental.started_at + timedelta(days=2)
    kiosk.dock.take(2)
    kiosk.service.check_pickup(rental.id)
    assert kiosk.fleet.chair("WC-002").state is ChairState.HOME_USE
    clock.advance(timedelta(days=2, hours=1))
    assert kiosk.service.sweep_overdue() == ["WC-002"]
    assert kiosk.fleet.chair("WC-002").state is ChairState.OVERDUE
    outcome = kiosk.service.return_chair("WC-002")
    assert outcome.fee.total_fen == 3000  # 3 started days at 10.00 元
    assert kiosk.fleet.chair("WC-002").state is ChairState.AVAILABLE


def test_converting_to_home_use_keeps_the_hours_already_used(kiosk, clock):
    rental = kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:s14")
    kiosk.dock.take(1)
    kiosk.service.check_pickup(rental.id)
    clock.advance(timedelta(hours=4))
    converted = kiosk.service.convert_to_home_use(rental.id, days=1)
    assert converted.mode is RentalMode.HOME_USE and kiosk.fleet.chair("WC-001").state is ChairState.HOME_USE
    clock.advance(timedelta(hours=20))
    assert kiosk.service.return_chair("WC-001").fee.total_fen == 600 + 1000


def test_a_chair_pushed_into_a_dock_is_returned_by_the_sensor(kiosk, clock):
    rental = kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:s15")
    kiosk.dock.take(1)
    kiosk.service.check_pickup(rental.id)
    clock.advance(timedelta(hours=3))
    kiosk.dock.return_chair(5, "WC-001")
    outcomes = kiosk.service.detect_dock_returns()
    assert [(o.rental.id, o.fee.total_fen) for o in outcomes] == [(rental.id, 300)]
    assert kiosk.service.detect_dock_returns() == []


def test_after_a_crash_an_unlocked_chair_is_locked_again_and_the_rental_cancelled(database_target, clock):
    first = Kiosk(database_target, clock, dock_url="sim:?slots=2&chairs=WC-001&autolock=0")
    rental = first.service.rent("WC-001", first.his.patient("DEMO-001"), key="rent:s16")
    first.db.execute("UPDATE dock_commands SET state = 'pending'")  # as if the kiosk died mid-command
    dock = first.dock
    first.dock = None
    first.db.close()
    restarted = Kiosk(database_target, clock, dock_url=None)
    restarted.service.dock = dock
    try:
        assert restarted.service.recover_interrupted() == 1
        assert restarted.service.rental(rental.id).state is RentalState.CANCELLED
        assert dock.slots()[0].locked
        assert restarted.service.dock_commands(rental.id) == [("unlock", 1, "failed"), ("lock", 1, "done")]
    finally:
        dock.close()
        restarted.close()


def test_fleet_transitions_are_checked_and_audited(kiosk):
    kiosk.fleet.move("WC-003", ChairState.LOST, "staff:1001", "not seen since Monday")
    with pytest.raises(TransitionRefused, match="lost and cannot become rented"):
        kiosk.fleet.move("WC-003", ChairState.RENTED, "staff:1001")
    kiosk.fleet.move("WC-003", ChairState.AVAILABLE, "staff:1001", "found on floor 3")
    change = kiosk.audit.entries(action="wheelchair.state_changed", limit=1)[0]
    assert change.detail == {"chair": "WC-003", "from": "lost", "to": "available", "reason": "found on floor 3"}
    assert kiosk.fleet.counts()[ChairState.AVAILABLE] == 3


@pytest.mark.parametrize("mode, days", [(RentalMode.ON_SITE, 0), (RentalMode.HOME_USE, 3)])
def test_rent_and_return_answer_exactly_what_was_committed(database_target, clock, mode, days):
    """The fast path builds its answers without reading them back; they must equal the stored rows."""
    kiosk = Kiosk(database_target, clock, dock_url=None)
    try:
        kiosk.fleet.register("WC-009")
        rental = kiosk.service.rent("WC-009", kiosk.his.patient("DEMO-001"), key="rent:fast", mode=mode,
                                    home_use_days=days)
        assert rental == kiosk.service.rental(rental.id)
        assert kiosk.fleet.chair("WC-009").state is (ChairState.HOME_USE if days else ChairState.RENTED)
        clock.advance(timedelta(hours=5, minutes=10))
        outcome = kiosk.service.return_chair("WC-009")
        assert outcome.rental == kiosk.service.rental(rental.id)
        assert kiosk.fleet.chair("WC-009").state is ChairState.AVAILABLE
        assert kiosk.audit.verify().ok
    finally:
        kiosk.close()


@pytest.mark.skipif(TEST_ENGINE != "sqlite", reason="counts SQLite's BEGIN/COMMIT through its trace callback")
def test_a_rent_and_a_return_are_one_write_transaction_each_with_their_audit_rows_inside(tmp_path, clock):
    """One commit (one fsync with synchronous=FULL) per operation: what sets the pace on a real disk.
    A paid return also posts its fee to the hospital system first (here the demo's own commit)."""
    kiosk = Kiosk(tmp_path / "commits.db", clock, dock_url=None)
    statements: list[str] = []
    try:
        kiosk.fleet.register("WC-010")
        audit_rows = kiosk.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        kiosk.db.conn.set_trace_callback(statements.append)
        kiosk.service.rent("WC-010", kiosk.his.patient("DEMO-001"), key="rent:commits")
        commits_to_rent = [s for s in statements if s.strip().upper().startswith(("BEGIN", "COMMIT"))]
        statements.clear()
        clock.advance(timedelta(hours=3))
        kiosk.service.return_chair("WC-010")
        commits_to_return = [s for s in statements if s.strip().upper().startswith(("BEGIN", "COMMIT"))]
        kiosk.db.conn.set_trace_callback(None)
        assert commits_to_rent == ["BEGIN IMMEDIATE", "COMMIT"]
        assert commits_to_return == ["BEGIN IMMEDIATE", "COMMIT"] * 2  # the HIS's charge, then the return
        assert kiosk.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows + 2
    finally:
        kiosk.close()


def test_an_unlock_whose_reply_is_lost_locks_the_slot_again_and_a_second_tap_rents_nothing(kiosk):
    """Issue 18.2a/b: the slot opened but the reply never came; the chair must not leave without a rental."""
    kiosk.dock.inject(reply="lost")
    patient = kiosk.his.patient("DEMO-001")
    with pytest.raises(RentalRefused) as refused:
        kiosk.service.rent("WC-001", patient, key="rent:lost")
    assert refused.value.reason is Refusal.DOCK_DID_NOT_UNLOCK
    assert [(e.action, e.slot) for e in kiosk.dock.events] == [("unlock", 1), ("lock", 1)]
    assert kiosk.dock.slots()[0].locked
    with pytest.raises(Exception, match="locked"):
        kiosk.dock.take(1)
    kiosk.dock.inject(reply=None)
    with pytest.raises(RentalRefused) as again:  # "rent" tapped again: the same refusal, not the cancelled rental
        kiosk.service.rent("WC-001", patient, key="rent:lost")
    assert again.value.reason is Refusal.DOCK_DID_NOT_UNLOCK
    assert kiosk.db.execute("SELECT count(*) FROM wheelchair_rentals").fetchone() == (1,)
    assert kiosk.fleet.chair("WC-001").state is ChairState.MAINTENANCE


def test_a_crash_inside_cancel_pickup_does_not_stop_the_next_start(database_target, clock):
    """Issue 18.2c: the lock command written before the crash is retried under its own key on restart."""
    first = Kiosk(database_target, clock, dock_url="sim:?slots=2&chairs=WC-001&autolock=0")
    rental = first.service.rent("WC-001", first.his.patient("DEMO-001"), key="rent:crash")
    first.db.execute("INSERT INTO dock_commands (idempotency_key, kiosk_id, slot, action, rental_id, state, "
                     "created_utc, updated_utc) VALUES (?, 'LOBBY-1', 1, 'lock', ?, 'pending', '', '')",
                     (f"lock:{rental.id}", rental.id))  # the kiosk died between writing and sending the lock
    dock = first.dock
    first.dock = None
    first.db.close()
    restarted = Kiosk(database_target, clock, dock_url=None)
    restarted.service.dock = dock
    try:
        assert restarted.service.recover_interrupted() == 1
        assert restarted.service.rental(rental.id).state is RentalState.CANCELLED
        assert dock.slots()[0].locked
        assert restarted.service.dock_commands(rental.id) == [("unlock", 1, "done"), ("lock", 1, "done")]
    finally:
        dock.close()
        restarted.close()


def test_pickups_are_checked_for_every_waiting_rental_of_the_kiosk(kiosk, clock):
    """Issue 18.2d: the check runs whatever the screen shows: a chair left in the dock is locked again."""
    left = kiosk.service.rent("WC-001", kiosk.his.patient("DEMO-001"), key="rent:left")
    taken = kiosk.service.rent("WC-002", kiosk.his.patient("DEMO-002"), key="rent:taken")
    kiosk.dock.take(taken.dock_slot)
    clock.advance(timedelta(seconds=61))
    states = {rental.id: rental.state for rental in kiosk.service.check_pickups()}
    assert states == {left.id: RentalState.CANCELLED, taken.id: RentalState.ACTIVE}
    assert kiosk.dock.slots()[0].locked
    assert kiosk.fleet.chair("WC-001").state is ChairState.AVAILABLE
    assert kiosk.service.check_pickups() == []


def _at_once(*calls):
    """Run the calls in threads released together; each result or the RentalRefused it raised (any other
    error fails the test by name)."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[Exception] = []

    def run(index):
        start.wait()
        try:
            results[index] = calls[index]()
        except RentalRefused as refused:
            results[index] = refused
        except Exception as error:  # a deadlock, a duplicate key: what the locks are there to prevent
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def east_and_west(database_target, clock):
    """Two kiosks of one hospital on one database, each with its own connection; east has the dock."""
    east = Kiosk(database_target, clock, kiosk_id="EAST-1")
    west = Kiosk(database_target, clock, kiosk_id="WEST-1", dock_url=None)
    yield east, west
    west.close()
    east.close()


def test_a_chair_rented_in_the_east_lobby_is_returned_in_the_west_lobby(east_and_west, clock):
    east, west = east_and_west
    rental = east.service.rent("WC-001", east.his.patient("DEMO-001"), key="rent:east:WC-001")
    east.dock.take(1)
    assert east.service.check_pickup(rental.id).state is RentalState.ACTIVE
    assert west.service.open_rental_of("DEMO-001").id == rental.id  # west sees the rental at once

    clock.advance(timedelta(hours=3, minutes=45))
    outcome = west.service.return_chair("WC-001")
    assert (outcome.rental.kiosk_id, outcome.rental.return_kiosk_id, outcome.fee.total_fen) == ("EAST-1", "WEST-1", 600)
    assert east.service.rental(rental.id).state is RentalState.RETURNED
    assert east.fleet.chair("WC-001").state is ChairState.AVAILABLE
    assert east.charges("DEMO-001") == [(f"WC-{rental.id}", "wheelchair", 600, "unpaid")]
    rented, = east.audit.entries(action="wheelchair.rented", kiosk_id="EAST-1")
    returned, = east.audit.entries(action="wheelchair.returned", kiosk_id="WEST-1")
    assert (rented.detail["kiosk"], returned.detail["kiosk"]) == ("EAST-1", "WEST-1")
    assert east.audit.verify().ok
    assert east.service.return_chair("WC-001").already_returned  # scanned again at east: nothing more


def test_one_chair_returned_at_two_kiosks_at_once_is_returned_and_charged_once(east_and_west, clock):
    east, west = east_and_west
    east.fleet.register("WC-200")
    rental = east.service.rent("WC-200", east.his.patient("DEMO-002"), key="rent:both-return")
    clock.advance(timedelta(hours=4))
    outcomes = _at_once(lambda: east.service.return_chair("WC-200"), lambda: west.service.return_chair("WC-200"))
    assert sorted(outcome.already_returned for outcome in outcomes) == [False, True]
    assert {outcome.rental.id for outcome in outcomes} == {rental.id}
    assert len(east.charges("DEMO-002")) == 1
    assert len(east.audit.entries(action="wheelchair.returned")) == 1  # every kiosk's rows


def test_one_patient_renting_at_two_kiosks_at_once_gets_one_chair(east_and_west):
    east, west = east_and_west
    for chair in ("WC-301", "WC-302"):
        east.fleet.register(chair)
    patient = east.his.patient("DEMO-001")
    results = _at_once(lambda: east.service.rent("WC-301", patient, key="rent:twice:east"),
                       lambda: west.service.rent("WC-302", patient, key="rent:twice:west"))
    refused = [r for r in results if isinstance(r, RentalRefused)]
    assert len(refused) == 1 and refused[0].reason is Refusal.ALREADY_RENTING
    assert len(open_rentals_of(east.db, "DEMO-001")) == 1
    states = {chair: east.fleet.chair(chair).state for chair in ("WC-301", "WC-302")}
    assert sorted(state.value for state in states.values()) == ["available", "rented"]
