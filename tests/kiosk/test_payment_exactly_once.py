"""The payment state machine against the real sandbox gateway process: every fault of the issue ends
with each bill paid at most once, money that was not needed refunded, and the ledger balanced."""
from __future__ import annotations

import time

import pytest

from kiosk.his.port import ChargeStatus
from kiosk.payment.credit_pin import PinProblem
from kiosk.payment.gateway import GatewayRejected, GatewayUnavailable
from kiosk.payment.refunds import reconcile, refund
from kiosk.payment.service import NothingToPay, PaymentRefused
from kiosk.payment.store import AttemptState, IntentState
from payment_world import make_world, wait_until


@pytest.fixture
def world(database_target, sandbox):
    made = make_world(database_target, sandbox)
    made.control.reset_faults()
    yield made
    made.control.reset_faults()
    made.close()


def assert_balanced(world, day=None):
    report = reconcile(world.service, day or world.service.clock.today())
    assert report.balanced, report.differences
    return report


def test_qr_paid_by_notification_settles_once_confirms_insurance_and_issues_the_invoice(world):
    service = world.service
    intent = service.open_bill("DEMO-001")
    assert (intent.total_fen, intent.fund_fen, intent.account_fen, intent.cash_fen) == (9500, 6150, 2000, 1350)
    attempt = service.start_qr(intent.id)
    assert attempt.state is AttemptState.AWAITING and attempt.qr_code.endswith(attempt.out_trade_no)
    assert service.check_attempt(attempt.out_trade_no, ask_gateway=True).state is AttemptState.AWAITING
    world.control.pay(attempt.out_trade_no)
    assert wait_until(lambda: service.intent(intent.id).state is IntentState.SETTLED)
    assert world.ledger() == [("gateway_in", attempt.out_trade_no, 1350)]
    settled = service.intent(intent.id)
    assert service.insurance.settlement(settled.setl_id).state.value == "confirmed"
    statuses = {c.id: s for c, s in ((c, service.db.execute("SELECT status FROM charges WHERE id = ?", (c.id,))
                                      .fetchone()[0]) for c in settled.charges)}
    assert set(statuses.values()) == {ChargeStatus.PAID.value}
    invoice = service.billing.invoice_for(intent.id)
    assert invoice.invoice_number == settled.invoice_number and invoice.self_pay_fen == 1350
    with pytest.raises(NothingToPay):
        service.open_bill("DEMO-001")
    assert_balanced(world)


def test_duplicate_and_replayed_notifications_are_booked_once(world):
    world.control.faults(notify="duplicate")
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-002").id)
    world.control.pay(attempt.out_trade_no)
    assert wait_until(lambda: service.db.execute("SELECT count(*) FROM payment_notifications").fetchone()[0] >= 1)
    assert world.control.resend_last_notification(attempt.out_trade_no)
    time.sleep(0.5)
    assert world.ledger("gateway_in") == [("gateway_in", attempt.out_trade_no, 7500)]
    assert service.attempt(attempt.out_trade_no).state is AttemptState.PAID


def test_out_of_order_notifications_never_move_a_paid_order_back(world):
    world.control.faults(notify="out_of_order")
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-003").id)
    world.control.pay(attempt.out_trade_no)
    assert wait_until(lambda: service.db.execute("SELECT count(*) FROM payment_notifications").fetchone()[0] == 2)
    assert service.attempt(attempt.out_trade_no).state is AttemptState.PAID


@pytest.mark.parametrize("fault", [{"notify": "none"}, {"bad_notify_signature": True}, {"stale_notify_s": 3600}])
def test_without_a_trustworthy_notification_polling_finds_the_payment(world, fault):
    world.control.faults(**fault)
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-001").id)
    world.control.pay(attempt.out_trade_no)
    time.sleep(0.4)
    assert service.attempt(attempt.out_trade_no).state is AttemptState.AWAITING  # nothing trusted yet
    assert service.check_attempt(attempt.out_trade_no, ask_gateway=True).state is AttemptState.PAID
    if fault != {"notify": "none"}:
        outcomes = [r[0] for r in service.db.execute("SELECT outcome FROM payment_notifications")]
        rejected = service.audit.entries(action="payment.notification_rejected")
        assert rejected and not any(o == "accepted" for o in outcomes)
    assert_balanced(world)


def test_an_amount_mismatch_is_never_credited_and_is_refunded(world):
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-001").id)
    world.control.faults(amount_mismatch_fen=-100)
    world.control.pay(attempt.out_trade_no)
    time.sleep(0.3)
    checked = service.check_attempt(attempt.out_trade_no, ask_gateway=True)
    assert checked.state is AttemptState.REFUNDED and not checked.credited
    assert service.intent(checked.intent_id).state is IntentState.OPEN
    kinds = [row[0] for row in world.ledger()]
    assert kinds == ["gateway_in", "gateway_refund"]


def test_a_cancel_that_races_the_payment_refunds_it_and_the_bill_stays_open(world):
    service = world.service
    intent = service.open_bill("DEMO-002")
    attempt = service.start_qr(intent.id)
    world.control.faults(cancel_races_payment=True)
    cancelled = service.cancel_attempt(attempt.out_trade_no)
    assert cancelled.state is AttemptState.REFUNDED
    time.sleep(0.3)  # the racing payment's notification arrives after the cancel
    assert service.attempt(attempt.out_trade_no).state is AttemptState.REFUNDED
    assert service.intent(intent.id).state is IntentState.OPEN
    assert [r[2] for r in world.ledger()] == [7500, 7500]
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == 7500
    assert_balanced(world)


def test_timeout_cancels_and_a_late_scan_cannot_pay(world):
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-003").id)
    service.db.execute("UPDATE payment_attempts SET deadline_utc = '2000-01-01T00:00:00.000000+00:00'")
    assert service.check_attempt(attempt.out_trade_no, ask_gateway=True).state is AttemptState.CANCELLED
    assert world.control.pay(attempt.out_trade_no)["ok"] is False
    assert world.ledger() == []


def test_paying_twice_refunds_the_second_payment(world):
    service = world.service
    intent = service.open_bill("DEMO-003")
    qr = service.start_qr(intent.id)
    code_attempt = service.start_qr(intent.id)  # a second QR, e.g. the patient pressed twice
    world.control.pay(qr.out_trade_no)
    world.control.pay(code_attempt.out_trade_no)
    # the two notifications race each other: whichever is booked first pays the bill, the other goes back
    numbers = (qr.out_trade_no, code_attempt.out_trade_no)
    assert wait_until(lambda: sorted(service.attempt(n).state.value for n in numbers) == ["paid", "refunded"])
    with pytest.raises(PaymentRefused):
        service.pay_with_code(intent.id, world.control.payment_code())  # the bill is paid: nothing is charged
    assert_balanced(world)


def test_scan_my_payment_code_pays_at_once_and_a_code_pays_only_once(world):
    service = world.service
    code = world.control.payment_code()
    attempt = service.pay_with_code(service.open_bill("DEMO-001").id, code)
    assert attempt.state is AttemptState.PAID
    with pytest.raises(PaymentRefused):
        service.pay_with_code(service.open_bill("DEMO-002").id, "not-a-code")
    with pytest.raises(GatewayRejected):
        service.pay_with_code(service.open_bill("DEMO-002").id, code)  # the same code scanned twice


def test_a_lost_precreate_reply_shows_no_qr_and_cancels_the_order(world):
    world.control.faults(drop_replies=1)
    service = world.service
    intent = service.open_bill("DEMO-001")
    with pytest.raises(GatewayUnavailable):
        service.start_qr(intent.id)
    attempts = service.db.execute("SELECT state FROM payment_attempts").fetchall()
    assert attempts == [("cancelled",)]
    assert service.start_qr(intent.id).state is AttemptState.AWAITING  # a new out_trade_no works


def test_gateway_down_at_start_charges_nothing(world):
    world.control.faults(drop_requests=5)
    service = world.service
    with pytest.raises(GatewayUnavailable):
        service.start_qr(service.open_bill("DEMO-001").id)
    assert world.ledger() == []


def test_restart_resumes_a_payment_made_while_the_kiosk_was_down(world, database_target, sandbox):
    world.control.faults(notify="none")
    service = world.service
    intent = service.open_bill("DEMO-001")
    attempt = service.start_qr(intent.id)
    world.control.pay(attempt.out_trade_no)
    world.close()
    restarted = make_world(database_target, sandbox)
    try:
        done = restarted.service.recover()
        assert done["polled"] == 1
        assert restarted.service.intent(intent.id).state is IntentState.SETTLED
        assert restarted.service.recover()["polled"] == 0
        assert restarted.ledger() == [("gateway_in", attempt.out_trade_no, 1350)]
    finally:
        restarted.close()


def test_refunds_partial_repeated_and_too_large(world):
    service = world.service
    attempt = service.pay_with_code(service.open_bill("DEMO-002").id, world.control.payment_code())
    first = refund(service, attempt.out_trade_no, 2500, "RF-1", "2001", "wrong item")
    again = refund(service, attempt.out_trade_no, 2500, "RF-1", "2001", "wrong item")
    assert first.state == again.state == "done"
    with pytest.raises(PaymentRefused):
        refund(service, attempt.out_trade_no, 5001, "RF-2", "2001", "too much")
    refund(service, attempt.out_trade_no, 5000, "RF-3", "2001", "rest")
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == 7500
    assert sum(r[2] for r in world.ledger("gateway_refund")) == 7500
    assert service.audit.entries(action="payment.refund")[0].actor == "staff:2001"
    report = assert_balanced(world)
    assert (report.ledger_in_fen, report.ledger_refund_fen) == (7500, 7500)


def test_pay_later_moves_the_bill_to_credit_and_the_next_bill_repays_it(world):
    service, credit = world.service, world.credit
    intent = service.open_bill("DEMO-003")
    offer = credit.offer(intent.id)
    assert offer.eligible and offer.amount_fen == 933
    with pytest.raises(PinProblem):
        credit.set_pin_and_pay_later(intent.id, "135790", "135791")
    credit.set_pin_and_pay_later(intent.id, "135790", "135790")
    settled = service.intent(intent.id)
    assert settled.state is IntentState.SETTLED and settled.invoice_number
    assert {r[0] for r in service.db.execute("SELECT status FROM charges WHERE patient_id = 'DEMO-003'")} == {"pay_later"}
    repay = service.open_bill("DEMO-003")
    assert (repay.debt_fen, repay.cash_fen, repay.charges) == (933, 0, ())
    assert not credit.offer(repay.id).eligible
    service.pay_with_code(repay.id, world.control.payment_code())
    assert service.intent(repay.id).state is IntentState.SETTLED
    assert {r[0] for r in service.db.execute("SELECT status FROM charges WHERE patient_id = 'DEMO-003'")} == {"paid"}
    assert service.db.execute("SELECT state FROM credit_debts").fetchall() == [("repaid",)]


def test_pay_later_is_refused_with_overdue_debt_and_overdue_debts_are_listed(world):
    offer = world.credit.offer(world.service.open_bill("DEMO-004").id)
    assert (offer.eligible, offer.reason) == (False, "overdue")
    assert any(d.patient_id == "DEMO-004" and d.amount_fen == 12800 for d in world.credit.overdue())


def test_a_new_charge_gives_up_this_kiosks_older_bill_so_the_new_one_sees_the_whole_personal_account(world):
    """The patient looked at the bill (the personal account pays 20.00 of it), left, got a wheelchair fee and
    opens the bill again: the older bill is given up and its pre-settlement reversed first, so the new
    bill is split against the account as it is, not as the forgotten bill held it."""
    from kiosk.his.port import InsuranceCategory, ItemClass, NewCharge
    from kiosk.insurance.port import SettlementState

    service = world.service
    older = service.open_bill("DEMO-001")
    assert older.account_fen == 2000
    service.his.post_charge(NewCharge("WC-R5", "DEMO-001", service.clock.today(), ItemClass.WHEELCHAIR, "轮椅租用",
                                      "Wheelchair rental", 600, InsuranceCategory.C))
    newer = service.open_bill("DEMO-001")
    assert newer.id != older.id and newer.account_fen == 2000 and newer.total_fen == older.total_fen + 600
    assert service.intent(older.id).state is IntentState.ABANDONED
    assert service.insurance.settlement(older.setl_id).state is SettlementState.REVERSED


def test_an_older_bill_whose_qr_is_still_up_is_kept_and_only_one_of_the_two_is_paid(world):
    from kiosk.his.port import InsuranceCategory, ItemClass, NewCharge

    service = world.service
    older = service.open_bill("DEMO-002")
    order = service.start_qr(older.id)  # the phone still shows this QR
    service.his.post_charge(NewCharge("WC-R6", "DEMO-002", service.clock.today(), ItemClass.WHEELCHAIR, "轮椅租用",
                                      "Wheelchair rental", 600, InsuranceCategory.C))
    newer = service.open_bill("DEMO-002")
    assert service.intent(older.id).state is IntentState.OPEN
    assert service.pay_with_code(newer.id, world.control.payment_code()).state is AttemptState.PAID
    world.control.pay(order.out_trade_no)
    assert wait_until(lambda: service.attempt(order.out_trade_no).state is AttemptState.REFUNDED)
    assert service.attempt(order.out_trade_no).paid_by_another_bill
    assert_balanced(world)


def test_a_bill_the_patient_left_is_given_up_at_once_and_its_open_order_cancelled_first(world):
    """The patient walked away with the QR up: its order is cancelled, then the bill given up and its
    pre-settlement reversed now, so the next bill (at any kiosk) sees the whole personal account."""
    from kiosk.insurance.port import SettlementState

    service = world.service
    left = service.open_bill("DEMO-001")
    order = service.start_qr(left.id)
    assert service.give_up_left_bill(left.id)
    assert service.attempt(order.out_trade_no).state is AttemptState.CANCELLED
    assert service.intent(left.id).state is IntentState.ABANDONED
    assert service.insurance.settlement(left.setl_id).state is SettlementState.REVERSED
    assert world.control.pay(order.out_trade_no)["ok"] is False  # the phone can no longer pay it
    assert service.open_bill("DEMO-001").account_fen == 2000
    assert_balanced(world)


def test_a_bill_paid_just_as_the_patient_left_is_kept(world):
    service = world.service
    bill = service.open_bill("DEMO-002")
    order = service.start_qr(bill.id)
    world.control.pay(order.out_trade_no)  # paid on the phone as the patient walked away
    assert not service.give_up_left_bill(bill.id)
    assert service.attempt(order.out_trade_no).state is AttemptState.PAID
    assert service.intent(bill.id).state is IntentState.SETTLED
    assert_balanced(world)
