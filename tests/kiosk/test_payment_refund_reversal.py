"""Staff refunds also undo what the payment did: a full refund books the insurance settlement back
(annual-cap usage, deductible, personal account) and reopens the charges; a partial refund touches only
the self-pay money; both idempotent per request number and audited; a crash between is finished later."""
from __future__ import annotations

import pytest

from kiosk.insurance.port import SettlementNotConfirmed, SettlementState
from kiosk.payment.refund_reversal import finish_reversal
from kiosk.payment.refunds import refund, retry_requested_refunds
from kiosk.payment.store import IntentState
from payment_world import make_world


@pytest.fixture
def world(database_target, sandbox):
    made = make_world(database_target, sandbox)
    made.control.reset_faults()
    yield made
    made.close()


def year_of(world, patient_id):
    """The patient's insurance year (nothing held: every bill here is settled or refunded)."""
    return world.service.insurance.standing(world.service.his.patient(patient_id))


def charge_states(world, patient_id):
    return {r[0] for r in world.db.execute("SELECT status FROM charges WHERE patient_id = ?", (patient_id,))}


def paid_bill(world, patient_id):
    service = world.service
    before = year_of(world, patient_id)
    intent = service.open_bill(patient_id)
    attempt = service.pay_with_code(intent.id, world.control.payment_code())
    assert service.intent(intent.id).state is IntentState.SETTLED
    return service.intent(intent.id), attempt, before


def test_a_full_refund_books_insurance_back_and_reopens_the_charges_once(world):
    service = world.service
    intent, attempt, before = paid_bill(world, "DEMO-001")
    assert intent.fund_fen > 0 and intent.account_fen > 0  # DEMO-001: fund, personal account and cash
    after_payment = year_of(world, "DEMO-001")
    assert after_payment != before and charge_states(world, "DEMO-001") == {"paid"}
    record = refund(service, attempt.out_trade_no, attempt.amount_fen, "RF-FULL-1", "2001", "service_not_given")
    assert record.state == "done"
    assert service.insurance.settlement(intent.setl_id).state is SettlementState.REVERSED
    assert year_of(world, "DEMO-001") == before  # cap usage, deductible and account balance restored
    assert charge_states(world, "DEMO-001") == {"unpaid"}
    assert world.db.execute("SELECT scope, state FROM refund_reversals").fetchall() == [("full", "done")]
    invoice = service.billing.invoice_for(intent.id)
    (red, original, self_pay), = world.db.execute(
        "SELECT red_invoice_number, invoice_number, self_pay_fen FROM e_invoice_reversals").fetchall()
    assert original == invoice.invoice_number and red != original and self_pay == -invoice.self_pay_fen
    again = refund(service, attempt.out_trade_no, attempt.amount_fen, "RF-FULL-1", "2001", "service_not_given")
    assert again == record and year_of(world, "DEMO-001") == before
    assert service.billing.reverse_invoice(intent.id, "RF-FULL-1") == red  # one red-letter invoice, ever
    assert world.db.execute("SELECT count(*) FROM e_invoice_reversals").fetchone()[0] == 1
    reversed_entries = service.audit.entries(action="payment.refund_reversed")
    assert len(reversed_entries) == 1 and reversed_entries[0].detail["red_invoice"] == red
    assert sum(r[2] for r in world.ledger("gateway_refund")) == attempt.amount_fen
    fresh = service.open_bill("DEMO-001")  # the charges can be paid again, with the same split
    assert (fresh.fund_fen, fresh.account_fen, fresh.cash_fen) == (intent.fund_fen, intent.account_fen, intent.cash_fen)


def test_a_partial_refund_leaves_insurance_and_charges_alone(world):
    service = world.service
    intent, attempt, _ = paid_bill(world, "DEMO-002")
    after_payment = year_of(world, "DEMO-002")
    refund(service, attempt.out_trade_no, 2500, "RF-PART-1", "2001", "wrong_amount")
    assert service.insurance.settlement(intent.setl_id).state is SettlementState.CONFIRMED
    assert year_of(world, "DEMO-002") == after_payment and charge_states(world, "DEMO-002") == {"paid"}
    assert world.db.execute("SELECT scope, state FROM refund_reversals").fetchall() == [("self_pay_only", "done")]
    assert service.audit.entries(action="payment.refund_reversed") == []
    assert world.db.execute("SELECT count(*) FROM e_invoice_reversals").fetchone()[0] == 0  # invoice stands
    # the rest of the money, refunded later, makes it a full refund: now insurance is booked back
    refund(service, attempt.out_trade_no, attempt.amount_fen - 2500, "RF-PART-2", "2001", "wrong_amount")
    assert service.insurance.settlement(intent.setl_id).state is SettlementState.REVERSED
    assert charge_states(world, "DEMO-002") == {"unpaid"}


def test_a_crash_between_refund_and_reversal_is_finished_by_the_retry_loop(world, monkeypatch):
    service = world.service
    intent, attempt, before = paid_bill(world, "DEMO-001")
    calls = []

    def crash(setl_id):
        calls.append(setl_id)
        raise OSError("power cut")

    monkeypatch.setattr(service.insurance, "reverse_confirmed", crash)
    with pytest.raises(OSError):
        refund(service, attempt.out_trade_no, attempt.amount_fen, "RF-CRASH", "2001", "patient_asked")
    monkeypatch.undo()
    assert world.db.execute("SELECT state FROM refund_reversals").fetchone() == ("requested",)
    assert charge_states(world, "DEMO-001") == {"paid"}
    retry_requested_refunds(service)
    assert year_of(world, "DEMO-001") == before and charge_states(world, "DEMO-001") == {"unpaid"}
    assert finish_reversal(service, attempt.out_trade_no, "RF-CRASH", "kiosk") == "full"  # repeating is harmless
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == attempt.amount_fen


def test_a_full_refund_of_a_payment_that_repaid_pay_later_debt_makes_the_debt_owed_again(world):
    service, credit = world.service, world.credit
    later = service.open_bill("DEMO-003")
    credit.set_pin_and_pay_later(later.id, "135790", "135790")
    repay = service.open_bill("DEMO-003")
    attempt = service.pay_with_code(repay.id, world.control.payment_code())
    assert charge_states(world, "DEMO-003") == {"paid"}
    refund(service, attempt.out_trade_no, attempt.amount_fen, "RF-DEBT", "2001", "charged_twice")
    assert world.db.execute("SELECT state, repaid_by_intent FROM credit_debts").fetchall() == [("open", None)]
    assert charge_states(world, "DEMO-003") == {"pay_later"}
    # the pay-later bill's own insurance stays confirmed: only its repayment was refunded
    assert service.insurance.settlement(later.setl_id).state is SettlementState.CONFIRMED


def test_only_a_confirmed_settlement_can_be_booked_back(world):
    intent = world.service.open_bill("DEMO-001")
    with pytest.raises(SettlementNotConfirmed):
        world.service.insurance.reverse_confirmed(intent.setl_id)
