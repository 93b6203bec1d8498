"""QR deposits for renters without a waiver, against the real sandbox gateway: paid once, rented only
after it is credited, refunded once through the gateway at return, the receipt says so."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.payment.gateways import trade_gateway
from kiosk.payment.refunds import reconcile
from kiosk.payment.service import PaymentRefused
from kiosk.payment.store import IntentState
from kiosk.wheelchair.records import Refusal, RentalRefused, RentalState


@pytest.fixture
def services(kiosk_config):
    built = bootstrap(kiosk_config, clock=FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def ledger(services):
    return services.db.execute("SELECT kind, amount_fen FROM payment_ledger ORDER BY id").fetchall()


def test_deposit_paid_by_qr_then_refunded_once_at_return(services):
    desk, payments = services.wheelchairs, services.payments
    renter = services.his.patient("DEMO-004")
    deposit = desk.rentals.deposit_for(renter)
    assert deposit == 19800
    key = "rent:test:WC-004"
    with pytest.raises(RentalRefused) as refused:
        desk.rent("WC-004", renter, key)
    assert refused.value.reason is Refusal.DEPOSIT_NEEDED

    attempt = desk.deposits.start_qr(renter, deposit, key)
    assert attempt.amount_fen == deposit and attempt.qr_code
    assert desk.deposits.start_qr(renter, deposit, key).intent_id == attempt.intent_id  # same intent, new order
    payments.sandbox_control.pay(attempt.out_trade_no)
    assert wait_until(lambda: payments.service.check_attempt(attempt.out_trade_no, True).credited)
    assert wait_until(lambda: payments.service.intent(attempt.intent_id).state is IntentState.SETTLED)
    assert payments.service.intent(attempt.intent_id).invoice_number == ""  # a deposit is not a medical bill
    with pytest.raises(PaymentRefused):
        desk.deposits.start_qr(renter, deposit, key)  # paid: no second order for the same deposit

    started = desk.rent("WC-004", renter, key)
    assert (started.rental.deposit_fen, started.rental.deposit_state) == (deposit, "held")
    dock_slot = started.rental.dock_slot
    services.devices.device("dock").take(dock_slot)
    assert desk.rentals.check_pickup(started.rental.id).state is RentalState.ACTIVE

    services.clock.advance(timedelta(hours=1))
    done = desk.return_chair("WC-004")
    assert done.deposit_refund is not None
    assert (done.deposit_refund.state, done.deposit_refund.amount_fen) == ("done", deposit)
    receipt = services.devices.device("receipt_printer").jobs[-1].data.decode("gb18030", errors="replace")
    assert "押金 198.00 元 已原路退回手机" in receipt
    again = desk.return_chair("WC-004")
    assert again.outcome.already_returned and again.deposit_refund is None
    assert desk.deposits.refund_for(again.outcome.rental).out_request_no == done.deposit_refund.out_request_no
    assert ledger(services).count(("gateway_refund", deposit)) == 1
    assert ("gateway_in", deposit) in ledger(services)
    assert reconcile(payments.service, services.clock.today()).balanced


def test_an_unpaid_deposit_order_never_rents(services):
    desk = services.wheelchairs
    renter = services.his.patient("DEMO-004")
    deposit = desk.rentals.deposit_for(renter)
    attempt = desk.deposits.start_qr(renter, deposit, "rent:test:unpaid")
    assert not desk.deposits.is_paid("rent:test:unpaid", deposit)
    with pytest.raises(RentalRefused):
        desk.rent("WC-001", renter, "rent:test:unpaid")
    services.payments.service.cancel_attempt(attempt.out_trade_no)
    assert services.db.execute("SELECT count(*) FROM wheelchair_rentals").fetchone()[0] == 0


@pytest.mark.parametrize("gateway, scheme", [("wechat", "weixin://"), ("alipay", "http://127.0.0.1:")])
def test_the_deposit_is_paid_on_the_gateway_the_renter_chose_and_refunded_there(services, gateway, scheme):
    desk, payments = services.wheelchairs, services.payments
    renter = services.his.patient("DEMO-004")
    deposit = desk.rentals.deposit_for(renter)
    key = f"rent:test:{gateway}"
    attempt = desk.deposits.start_qr(renter, deposit, key, gateway)
    assert trade_gateway(attempt.out_trade_no) == gateway and attempt.qr_code.startswith(scheme)
    payments.sandbox_control.pay(attempt.out_trade_no)
    assert wait_until(lambda: payments.service.check_attempt(attempt.out_trade_no, True).credited)
    started = desk.rent("WC-003", renter, key)
    services.devices.device("dock").take(started.rental.dock_slot)
    assert desk.rentals.check_pickup(started.rental.id).state is RentalState.ACTIVE
    services.clock.advance(timedelta(minutes=30))
    done = desk.return_chair("WC-003")
    assert (done.deposit_refund.state, done.deposit_refund.amount_fen) == ("done", deposit)
    moved = services.db.execute("SELECT kind, ref, amount_fen FROM payment_ledger WHERE kind LIKE 'gateway%' "
                                "ORDER BY id").fetchall()
    assert [(kind, ref.split("/")[0], fen) for kind, ref, fen in moved] == [
        ("gateway_in", attempt.out_trade_no, deposit), ("gateway_refund", attempt.out_trade_no, deposit)]
