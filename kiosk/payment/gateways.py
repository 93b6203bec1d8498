"""Alipay and WeChat Pay behind one ``PaymentGateway``: each order goes to the gateway its
``out_trade_no`` names (WeChat orders start with ``W``), a payment code to the one its prefix names.

``names`` lists the gateways this kiosk offers, in the order the QR screen shows them; the screens
show whatever is here and never name a gateway themselves.
"""
from __future__ import annotations

from typing import Any

from kiosk.money import Fen
from kiosk.payment.errors import PaymentRefused
from kiosk.payment.gateway import CancelOutcome, Notification, PaymentGateway, RefundOutcome, Trade
from kiosk.payment.wechat_gateway import WECHAT_ID_PREFIX

ALIPAY, WECHAT = "alipay", "wechat"


def code_gateway(auth_code: str) -> str:
    """Which gateway a payment code belongs to, from its published prefixes; PaymentRefused otherwise.

    WeChat Pay: 18 digits starting 10–15. Alipay: 16–24 digits starting 25–30."""
    code = auth_code.strip()
    if code.isdigit() and len(code) == 18 and 10 <= int(code[:2]) <= 15:
        return WECHAT
    if code.isdigit() and 16 <= len(code) <= 24 and 25 <= int(code[:2]) <= 30:
        return ALIPAY
    raise PaymentRefused("this is not a payment code; open the payment code in your phone's pay app")


def trade_gateway(out_trade_no: str) -> str:
    return WECHAT if out_trade_no.startswith(WECHAT_ID_PREFIX) else ALIPAY


def trade_number(gateway: str, base: str) -> str:
    """The out_trade_no of a new order for ``gateway``."""
    return WECHAT_ID_PREFIX + base if gateway == WECHAT else base


class Gateways:
    def __init__(self, gateways: dict[str, Any]) -> None:
        if not gateways:
            raise ValueError("at least one gateway")
        self._gateways = dict(gateways)
        self.names = tuple(name for name in (WECHAT, ALIPAY) if name in self._gateways)
        self.app_id = self._gateways[self.names[-1]].app_id

    def gateway(self, name: str) -> PaymentGateway:
        if name not in self._gateways:
            raise PaymentRefused(f"{name} is not offered on this kiosk")
        return self._gateways[name]

    def for_trade(self, out_trade_no: str) -> PaymentGateway:
        return self.gateway(trade_gateway(out_trade_no))

    def app_id_for(self, out_trade_no: str) -> str:
        return self.for_trade(out_trade_no).app_id

    def precreate(self, out_trade_no: str, amount_fen: Fen, subject: str) -> str:
        return self.for_trade(out_trade_no).precreate(out_trade_no, amount_fen, subject)

    def pay_with_code(self, out_trade_no: str, amount_fen: Fen, subject: str, auth_code: str) -> Trade:
        return self.for_trade(out_trade_no).pay_with_code(out_trade_no, amount_fen, subject, auth_code)

    def query(self, out_trade_no: str) -> Trade:
        return self.for_trade(out_trade_no).query(out_trade_no)

    def cancel(self, out_trade_no: str) -> CancelOutcome:
        return self.for_trade(out_trade_no).cancel(out_trade_no)

    def refund(self, out_trade_no: str, amount_fen: Fen, out_request_no: str) -> RefundOutcome:
        return self.for_trade(out_trade_no).refund(out_trade_no, amount_fen, out_request_no)

    def refund_query(self, out_trade_no: str, out_request_no: str) -> RefundOutcome | None:
        return self.for_trade(out_trade_no).refund_query(out_trade_no, out_request_no)

    def verify_notification(self, form: dict[str, str]) -> Notification:
        """An Alipay notification (a form)."""
        return self.gateway(ALIPAY).verify_notification(form)

    def verify_wechat_notification(self, headers: dict[str, str], body: bytes) -> Notification:
        return self.gateway(WECHAT).verify_notification(headers, body)  # type: ignore[call-arg]
