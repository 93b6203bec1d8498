"""``PaymentGateway`` on python-alipay-sdk: RSA2-signed requests, verified replies and notifications.

Works against Alipay itself and against the sandbox (same protocol, its own keys): only the gateway
URL and the keys differ. Every network failure, timeout, unsigned or badly signed reply becomes
``GatewayUnavailable`` (outcome unknown); a signed business refusal becomes ``GatewayRejected``.
"""
from __future__ import annotations

import http.client
import json
import socket
import urllib.error
from datetime import datetime
from typing import Any, Callable

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig

from kiosk.clock import HOSPITAL_ZONE
from kiosk.money import Fen
from kiosk.payment.gateway import (
    BadSignature,
    CancelOutcome,
    GatewayRejected,
    GatewayUnavailable,
    Notification,
    RefundOutcome,
    Trade,
    TradeStatus,
)
from kiosk.payment.signing import fen_from_text, yuan_text

_STATUSES = {"WAIT_BUYER_PAY": TradeStatus.WAITING, "TRADE_SUCCESS": TradeStatus.PAID,
             "TRADE_CLOSED": TradeStatus.CLOSED, "TRADE_FINISHED": TradeStatus.FINISHED}
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, socket.timeout, ConnectionError, OSError)


class AlipayGateway:
    def __init__(self, app_id: str, app_private_key: str, gateway_public_key: str, gateway_url: str,
                 notify_url: str = "", timeout_s: float = 5.0) -> None:
        self.app_id = app_id
        self.notify_url = notify_url
        self._client = AliPay(appid=app_id, app_notify_url=notify_url or None, app_private_key_string=app_private_key,
                              alipay_public_key_string=gateway_public_key, sign_type="RSA2",
                              config=AliPayConfig(timeout=timeout_s))
        self._client._gateway = gateway_url  # the SDK only knows Alipay's two URLs; the sandbox has its own

    def precreate(self, out_trade_no: str, amount_fen: Fen, subject: str) -> str:
        reply = self._call(lambda: self._client.api_alipay_trade_precreate(
            subject=subject, out_trade_no=out_trade_no, total_amount=yuan_text(amount_fen),
            notify_url=self.notify_url or None, timeout_express="5m"))
        self._raise_unless_ok(reply, "create the payment order")
        return str(reply["qr_code"])

    def pay_with_code(self, out_trade_no: str, amount_fen: Fen, subject: str, auth_code: str) -> Trade:
        reply = self._call(lambda: self._client.api_alipay_trade_pay(
            out_trade_no=out_trade_no, scene="bar_code", auth_code=auth_code, subject=subject,
            notify_url=self.notify_url or None, total_amount=yuan_text(amount_fen)))
        if reply.get("code") == "10003":  # the customer must confirm on the phone: poll
            return Trade(out_trade_no, TradeStatus.WAITING, amount_fen)
        self._raise_unless_ok(reply, "take the payment")
        return Trade(out_trade_no, TradeStatus.PAID, fen_from_text(reply["total_amount"]), str(reply.get("trade_no", "")))

    def query(self, out_trade_no: str) -> Trade:
        reply = self._call(lambda: self._client.api_alipay_trade_query(out_trade_no=out_trade_no))
        if reply.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return Trade(out_trade_no, TradeStatus.NOT_FOUND)
        self._raise_unless_ok(reply, "ask about the payment")
        status = _STATUSES.get(str(reply.get("trade_status")))
        if status is None:
            raise GatewayUnavailable(f"the gateway sent an unknown trade status {reply.get('trade_status')!r}")
        return Trade(out_trade_no, status, fen_from_text(reply.get("total_amount", "0")), str(reply.get("trade_no", "")))

    def cancel(self, out_trade_no: str) -> CancelOutcome:
        reply = self._call(lambda: self._client.api_alipay_trade_cancel(out_trade_no=out_trade_no))
        self._raise_unless_ok(reply, "cancel the order")
        if reply.get("retry_flag") == "Y":
            raise GatewayUnavailable("the gateway asks to repeat the cancel")
        return CancelOutcome(out_trade_no, refunded=reply.get("action") == "refund")

    def refund(self, out_trade_no: str, amount_fen: Fen, out_request_no: str) -> RefundOutcome:
        reply = self._call(lambda: self._client.api_alipay_trade_refund(
            refund_amount=yuan_text(amount_fen), out_trade_no=out_trade_no, out_request_no=out_request_no))
        self._raise_unless_ok(reply, "refund")
        return RefundOutcome(out_trade_no, out_request_no, amount_fen, fen_from_text(reply.get("refund_fee", "0")))

    def refund_query(self, out_trade_no: str, out_request_no: str) -> RefundOutcome | None:
        reply = self._call(lambda: self._client.api_alipay_trade_fastpay_refund_query(
            out_request_no=out_request_no, out_trade_no=out_trade_no))
        self._raise_unless_ok(reply, "ask about the refund")
        if not reply.get("refund_amount"):
            return None
        amount = fen_from_text(reply["refund_amount"])
        return RefundOutcome(out_trade_no, out_request_no, amount, amount)

    def verify_notification(self, form: dict[str, str]) -> Notification:
        data = dict(form)
        signature = data.pop("sign", "")
        try:
            valid = bool(signature) and self._client.verify(data, signature)
        except (AliPayException, ValueError, TypeError):
            valid = False
        if not valid:
            raise BadSignature("a payment notification with a wrong signature was ignored")
        try:
            notify_time = datetime.strptime(form["notify_time"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=HOSPITAL_ZONE)
            return Notification(
                notify_id=form["notify_id"], notify_time=notify_time, app_id=form.get("app_id", ""),
                out_trade_no=form["out_trade_no"], trade_no=form.get("trade_no", ""),
                status=_STATUSES.get(form.get("trade_status", ""), TradeStatus.NOT_FOUND),
                amount_fen=fen_from_text(form["total_amount"]))
        except (KeyError, ValueError, ArithmeticError) as exc:
            raise BadSignature(f"a payment notification was incomplete ({exc})") from None

    # Internals ------------------------------------------------------------------------------------

    def _call(self, request: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        try:
            return request()
        except AliPayValidationError:
            raise GatewayUnavailable("the gateway's reply had a wrong signature and was not trusted") from None
        except AliPayException as exc:
            raise GatewayUnavailable(f"the gateway sent an unsigned or error reply ({exc})") from None
        except _NETWORK_ERRORS as exc:
            raise GatewayUnavailable(f"the gateway did not answer ({exc})") from None
        except (ValueError, json.JSONDecodeError) as exc:
            raise GatewayUnavailable(f"the gateway's reply could not be read ({exc})") from None

    @staticmethod
    def _raise_unless_ok(reply: dict[str, Any], doing: str) -> None:
        code = str(reply.get("code", ""))
        if code == "10000":
            return
        if code in ("20000", "20001") or code == "":
            raise GatewayUnavailable(f"the gateway could not {doing} right now ({reply.get('sub_code', code)})")
        raise GatewayRejected(f"the gateway refused to {doing}: {reply.get('sub_msg') or reply.get('msg')}",
                              code, str(reply.get("sub_code", "")))
