"""WeChat Pay beside Alipay (issue 16), the kiosk's adapter on ``wechatpayv3`` against the sandbox's
WeChat Pay API v3: Native QR, notifications (signed headers, AES-GCM resource, our own replay window),
payment codes routed by prefix, close-or-refund, refunds numbered per trade."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from kiosk.payment.gateways import code_gateway
from kiosk.payment.refunds import reconcile, refund
from kiosk.payment.service import PaymentRefused
from kiosk.payment.store import AttemptState, IntentState
from payment_world import make_world, wait_until


@pytest.fixture
def world(database_target, sandbox):
    made = make_world(database_target, sandbox, gateways=("wechat", "alipay"))
    made.control.reset_faults()
    yield made
    made.control.reset_faults()
    made.close()


def test_a_wechat_qr_paid_on_the_phone_is_notified_booked_once_and_settled(world):
    world.control.faults(notify="duplicate")
    service = world.service
    assert service.gateway_names == ("wechat", "alipay")
    intent = service.open_bill("DEMO-001")
    attempt = service.start_qr(intent.id, "wechat")
    assert attempt.qr_code == f"weixin://wxpay/bizpayurl?pr={attempt.out_trade_no}"
    world.control.pay(attempt.out_trade_no)
    assert wait_until(lambda: service.intent(intent.id).state is IntentState.SETTLED)
    assert world.ledger() == [("gateway_in", attempt.out_trade_no, 1350)]
    assert wait_until(lambda: world.control.notifications_sent() >= 3)
    assert world.db.execute("SELECT count(*) FROM payment_notifications").fetchone() == (1,)
    assert world.control.trades()[attempt.out_trade_no]["gateway"] == "wechat"
    assert reconcile(service, service.clock.today()).balanced


@pytest.mark.parametrize("fault", [{"stale_notify_s": 3600}, {"bad_notify_signature": True},
                                   {"wrong_apiv3_key": True}])
def test_an_untrustworthy_wechat_notification_is_refused_and_polling_finds_the_payment(world, fault):
    world.control.faults(**fault)
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-002").id, "wechat")
    world.control.pay(attempt.out_trade_no)
    assert wait_until(lambda: service.audit.entries(action="payment.notification_rejected"))
    assert service.attempt(attempt.out_trade_no).state is AttemptState.AWAITING
    assert world.db.execute("SELECT count(*) FROM payment_notifications").fetchone() == (0,)
    assert service.check_attempt(attempt.out_trade_no, ask_gateway=True).state is AttemptState.PAID


def test_payment_codes_go_to_the_gateway_their_prefix_names(world):
    service = world.service
    wechat = service.pay_with_code(service.open_bill("DEMO-001").id, world.control.payment_code("wechat"))
    alipay = service.pay_with_code(service.open_bill("DEMO-002").id, world.control.payment_code("alipay"))
    trades = world.control.trades()
    assert (trades[wechat.out_trade_no]["gateway"], trades[alipay.out_trade_no]["gateway"]) == ("wechat", "alipay")
    assert wechat.state is alipay.state is AttemptState.PAID
    assert code_gateway("134567890123456789") == "wechat" and code_gateway("2812345678901234") == "alipay"
    with pytest.raises(PaymentRefused):
        code_gateway("9912345678901234")


def test_a_close_that_races_the_payment_refunds_it_in_full(world):
    service = world.service
    intent = service.open_bill("DEMO-002")
    attempt = service.start_qr(intent.id, "wechat")
    world.control.faults(cancel_races_payment=True, refund_pending_s=0.5)
    service.cancel_attempt(attempt.out_trade_no)  # the refund is accepted, its money not moved yet
    assert service.attempt(attempt.out_trade_no).state is AttemptState.CANCELLING
    time.sleep(0.6)
    service.recover()
    assert service.attempt(attempt.out_trade_no).state is AttemptState.REFUNDED
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == 7500
    assert service.intent(intent.id).state is IntentState.OPEN
    assert reconcile(service, service.clock.today()).balanced


def test_money_paid_after_a_wechat_close_is_refunded(world):
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-003").id, "wechat")
    world.control.faults(paid_after_cancel=True)
    # the late payment's notification may already have been booked (and its refund asked for, or done) when
    # cancel returns
    assert service.cancel_attempt(attempt.out_trade_no).state in (
        AttemptState.CANCELLED, AttemptState.REFUND_DUE, AttemptState.REFUNDED)
    assert wait_until(lambda: service.attempt(attempt.out_trade_no).state is AttemptState.REFUNDED)
    assert [r[0] for r in world.ledger()] == ["gateway_in", "gateway_refund"]


def test_the_same_request_number_on_two_wechat_trades_is_two_refunds(world):
    service = world.service
    first = service.pay_with_code(service.open_bill("DEMO-001").id, world.control.payment_code("wechat"))
    second = service.pay_with_code(service.open_bill("DEMO-002").id, world.control.payment_code("wechat"))
    assert refund(service, first.out_trade_no, 1000, "RF-1", "2001", "wrong item").state == "done"
    assert refund(service, second.out_trade_no, 2000, "RF-1", "2001", "wrong item").state == "done"
    trades = world.control.trades()
    assert (trades[first.out_trade_no]["refunded_fen"], trades[second.out_trade_no]["refunded_fen"]) == (1000, 2000)


def test_the_wechat_notification_address_answers_204_or_a_json_failure(world):
    url = world.listener.url.rsplit("/", 1)[0] + "/wechat"
    request = urllib.request.Request(url, data=b'{"id":"x"}', method="POST",
                                     headers={"Content-Type": "application/json", "Wechatpay-Signature": "AAAA"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 500 and b'"FAIL"' in refused.value.read()
