"""Partial refunds at the kiosk: yuan typed as text becomes fen exactly, and refusals come before any
money moves (amount, missing or wrong second staff member)."""
from __future__ import annotations

import pytest

from kiosk.config import parse_config
from kiosk.maintenance.demo_staff import DEMO_PIN
from kiosk.maintenance.refunds import Approver, RefundNotAllowed, needs_second_pin, parse_yuan, refund_partly


@pytest.mark.parametrize("text, fen", [("12.5", 1250), ("12.50", 1250), ("0.01", 1), ("200", 20000), ("7.", None),
                                       (".5", None), ("1.234", None), ("0", None), ("", None), ("1.2.3", None),
                                       ("-3", None), ("12,50", None)])
def test_yuan_text_becomes_whole_fen(text, fen):
    assert parse_yuan(text) == fen


def test_the_limit_is_exclusive():
    assert not needs_second_pin(20000, 200) and needs_second_pin(20001, 200)


def test_the_limit_is_a_config_key_with_a_default(kiosk_config):
    from pathlib import Path

    base = {"kiosk": {"id": "K1"}, "hospital": {"name_zh": "医院", "name_en": "Hospital", "his": "fhir+https://his.example.cn/fhir"},
            "storage": {"database": ":memory:"},
            "devices": {kind: "sim:" for kind in kiosk_config.devices}}
    assert parse_config(base, Path("/tmp/k.toml")).second_pin_above_yuan == 200
    changed = parse_config({**base, "maintenance": {"second_pin_above_yuan": 50}}, Path("/tmp/k.toml"))
    assert changed.second_pin_above_yuan == 50


def _refund(services, paid, amount_fen, approver=None, staff_id="2001"):
    return refund_partly(services.payments, services.maintenance.staff, services.audit,
                         out_trade_no=paid.out_trade_no, amount_fen=amount_fen, refundable_fen=paid.amount_fen,
                         reason="patient_asked", request_no=f"RF-{paid.out_trade_no}-test", staff_id=staff_id,
                         second_pin_above_yuan=1, approver=approver)


def test_refusals_happen_before_the_gateway_and_a_retry_refunds_once(services):
    payments = services.payments
    paid = payments.service.pay_with_code(payments.service.open_bill("DEMO-002").id,
                                          payments.sandbox_control.payment_code())
    codes = []
    for amount, approver in ((None, None), (paid.amount_fen + 1, None), (500, None),
                             (500, Approver("2001", DEMO_PIN)), (500, Approver("1001", DEMO_PIN)),
                             (500, Approver("9001", "000001"))):
        with pytest.raises(RefundNotAllowed) as refused:
            _refund(services, paid, amount, approver)
        codes.append(refused.value.code)
    assert codes == ["bad_amount", "too_much", "needs_approver", "same_staff", "approver_role", "approver_refused"]
    assert payments.sandbox_control.trades()[paid.out_trade_no]["refunded_fen"] == 0
    first = _refund(services, paid, 500, Approver("9001", DEMO_PIN))
    again = _refund(services, paid, 500, Approver("9001", DEMO_PIN))
    assert first.state == again.state == "done" and first.out_request_no == again.out_request_no
    assert payments.sandbox_control.trades()[paid.out_trade_no]["refunded_fen"] == 500
    reason, = services.db.execute("SELECT reason FROM payment_refunds WHERE out_request_no = ?",
                                  (first.out_request_no,)).fetchone()
    assert reason == "patient_asked; approved by staff 9001"
