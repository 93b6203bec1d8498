"""The pay-later credit PIN: set once (typed twice), scrypt with a per-patient salt, five wrong PINs lock
pay-later for 15 minutes, every attempt audited; and pay-later confirmed by PIN ends in a debt row."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.his.demo import seed_demo_hospital
from kiosk.payment.credit_pin import LOCKOUT, CreditPins, PinProblem
from kiosk.payment.service import PaymentRefused
from kiosk.payment.store import IntentState
from kiosk.storage import open_database
from payment_world import make_world


@pytest.fixture
def pins(database_target):
    clock = FixedClock.at_local(2026, 11, 20, 10)
    db = open_database(database_target)
    seed_demo_hospital(db, clock.today())
    yield CreditPins(db, clock, AuditLog(db, clock)), clock, db
    db.close()


def test_the_pin_is_stored_as_salted_scrypt_and_typed_twice(pins):
    store, _, db = pins
    with pytest.raises(PinProblem) as mismatch:
        store.set_pin("DEMO-003", "135790", "135709")
    assert mismatch.value.kind == "mismatch" and not store.status("DEMO-003").is_set
    with pytest.raises(PinProblem) as short:
        store.set_pin("DEMO-003", "1357", "1357")
    assert short.value.kind == "format"
    store.set_pin("DEMO-003", "135790", "135790")
    store.set_pin("DEMO-002", "135790", "135790")
    rows = db.execute("SELECT patient_id, salt, pin_hash FROM credit_pins ORDER BY patient_id").fetchall()
    assert len(rows) == 2 and rows[0][1] != rows[1][1] and rows[0][2] != rows[1][2]  # own salt each
    assert all(b"135790" not in row[2] for row in rows)
    with pytest.raises(PinProblem) as again:
        store.set_pin("DEMO-003", "000000", "000000")
    assert again.value.kind == "already_set"
    store.verify("DEMO-003", "135790")


def test_five_wrong_pins_lock_for_fifteen_minutes_and_every_attempt_is_audited(pins):
    store, clock, db = pins
    store.set_pin("DEMO-003", "135790", "135790")
    for left in (4, 3, 2, 1):
        with pytest.raises(PinProblem) as wrong:
            store.verify("DEMO-003", "000000")
        assert (wrong.value.kind, wrong.value.tries_left) == ("wrong", left)
    with pytest.raises(PinProblem) as fifth:
        store.verify("DEMO-003", "000000")
    assert fifth.value.kind == "locked" and fifth.value.locked_until == clock.now() + LOCKOUT
    with pytest.raises(PinProblem) as still:
        store.verify("DEMO-003", "135790")  # even the right PIN waits out the lock
    assert still.value.kind == "locked"
    assert store.status("DEMO-003").locked_until == clock.now() + LOCKOUT
    clock.advance(LOCKOUT + timedelta(seconds=1))
    assert store.status("DEMO-003").locked_until is None
    store.verify("DEMO-003", "135790")
    audit = AuditLog(db, clock)
    assert len(audit.entries(action="payment.credit_pin_wrong")) == 5
    assert len(audit.entries(action="payment.credit_pin_refused_locked")) == 1
    assert len(audit.entries(action="payment.credit_pin_ok")) == 1
    assert all("135790" not in str(e) for e in audit.entries(limit=50))


def test_a_right_pin_resets_the_count(pins):
    store, _, _ = pins
    store.set_pin("DEMO-003", "135790", "135790")
    for _ in range(4):
        with pytest.raises(PinProblem):
            store.verify("DEMO-003", "111111")
    store.verify("DEMO-003", "135790")
    with pytest.raises(PinProblem) as wrong:
        store.verify("DEMO-003", "111111")
    assert wrong.value.tries_left == 4


def test_pay_later_by_pin_writes_the_debt_and_a_locked_pin_makes_the_offer_ineligible(database_target, sandbox):
    clock = FixedClock.at_local(2026, 11, 20, 10)
    world = make_world(database_target, sandbox, clock=clock)
    try:
        service, credit = world.service, world.credit
        intent = service.open_bill("DEMO-003")
        credit.set_pin_and_pay_later(intent.id, "246801", "246801")
        assert service.intent(intent.id).state is IntentState.SETTLED
        assert service.db.execute("SELECT patient_id, amount_fen, due_day, state FROM credit_debts").fetchall() == [
            ("DEMO-003", 933, "2026-11-30", "open")]
        second = service.open_bill("DEMO-002")
        credit.pins.set_pin("DEMO-002", "246801", "246801")
        for _ in range(5):
            with pytest.raises(PinProblem):
                credit.pay_later_with_pin(second.id, "999999")
        offer = credit.offer(second.id)
        assert (offer.eligible, offer.reason) == (False, "pin_locked")
        with pytest.raises(PaymentRefused):
            credit.pay_later_with_pin(second.id, "246801")
        assert service.intent(second.id).state is IntentState.OPEN
    finally:
        world.close()
