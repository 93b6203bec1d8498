"""The sandbox behaves like Alipay where it matters for testing (issue 16): a POST form body with the
system parameters in the query string, unsigned errors, Beijing-time timestamps, notifications signed
over every field (empty ones too) with seller_id / buyer_id / gmt_create, and refund notifications."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import pytest
from alipay import AliPay

from kiosk.clock import HOSPITAL_ZONE
from kiosk.payment.alipay_gateway import AlipayGateway
from kiosk.payment.notifications import NotificationListener
from kiosk.payment.sandbox.process import SandboxControl
from kiosk.payment.store import AttemptState
from payment_world import make_world, wait_until


@pytest.fixture
def control(sandbox):
    made = SandboxControl(sandbox.url)
    made.reset_faults()
    yield made
    made.reset_faults()


@pytest.fixture
def sdk(sandbox):
    return AliPay(appid=sandbox.app_id, app_notify_url=None, app_private_key_string=sandbox.app_private_key,
                  alipay_public_key_string=sandbox.gateway_public_key, sign_type="RSA2")


@pytest.fixture
def received():
    forms: list[dict[str, str]] = []
    listener = NotificationListener(lambda form: forms.append(form) or True).start()
    yield listener, forms
    listener.stop()


def signed_params(sdk: AliPay, method: str, biz: dict, at: datetime) -> dict[str, str]:
    data = sdk.build_body(method, biz)
    data["timestamp"] = at.strftime("%Y-%m-%d %H:%M:%S")
    return dict(urllib.parse.parse_qsl(sdk.sign_data(data), keep_blank_values=True))


def post_like_the_official_sdks(url: str, params: dict[str, str]) -> dict:
    """System parameters in the URL, biz_content in a form body."""
    body = urllib.parse.urlencode({"biz_content": params.pop("biz_content")}).encode()
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode(params), data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"})
    with urllib.request.urlopen(request, timeout=5) as reply:
        return json.loads(reply.read())


def test_a_post_form_body_with_system_parameters_in_the_url_is_read_whole(sandbox, sdk):
    params = signed_params(sdk, "alipay.trade.query", {"out_trade_no": "NEVER-MADE"}, datetime.now(HOSPITAL_ZONE))
    reply = post_like_the_official_sdks(sandbox.gateway_url, params)
    answer = reply["alipay_trade_query_response"]
    assert (answer["code"], answer["sub_code"]) == ("40004", "ACQ.TRADE_NOT_EXIST")
    assert reply["sign"]  # a business answer is signed


def test_a_timestamp_in_utc_instead_of_beijing_time_is_refused_unsigned(sandbox, sdk):
    utc_wall_clock = datetime.now(timezone.utc).replace(tzinfo=None)  # what a kiosk set to UTC would write
    reply = post_like_the_official_sdks(sandbox.gateway_url, signed_params(
        sdk, "alipay.trade.query", {"out_trade_no": "X"}, utc_wall_clock))
    assert reply["alipay_trade_query_response"]["sub_code"] == "isv.invalid-timestamp"
    assert "sign" not in reply


def test_a_wrong_app_id_is_answered_unsigned(sandbox):
    wrong = AliPay(appid="2021000000000999", app_notify_url=None, app_private_key_string=sandbox.app_private_key,
                   alipay_public_key_string=sandbox.gateway_public_key, sign_type="RSA2")
    reply = post_like_the_official_sdks(sandbox.gateway_url, signed_params(
        wrong, "alipay.trade.query", {"out_trade_no": "X"}, datetime.now(HOSPITAL_ZONE)))
    assert reply == {"alipay_trade_query_response": {"code": "40002", "msg": "Invalid Arguments",
                                                     "sub_code": "isv.invalid-app-id"}}


def test_notifications_carry_alipays_fields_and_verify_with_the_sdk_over_empty_values(sandbox, control, sdk, received):
    listener, forms = received
    gateway = AlipayGateway(sandbox.app_id, sandbox.app_private_key, sandbox.gateway_public_key, sandbox.gateway_url,
                            listener.url)
    gateway.precreate("SBX-N1", 1850, "门诊缴费 Outpatient bill")
    control.pay("SBX-N1")
    assert wait_until(lambda: len(forms) == 1)
    form = dict(forms[0])
    assert form["seller_id"] and form["buyer_id"].startswith("2088") and form["gmt_create"] <= form["gmt_payment"]
    assert form["body"] == "" and form["total_amount"] == "18.50" and form["trade_status"] == "TRADE_SUCCESS"
    notified_at = datetime.strptime(form["notify_time"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=HOSPITAL_ZONE)
    assert abs((datetime.now(timezone.utc) - notified_at).total_seconds()) < 60  # Beijing time, read as such
    signature = form.pop("sign")
    assert sdk.verify(form, signature)  # the SDK keeps empty values when it verifies
    assert gateway.verify_notification(forms[0]).out_trade_no == "SBX-N1"


def test_partial_and_final_refunds_are_notified(sandbox, control, received):
    listener, forms = received
    gateway = AlipayGateway(sandbox.app_id, sandbox.app_private_key, sandbox.gateway_public_key, sandbox.gateway_url,
                            listener.url)
    gateway.precreate("SBX-R1", 7500, "门诊缴费 Outpatient bill")
    control.pay("SBX-R1")
    assert gateway.refund("SBX-R1", 1000, "RF-1").money_moved
    assert gateway.refund("SBX-R1", 6500, "RF-2").money_moved
    assert wait_until(lambda: len(forms) == 3)
    refunds = sorted((f for f in forms if "out_biz_no" in f), key=lambda f: f["out_biz_no"])  # arrival order varies
    partial, final = (gateway.verify_notification(f) for f in refunds)
    assert (partial.refund_request_no, partial.refunded_total_fen, partial.status.value) == ("RF-1", 1000, "paid")
    assert (final.refund_request_no, final.refunded_total_fen, final.status.value) == ("RF-2", 7500, "closed")


def test_a_repeated_refund_request_moves_no_money_and_the_query_confirms_it(sandbox, control):
    gateway = AlipayGateway(sandbox.app_id, sandbox.app_private_key, sandbox.gateway_public_key, sandbox.gateway_url)
    gateway.precreate("SBX-R2", 2000, "门诊缴费 Outpatient bill")
    control.pay("SBX-R2")
    assert gateway.refund("SBX-R2", 500, "RF-1").money_moved
    assert not gateway.refund("SBX-R2", 500, "RF-1").money_moved  # fund_change = N
    confirmed = gateway.refund_query("SBX-R2", "RF-1")
    assert confirmed is not None and confirmed.money_moved and confirmed.refund_fen == 500
    assert gateway.refund_query("SBX-R2", "RF-9") is None


def test_the_kiosk_learns_from_the_refund_notification_that_an_unneeded_payment_went_back(database_target, sandbox, control):
    world = make_world(database_target, sandbox)
    try:
        control.faults(refund_pending_s=0.5)
        service = world.service
        intent = service.open_bill("DEMO-001")
        first, second = service.start_qr(intent.id), service.start_qr(intent.id)
        control.pay(first.out_trade_no)
        assert wait_until(lambda: service.attempt(first.out_trade_no).state is AttemptState.PAID)
        control.pay(second.out_trade_no)
        assert wait_until(lambda: service.attempt(second.out_trade_no).state is AttemptState.REFUND_DUE)
        # no recovery round: the refund notification, sent once the money moved, confirms it
        assert wait_until(lambda: world.db.execute("SELECT count(*) FROM payment_notifications "
                                                   "WHERE outcome = 'refund'").fetchone()[0] == 1)
        assert service.attempt(second.out_trade_no).state is AttemptState.REFUNDED
    finally:
        world.close()
