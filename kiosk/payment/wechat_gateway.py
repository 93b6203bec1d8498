"""``PaymentGateway`` on WeChat Pay API v3 (the ``wechatpayv3`` package): Native QR (``code_url``),
payment code (codepay), query, close, refund and refund query, and notifications.

Requests are signed with the merchant key (``Authorization: WECHATPAY2-SHA256-RSA2048 …``); replies
are verified against the platform public key (``Wechatpay-Serial`` = its id). Notifications are
checked the same way over their headers, their ``resource`` decrypted with the APIv3 key (AES-256-GCM),
and their ``Wechatpay-Timestamp`` held to our own replay window (the package alone accepts any age).

WeChat Pay has no cancel-with-refund: ``cancel`` closes an unpaid order, and for one paid meanwhile
(``ORDERPAID``) refunds it in full, counting the cancel done only once the refund's money moved.
Refund numbers are unique per merchant at WeChat Pay, so ours (unique per trade) are sent as
``<out_trade_no>-<request>``. Amounts are integer fen on both sides.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any, Callable

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

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
    refund_and_confirm,
)

log = logging.getLogger(__name__)
_STATES = {"SUCCESS": TradeStatus.PAID, "NOTPAY": TradeStatus.WAITING, "USERPAYING": TradeStatus.WAITING,
           "CLOSED": TradeStatus.CLOSED, "REFUND": TradeStatus.CLOSED, "REVOKED": TradeStatus.CLOSED,
           "PAYERROR": TradeStatus.CLOSED}
_CONFIG_PROBLEMS = {
    401: "WeChat Pay could not verify the kiosk's signature: check payment.wechat_private_key_file and "
         "payment.wechat_serial_no",
    403: "this WeChat Pay merchant may not use this product: check payment.wechat_mchid and its products",
}
WECHAT_ID_PREFIX = "W"  # out_trade_no of WeChat orders start with this (Alipay ones with I or D)


def refund_number(out_trade_no: str, out_request_no: str) -> str:
    return f"{out_trade_no}-{out_request_no}"[:64]


class WechatGateway:
    def __init__(self, mchid: str, appid: str, merchant_private_key: str, merchant_serial_no: str, apiv3_key: str,
                 platform_public_key: str, platform_public_key_id: str, gateway_url: str, notify_url: str = "",
                 timeout_s: float = 5.0, replay_window_s: int = 300) -> None:
        self.app_id = appid
        self.notify_url = notify_url
        self.replay_window_s = replay_window_s
        self._client = WeChatPay(wechatpay_type=WeChatPayType.NATIVE, mchid=mchid, private_key=merchant_private_key,
                                 cert_serial_no=merchant_serial_no, appid=appid, apiv3_key=apiv3_key,
                                 notify_url=notify_url or None, timeout=timeout_s, public_key=platform_public_key,
                                 public_key_id=platform_public_key_id)
        self._client._core._gate_way = gateway_url.rstrip("/")  # the package knows only WeChat's own host

    def precreate(self, out_trade_no: str, amount_fen: Fen, subject: str) -> str:
        reply = self._call(lambda: self._client.pay(description=subject[:127], out_trade_no=out_trade_no,
                                                    amount={"total": amount_fen, "currency": "CNY"},
                                                    pay_type=WeChatPayType.NATIVE), "create the payment order")
        return str(reply["code_url"])

    def pay_with_code(self, out_trade_no: str, amount_fen: Fen, subject: str, auth_code: str) -> Trade:
        reply = self._call(lambda: self._client.pay(
            description=subject[:127], out_trade_no=out_trade_no, amount={"total": amount_fen, "currency": "CNY"},
            payer={"auth_code": auth_code}, scene_info={"store_info": {"out_id": "onevisit-kiosk"}},
            pay_type=WeChatPayType.CODEPAY), "take the payment")
        return self._trade(out_trade_no, reply)

    def query(self, out_trade_no: str) -> Trade:
        reply = self._call(lambda: self._client.query(out_trade_no=out_trade_no), "ask about the payment",
                           not_found=True)
        return Trade(out_trade_no, TradeStatus.NOT_FOUND) if reply is None else self._trade(out_trade_no, reply)

    def cancel(self, out_trade_no: str) -> CancelOutcome:
        """Close the order; if it was paid (now, or before an earlier try of this cancel refunded it),
        refund it in full under one request number and count it only once the money moved."""
        before = self.query(out_trade_no)
        if before.status is not TradeStatus.NOT_FOUND and before.trade_no:  # paid, maybe refunded since
            return self._refund_for_cancel(out_trade_no, before.amount_fen)
        try:
            self._call(lambda: self._client.close(out_trade_no=out_trade_no), "close the order", not_found=True)
            return CancelOutcome(out_trade_no, refunded=False)
        except GatewayRejected as refused:
            if refused.code != "ORDERPAID":
                raise
        return self._refund_for_cancel(out_trade_no, self.query(out_trade_no).amount_fen)

    def _refund_for_cancel(self, out_trade_no: str, amount_fen: Fen) -> CancelOutcome:
        if not refund_and_confirm(self, out_trade_no, amount_fen, f"cancel-{out_trade_no}").money_moved:
            raise GatewayUnavailable("the order was paid; its refund is accepted but the money has not moved yet")
        return CancelOutcome(out_trade_no, refunded=True)

    def refund(self, out_trade_no: str, amount_fen: Fen, out_request_no: str) -> RefundOutcome:
        total = self.query(out_trade_no).amount_fen
        reply = self._call(lambda: self._client.refund(out_refund_no=refund_number(out_trade_no, out_request_no),
                                                       amount={"refund": amount_fen, "total": total, "currency": "CNY"},
                                                       out_trade_no=out_trade_no), "refund")
        return self._refund(out_trade_no, out_request_no, reply)

    def refund_query(self, out_trade_no: str, out_request_no: str) -> RefundOutcome | None:
        reply = self._call(lambda: self._client.query_refund(out_refund_no=refund_number(out_trade_no, out_request_no)),
                           "ask about the refund", not_found=True)
        return None if reply is None else self._refund(out_trade_no, out_request_no, reply)

    def verify_notification(self, headers: dict[str, str], body: bytes) -> Notification:
        """Check the Wechatpay-* signature, our replay window, and decrypt the resource."""
        try:
            data = self._client.callback(headers, body)
        except Exception as exc:  # the package raises bare Exception for an unknown algorithm or key
            raise BadSignature(f"a WeChat Pay notification could not be read ({exc})") from None
        if not data:
            raise BadSignature("a WeChat Pay notification with a wrong signature or resource was ignored")
        try:
            notify_time = datetime.fromtimestamp(int(headers.get("Wechatpay-Timestamp", "")), HOSPITAL_ZONE)
            resource = data["resource"]
            amount = resource.get("amount") or {}
            refund_no = str(resource.get("out_refund_no", ""))
            out_trade_no = str(resource["out_trade_no"])
            return Notification(
                notify_id=str(data["id"]), notify_time=notify_time, app_id=str(resource.get("appid", self.app_id)),
                out_trade_no=out_trade_no, trade_no=str(resource.get("transaction_id", "")),
                status=TradeStatus.PAID if not refund_no and resource.get("trade_state") == "SUCCESS" else
                _STATES.get(str(resource.get("trade_state", "")), TradeStatus.CLOSED if refund_no else TradeStatus.WAITING),
                amount_fen=int(amount.get("total", 0)),
                refund_request_no=refund_no.removeprefix(out_trade_no + "-") if refund_no else "",
                refunded_total_fen=int(amount.get("refund", 0)))
        except (KeyError, ValueError, TypeError) as exc:
            raise BadSignature(f"a WeChat Pay notification was incomplete ({exc})") from None

    # Internals ------------------------------------------------------------------------------------

    @staticmethod
    def _trade(out_trade_no: str, reply: dict[str, Any]) -> Trade:
        state = str(reply.get("trade_state", ""))
        if state not in _STATES:
            raise GatewayUnavailable(f"WeChat Pay sent an unknown trade state {state!r}")
        return Trade(out_trade_no, _STATES[state], int((reply.get("amount") or {}).get("total", 0)),
                     str(reply.get("transaction_id", "")))

    @staticmethod
    def _refund(out_trade_no: str, out_request_no: str, reply: dict[str, Any]) -> RefundOutcome:
        amount = reply.get("amount") or {}
        return RefundOutcome(out_trade_no, out_request_no, int(amount.get("refund", 0)), int(amount.get("refund", 0)),
                             money_moved=reply.get("status") == "SUCCESS")

    def _call(self, request: Callable[[], tuple[int, Any]], doing: str, not_found: bool = False) -> dict[str, Any] | None:
        try:
            status, text = request()
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"WeChat Pay did not answer ({type(exc).__name__})") from None
        except Exception as exc:  # the package raises bare Exception when a reply's signature fails
            raise GatewayUnavailable(f"WeChat Pay's reply was not trusted ({exc})") from None
        try:
            reply = json.loads(text) if text else {}
        except (TypeError, ValueError):
            reply = {}
        if 200 <= status < 300:
            return reply
        code = str(reply.get("code", ""))
        if status == 404 and not_found:
            return None
        if status in _CONFIG_PROBLEMS:
            raise GatewayMisconfigured(f"{_CONFIG_PROBLEMS[status]} ({status} {code})", code, code)
        if status >= 500 or code in ("SYSTEM_ERROR", "FREQUENCY_LIMITED", "BANK_ERROR", "USERPAYING"):
            raise GatewayUnavailable(f"WeChat Pay could not {doing} right now ({status} {code})")
        raise GatewayRejected(f"WeChat Pay refused to {doing}: {reply.get('message') or code}", code, code)
