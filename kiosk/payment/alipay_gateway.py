"""``PaymentGateway`` on python-alipay-sdk: RSA2-signed requests, verified replies and notifications.

Works against Alipay itself and against the sandbox (same protocol, its own keys): only the gateway
URL and the keys differ. Every network failure, timeout or badly signed reply becomes
``GatewayUnavailable`` (outcome unknown); a signed business refusal becomes ``GatewayRejected``.
Alipay answers errors in the common parameters (wrong app id, key, timestamp; 40001/40002/40006)
without a signature: those become ``GatewayMisconfigured`` with the setting to fix in plain words.
Request timestamps are Beijing time (GMT+8), whatever the machine's own zone.
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
    GatewayMisconfigured,
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
_CONFIG_CODES = ("40001", "40002", "40006")  # missing/invalid common parameters, no permission: unsigned
_CONFIG_PROBLEMS = {
    "isv.invalid-app-id": "the gateway does not know this app id: check payment.app_id",
    "isv.invalid-signature": ("the gateway could not verify the kiosk's signature: payment.app_private_key_file "
                              "does not match the app public key registered with the gateway"),
    "isv.invalid-timestamp": "the gateway refused the request time: set this computer's clock (NTP)",
    "isv.insufficient-isv-permissions": "this app id may not use face-to-face payment: sign the product first",
}


class _UnsignedError(Exception):
    def __init__(self, reply: dict[str, Any]) -> None:
        super().__init__(str(reply))
        self.reply = reply


class _KioskAliPay(AliPay):
    """The SDK with Beijing-time timestamps and unsigned error replies handed over as they are."""

    def build_body(self, method, biz_content=None, **kwargs):  # type: ignore[no-untyped-def]
        data = super().build_body(method, biz_content, **kwargs)
        data["timestamp"] = datetime.now(HOSPITAL_ZONE).strftime("%Y-%m-%d %H:%M:%S")
        return data

    def _verify_and_return_sync_response(self, raw_string, response_type):  # type: ignore[no-untyped-def]
        response = json.loads(raw_string)
        if not response.get("sign") or "error_response" in response:
            reply = response.get(response_type) or response.get("error_response") or {}
            raise _UnsignedError(reply if isinstance(reply, dict) else {})
        return super()._verify_and_return_sync_response(raw_string, response_type)


class AlipayGateway:
    def __init__(self, app_id: str, app_private_key: str, gateway_public_key: str, gateway_url: str,
                 notify_url: str = "", timeout_s: float = 5.0) -> None:
        self.app_id = app_id
        self.notify_url = notify_url
        self._client = _KioskAliPay(appid=app_id, app_notify_url=notify_url or None, app_private_key_string=app_private_key,
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
        return RefundOutcome(out_trade_no, out_request_no, amount_fen, fen_from_text(reply.get("refund_fee", "0")),
                             money_moved=reply.get("fund_change") == "Y")

    def refund_query(self, out_trade_no: str, out_request_no: str) -> RefundOutcome | None:
        reply = self._call(lambda: self._client.api_alipay_trade_fastpay_refund_query(
            out_request_no=out_request_no, out_trade_no=out_trade_no))
        self._raise_unless_ok(reply, "ask about the refund")
        if not reply.get("refund_amount"):
            return None
        amount = fen_from_text(reply["refund_amount"])
        return RefundOutcome(out_trade_no, out_request_no, amount, amount,
                             money_moved=reply.get("refund_status") == "REFUND_SUCCESS")

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
                amount_fen=fen_from_text(form["total_amount"]), refund_request_no=form.get("out_biz_no", ""),
                refunded_total_fen=fen_from_text(form.get("refund_fee") or "0"))
        except (KeyError, ValueError, ArithmeticError) as exc:
            raise BadSignature(f"a payment notification was incomplete ({exc})") from None

    # Internals ------------------------------------------------------------------------------------

    def _call(self, request: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        try:
            return request()
        except _UnsignedError as unsigned:
            reply = unsigned.reply
            code, sub_code = str(reply.get("code", "")), str(reply.get("sub_code", ""))
            if code in _CONFIG_CODES:
                problem = _CONFIG_PROBLEMS.get(sub_code) or (
                    f"the gateway refused the kiosk's payment settings: {reply.get('sub_msg') or reply.get('msg')}")
                raise GatewayMisconfigured(f"{problem} ({code} {sub_code})".replace(" )", ")"), code, sub_code) from None
            raise GatewayUnavailable(f"the gateway sent an unsigned reply ({code} {sub_code})") from None
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
