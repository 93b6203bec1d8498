"""Two kiosks of one hospital on one database (two connections, two kiosk ids): each recovers only its
own bills and orders, one bill opened and paid at both at the same moment is charged once, and so is
a charge or pay-later debt held by two bills (a new charge made a second bill) paid at both.

Runs on the suite's engine (ONEVISIT_TEST_ENGINE): two connections to one SQLite file, or to one
PostgreSQL database, where writers are not serialised and the bill's advisory lock does the work."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from kiosk.clock import FixedClock
from kiosk.his.port import ChargeStatus, InsuranceCategory, ItemClass, NewCharge
from kiosk.payment.errors import BillAlreadyPaid, BillInUseElsewhere, NothingToPay, PaymentRefused
from kiosk.payment.refunds import reconcile
from kiosk.payment.store import AttemptState, IntentState
from payment_world import make_world, wait_until
from tests.conftest import TEST_ENGINE


@pytest.fixture
def kiosks(database_target, sandbox):
    """Kiosk A (east lobby) and kiosk B (west lobby): one database, one clock each, same wall time."""
    start = datetime.now(timezone.utc)
    east = make_world(database_target, sandbox, clock=FixedClock(start), kiosk_id="east-1")
    west = make_world(database_target, sandbox, clock=FixedClock(start), kiosk_id="west-1")
    east.control.reset_faults()
    yield east, west
    west.close()
    east.close()


def test_recovery_at_one_kiosk_leaves_another_kiosks_open_bill_and_order_alone(kiosks):
    east, west = kiosks
    at_east = east.service.open_bill("DEMO-001")
    order = east.service.start_qr(at_east.id)  # the QR is on the east kiosk's screen
    at_west = west.service.open_bill("DEMO-002")  # opened at the west kiosk, never paid
    assert (at_east.kiosk_id, order.kiosk_id, at_west.kiosk_id) == ("east-1", "east-1", "west-1")
    an_hour_later = east.service.clock.now() + timedelta(hours=1)  # past the order's deadline and abandon_after_s
    east.service.clock.set(an_hour_later)
    west.service.clock.set(an_hour_later)

    done = west.service.recover()
    assert (done["polled"], done["cancelled"], done["abandoned"]) == (0, 0, 1)
    assert west.service.intent(at_west.id).state is IntentState.ABANDONED
    assert east.service.intent(at_east.id).state is IntentState.OPEN  # not the west kiosk's to give up
    assert east.service.attempt(order.out_trade_no).state is AttemptState.AWAITING
    assert east.control.trades()[order.out_trade_no]["status"] == "WAIT_BUYER_PAY"  # nobody cancelled it

    done = east.service.recover()  # the east kiosk's own recovery does it
    assert (done["polled"], done["abandoned"]) == (1, 1)
    assert east.service.attempt(order.out_trade_no).state is AttemptState.CANCELLED
    assert east.service.intent(at_east.id).state is IntentState.ABANDONED


def test_a_bill_with_an_order_open_at_another_kiosk_is_refused_in_plain_words_then_taken_over(kiosks):
    east, west = kiosks
    intent = east.service.open_bill("DEMO-003")
    order = east.service.start_qr(intent.id)
    with pytest.raises(BillInUseElsewhere) as refused:
        west.service.open_bill("DEMO-003")
    assert refused.value.kiosk_id == "east-1"
    assert "being paid at another kiosk (east-1)" in str(refused.value) and "try again here after" in str(refused.value)
    east.service.cancel_attempt(order.out_trade_no)  # the patient walked away from the east kiosk
    taken = west.service.open_bill("DEMO-003")
    assert (taken.id, taken.kiosk_id) == (intent.id, "west-1")  # the same bill, now the west kiosk's
    paid = west.service.pay_with_code(taken.id, west.control.payment_code())
    assert paid.state is AttemptState.PAID and west.service.intent(intent.id).state is IntentState.SETTLED
    assert east.service.recover()["finalized"] == 0 and west.service.recover()["finalized"] == 0


def test_the_same_bill_paid_at_two_kiosks_at_the_same_moment_is_charged_once(kiosks):
    """Both kiosks open the bill together, then both charge a payment code together; three bills."""
    east, west = kiosks
    for patient in ("DEMO-001", "DEMO-002", "DEMO-003"):
        together = threading.Barrier(2, timeout=30)
        outcomes: dict[str, object] = {}

        def pay_at(world, name: str, patient: str = patient, together: threading.Barrier = together) -> None:
            code = world.control.payment_code()
            try:
                together.wait()
                intent = world.service.open_bill(patient)
                together.wait()
                outcomes[name] = world.service.pay_with_code(intent.id, code)
            except Exception as outcome:  # a refusal is checked below; anything else fails the test there
                outcomes[name] = outcome

        threads = [threading.Thread(target=pay_at, args=(east, "east")),
                   threading.Thread(target=pay_at, args=(west, "west"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        paid = [o for o in outcomes.values() if getattr(o, "state", None) is AttemptState.PAID]
        refused = [o for o in outcomes.values() if isinstance(o, PaymentRefused)]
        assert len(paid) == 1 and len(refused) == 1, (patient, outcomes)  # the other kiosk was told why
        assert "another kiosk" in str(refused[0]) or "nothing more to pay" in str(refused[0]), refused
        db = east.db
        intent_ids = {r[0] for r in db.execute("SELECT id FROM payment_intents WHERE patient_id = ?", (patient,))}
        assert len(intent_ids) == 1, f"{patient}: one bill, not {len(intent_ids)}"
        money_in = db.execute("SELECT count(*), sum(amount_fen) FROM payment_ledger WHERE kind = 'gateway_in' "
                              "AND intent_id IN (SELECT id FROM payment_intents WHERE patient_id = ?)",
                              (patient,)).fetchone()
        assert money_in[0] == 1, f"{patient}: charged {money_in[0]} times"
        trades = east.control.trades()
        numbers = [r[0] for r in db.execute("SELECT out_trade_no FROM payment_attempts WHERE intent_id IN "
                                            "(SELECT id FROM payment_intents WHERE patient_id = ?)", (patient,))]
        assert sum(trades[n]["status"] in ("TRADE_SUCCESS", "TRADE_FINISHED") for n in numbers if n in trades) == 1
        assert east.service.intent(intent_ids.pop()).state is IntentState.SETTLED


def test_maintenance_lists_the_payments_taken_at_its_own_kiosk(kiosks):
    """Finance staff at a kiosk see what that kiosk took today, not every kiosk's of the hospital."""
    from kiosk.maintenance.payments_view import todays_payments

    east, west = kiosks
    at_east = east.service.pay_with_code(east.service.open_bill("DEMO-001").id, east.control.payment_code())
    at_west = west.service.pay_with_code(west.service.open_bill("DEMO-002").id, west.control.payment_code())
    assert [line.out_trade_no for line in todays_payments(east.db, east.service.clock, "east-1")] \
        == [at_east.out_trade_no]
    assert [line.out_trade_no for line in todays_payments(west.db, west.service.clock, "west-1")] \
        == [at_west.out_trade_no]

# Two bills of the same charges --------------------------------------------------------------------------
# The patient opens the bill at the east kiosk (its QR is on that screen), a wheelchair fee is posted, and
# the family opens the bill at the west kiosk: a new bill (the old charge, the new one, the earlier pay-later
# debt), not the same bill, so "one order per bill" does not stop it. Whichever bill takes money first
# claims its items (``bill_items_paid``); money for the other goes back by itself.

def post_fee(world, patient_id: str, charge_id: str, fen: int = 600) -> None:
    """A wheelchair fee lands on the patient's bill (returned at a kiosk)."""
    world.service.his.post_charge(NewCharge(charge_id, patient_id, world.service.clock.today(), ItemClass.WHEELCHAIR,
                                            "轮椅租用", "Wheelchair rental", fen, InsuranceCategory.C))



def test_a_second_bill_of_the_same_charges_and_debt_paid_first_sends_the_first_bills_money_back(kiosks):
    east, west = kiosks
    earlier = east.service.open_bill("DEMO-003")
    east.credit.set_pin_and_pay_later(earlier.id, "246801", "246801")  # a pay-later debt of 9.33
    debt = east.db.execute("SELECT id, amount_fen FROM credit_debts WHERE patient_id = 'DEMO-003'").fetchone()

    post_fee(east, "DEMO-003", "WC-R1")
    at_east = east.service.open_bill("DEMO-003")  # the fee and the debt
    order = east.service.start_qr(at_east.id)  # its QR is on the east kiosk's screen
    post_fee(west, "DEMO-003", "WC-R2")
    at_west = west.service.open_bill("DEMO-003")  # both fees and the debt: another bill
    assert at_west.id != at_east.id and at_east.debt_ids == at_west.debt_ids == (debt[0],)
    paid = west.service.pay_with_code(at_west.id, west.control.payment_code())
    assert paid.state is AttemptState.PAID and west.service.intent(at_west.id).state is IntentState.SETTLED

    east.control.pay(order.out_trade_no)  # the phone in the east lobby pays the old QR all the same
    assert wait_until(lambda: east.service.attempt(order.out_trade_no).state is AttemptState.REFUNDED, timeout=15)
    returned = east.service.attempt(order.out_trade_no)
    assert returned.paid_by_another_bill and at_west.id in returned.error
    assert east.control.trades()[order.out_trade_no]["refunded_fen"] == order.amount_fen
    assert east.service.intent(at_east.id).state is IntentState.OPEN  # unpaid; recovery gives it up later

    ledger = east.db.execute("SELECT kind, ref, amount_fen FROM payment_ledger WHERE kind != 'credit_debt' "
                             "ORDER BY id").fetchall()
    assert ledger == [("gateway_in", paid.out_trade_no, paid.amount_fen), ("credit_repaid", debt[0], debt[1]),
                      ("gateway_in", order.out_trade_no, order.amount_fen),
                      ("gateway_refund", f"auto-{order.out_trade_no}", order.amount_fen)]
    assert east.db.execute("SELECT state, repaid_by_intent FROM credit_debts WHERE id = ?", (debt[0],)).fetchone() \
        == ("repaid", at_west.id)
    assert {row[0]: row[1] for row in east.db.execute(
        "SELECT id, status FROM charges WHERE id IN ('WC-R1', 'WC-R2')")} == {"WC-R1": ChargeStatus.PAID.value,
                                                                            "WC-R2": ChargeStatus.PAID.value}
    assert reconcile(east.service, east.service.clock.today()).balanced

    with pytest.raises(BillAlreadyPaid) as stale:  # "pay again" on the old bill: refused before any order
        east.service.start_qr(at_east.id)
    assert "open the bill again" in str(stale.value)
    with pytest.raises(NothingToPay):
        east.service.open_bill("DEMO-003")


def test_pay_later_on_a_bill_whose_charge_another_bill_paid_is_refused_and_writes_no_debt(kiosks):
    east, west = kiosks
    at_east = east.service.open_bill("DEMO-002")
    post_fee(west, "DEMO-002", "WC-R3")
    at_west = west.service.open_bill("DEMO-002")
    assert west.service.pay_with_code(at_west.id, west.control.payment_code()).state is AttemptState.PAID
    with pytest.raises(BillAlreadyPaid):
        east.credit.set_pin_and_pay_later(at_east.id, "246801", "246801")
    assert east.db.execute("SELECT count(*) FROM credit_debts").fetchone()[0] == 0
    assert east.service.intent(at_east.id).state is IntentState.OPEN


@pytest.mark.skipif(TEST_ENGINE != "postgresql", reason="kiosks pay at the same moment only on a shared PostgreSQL; "
                    "on SQLite one kiosk process owns the file and its writes take turns")
def test_two_overlapping_bills_paid_at_the_same_moment_keep_one_payment(kiosks):
    """Three rounds: the old bill at east and the new bill at west charge a payment code together."""
    east, west = kiosks
    for round_no, patient in enumerate(("DEMO-001", "DEMO-002", "DEMO-003"), start=1):
        at_east = east.service.open_bill(patient)
        post_fee(west, patient, f"WC-T{round_no}")
        at_west = west.service.open_bill(patient)
        together = threading.Barrier(2, timeout=30)
        outcomes: dict[str, object] = {}

        def pay(world, intent_id: str, name: str, together: threading.Barrier = together) -> None:
            code = world.control.payment_code()
            try:
                together.wait()
                outcomes[name] = world.service.pay_with_code(intent_id, code)
            except Exception as outcome:  # a refusal is checked below; anything else fails the test there
                outcomes[name] = outcome

        threads = [threading.Thread(target=pay, args=(east, at_east.id, "east")),
                   threading.Thread(target=pay, args=(west, at_west.id, "west"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        kept = [o for o in outcomes.values() if getattr(o, "state", None) is AttemptState.PAID]
        given_back = [o for o in outcomes.values() if isinstance(o, BillAlreadyPaid)
                      or getattr(o, "paid_by_another_bill", False)]
        assert len(kept) == 1 and len(given_back) == 1, (patient, outcomes)
        for outcome in given_back:
            if not isinstance(outcome, BillAlreadyPaid):  # charged, then refunded in full
                assert wait_until(lambda o=outcome: east.service.attempt(o.out_trade_no).state is AttemptState.REFUNDED)
        trades = east.control.trades()
        numbers = [o.out_trade_no for o in outcomes.values() if hasattr(o, "out_trade_no")]
        assert sum(trades[n]["amount_fen"] - trades[n]["refunded_fen"] for n in numbers if trades[n]["paid"]) \
            == kept[0].amount_fen, (patient, [trades[n] for n in numbers])
    assert reconcile(east.service, east.service.clock.today()).balanced
