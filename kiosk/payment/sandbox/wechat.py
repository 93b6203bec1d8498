"""The sandbox's WeChat Pay API v3 side: Native orders (``code_url``), payment-code (codepay), query,
close, refund and refund query under ``/v3/…``, and notifications, on the same trade book as Alipay.

As WeChat Pay does it: requests carry ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,
signature=…,timestamp=…,serial_no=…`` over "method\\npath\\ntimestamp\\nnonce\\nbody\\n" (checked with
the merchant's public key; a bad one is 401 ``SIGN_ERROR``); replies and notifications carry
``Wechatpay-Timestamp/Nonce/Signature/Serial`` over "timestamp\\nnonce\\nbody\\n" (signed with the
platform key, ``Wechatpay-Serial`` = the platform public key id); a notification's ``resource`` is
AES-256-GCM with the merchant's APIv3 key; any 2xx reply acknowledges it. Amounts are integer fen.
There is no cancel-with-refund: close answers 400 ``ORDERPAID`` for a paid order. Refund numbers
(``out_refund_no``) are unique per merchant.
"""
from __future__ import annotations

import base64
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.payment.sandbox.trades import CLOSED, SUCCESS, WAIT, SandboxTrade
from kiosk.payment.signing import Signer, Verifier

if TYPE_CHECKING:
    from kiosk.payment.sandbox.server import SandboxGatewayServer

BEIJING = ZoneInfo("Asia/Shanghai")
MCHID = "1900000109"
APPID = "wx2421b1c4370ec43b"
PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092026SANDBOX"
REQUEST_CLOCK_SKEW_S = 300
NOTIFY_RETRY_DELAYS_S = (0.0, 0.3, 1.0, 3.0)
Reply = tuple[int, bytes]  # status, JSON body ("" for 204)


def rfc3339(at: float) -> str:
    return datetime.fromtimestamp(at, BEIJING).isoformat(timespec="seconds")


class WechatSandbox:
    def __init__(self, server: "SandboxGatewayServer", merchant_verifier: Verifier, platform_signer: Signer) -> None:
        self.server = server
        self.book = server.book
        self.verifier = merchant_verifier
        self.signer = platform_signer
        self.apiv3_key = secrets.token_hex(16)  # 32 characters, as the merchant sets it in the WeChat Pay console
        self._refund_numbers: dict[str, tuple[str, str]] = {}  # out_refund_no -> (out_trade_no, request_no)

    # HTTP ------------------------------------------------------------------------------------------

    def signed_headers(self, body: bytes) -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex.upper()
        text = f"{timestamp}\n{nonce}\n{body.decode()}\n" + ("tampered" if self.server.take_fault("bad_signatures") else "")
        return {"Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Serial": PUBLIC_KEY_ID,
                "Wechatpay-Signature": self.signer.sign(text), "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}

    def handle(self, verb: str, path_with_query: str, authorization: str, body: bytes) -> Reply:
        refused = self._check_authorization(verb, path_with_query, authorization, body)
        if refused is not None:
            return refused
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return _error(400, "PARAM_ERROR", "the body is not JSON")
        path = path_with_query.split("?", 1)[0]
        if verb == "POST" and path in ("/v3/pay/transactions/native", "/v3/pay/transactions/codepay"):
            if request.get("mchid") != MCHID or request.get("appid") != APPID:
                return _error(400, "PARAM_ERROR", "mchid and appid do not belong together")
            return self._native(request) if path.endswith("native") else self._codepay(request)
        if verb == "GET" and path.startswith("/v3/pay/transactions/out-trade-no/"):
            return self._query(path.rsplit("/", 1)[1])
        if verb == "POST" and path.startswith("/v3/pay/transactions/out-trade-no/") and path.endswith("/close"):
            return self._close(path.split("/")[-2])
        if verb == "POST" and path == "/v3/refund/domestic/refunds":
            return self._refund(request)
        if verb == "GET" and path.startswith("/v3/refund/domestic/refunds/"):
            return self._refund_query(path.rsplit("/", 1)[1])
        return _error(404, "NOT_FOUND", f"no such API: {verb} {path}")

    def _check_authorization(self, verb: str, path: str, authorization: str, body: bytes) -> Reply | None:
        scheme, _, rest = authorization.partition(" ")
        fields = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
        fields = {k.strip(): v.strip().strip('"') for k, v in fields.items()}
        if scheme != "WECHATPAY2-SHA256-RSA2048" or fields.get("mchid") != MCHID:
            return _error(401, "SIGN_ERROR", "the Authorization header does not name this merchant")
        text = f"{verb}\n{path}\n{fields.get('timestamp', '')}\n{fields.get('nonce_str', '')}\n{body.decode()}\n"
        if not self.verifier.verify(text, fields.get("signature", "")):
            return _error(401, "SIGN_ERROR", "签名错误 the request signature does not verify")
        if not fields.get("timestamp", "").isdigit() or abs(time.time() - int(fields["timestamp"])) > REQUEST_CLOCK_SKEW_S:
            return _error(401, "SIGN_ERROR", "the request timestamp is too far from now")
        return None

    # Trades ----------------------------------------------------------------------------------------

    def _native(self, request: dict[str, Any]) -> Reply:
        out_trade_no, amount = str(request.get("out_trade_no", "")), _fen(request)
        if not out_trade_no or amount is None:
            return _error(400, "PARAM_ERROR", "out_trade_no and amount.total are required")
        with self.book.lock:
            trade = self.book.trades.get(out_trade_no)
            if trade is not None and (trade.amount_fen != amount or trade.status != WAIT):
                return _error(400, "OUT_TRADE_NO_USED", "商户订单号重复")
            if trade is None:
                self.book.trades[out_trade_no] = SandboxTrade(out_trade_no, amount, str(request.get("description", "")),
                                                              str(request.get("notify_url", "")), scanned=True,
                                                              gateway="wechat")
        return 200, _json({"code_url": f"weixin://wxpay/bizpayurl?pr={out_trade_no}"})

    def _codepay(self, request: dict[str, Any]) -> Reply:
        out_trade_no, amount = str(request.get("out_trade_no", "")), _fen(request)
        auth_code = str((request.get("payer") or {}).get("auth_code", ""))
        if not out_trade_no or amount is None:
            return _error(400, "PARAM_ERROR", "out_trade_no and amount.total are required")
        with self.book.lock:
            if out_trade_no in self.book.trades:
                return self._query(out_trade_no) if self.book.trades[out_trade_no].paid_at else \
                    _error(400, "OUT_TRADE_NO_USED", "商户订单号重复")
            if auth_code not in self.book.payment_codes:
                return _error(400, "INVALID_REQUEST", "付款码无效，请重新扫码")
            self.book.payment_codes.discard(auth_code)
            self.book.trades[out_trade_no] = SandboxTrade(out_trade_no, amount, str(request.get("description", "")),
                                                          "", scanned=True, gateway="wechat")
            self.book.pay(out_trade_no)  # no notify_url: codepay is answered at once, nothing is notified
        return self._query(out_trade_no)

    def _query(self, out_trade_no: str) -> Reply:
        with self.book.lock:
            trade = self.book.trades.get(out_trade_no)
            if trade is None or trade.gateway != "wechat":
                return _error(404, "ORDER_NOT_EXIST", "订单不存在")
            reply = self.transaction(trade)
        return 200, _json(reply)

    def transaction(self, trade: SandboxTrade) -> dict[str, Any]:
        state = {WAIT: "NOTPAY", SUCCESS: "SUCCESS", CLOSED: "CLOSED"}[trade.status]
        if trade.paid_at is not None and trade.refunds:
            state = "REFUND"
        amount = trade.amount_fen + int(self.book.faults.get("amount_mismatch_fen", 0))
        reply: dict[str, Any] = {"appid": APPID, "mchid": MCHID, "out_trade_no": trade.out_trade_no,
                                 "trade_state": state, "trade_type": "NATIVE", "amount": {"total": amount,
                                                                                         "currency": "CNY"}}
        if trade.paid_at is not None:
            reply.update(transaction_id=trade.trade_no, success_time=rfc3339(trade.paid_at),
                         payer={"openid": "o" + trade.buyer_id}, amount={"total": amount, "payer_total": amount,
                                                                          "currency": "CNY"})
        return reply

    def _close(self, out_trade_no: str) -> Reply:
        with self.book.lock:
            trade = self.book.trades.get(out_trade_no)
            if trade is None or trade.gateway != "wechat":
                return _error(404, "ORDER_NOT_EXIST", "订单不存在")
            if self.book.faults.get("cancel_races_payment") and trade.status == WAIT:
                self.book.pay(out_trade_no)
            if trade.status == SUCCESS:
                return _error(400, "ORDERPAID", "订单已支付")
            trade.cancelled = True
            if self.book.faults.get("paid_after_cancel") and trade.status == WAIT:
                self.book.pay(out_trade_no)  # answered "closed", yet the payment is taken after all
                return 204, b""
            trade.status = CLOSED
        return 204, b""

    def _refund(self, request: dict[str, Any]) -> Reply:
        out_trade_no, out_refund_no = str(request.get("out_trade_no", "")), str(request.get("out_refund_no", ""))
        amount = request.get("amount") or {}
        refund, total = amount.get("refund"), amount.get("total")
        if not out_refund_no or not isinstance(refund, int) or not isinstance(total, int) or refund <= 0:
            return _error(400, "PARAM_ERROR", "out_refund_no and amount.refund / amount.total are required")
        with self.book.lock:
            known = self._refund_numbers.get(out_refund_no)
            if known is not None and known[0] != out_trade_no:
                return _error(400, "PARAM_ERROR", "out_refund_no was used for another order")
            trade = self.book.trades.get(out_trade_no)
            if trade is None or trade.paid_at is None:
                return _error(404, "RESOURCE_NOT_EXISTS", "订单不存在")
            if total != trade.amount_fen:
                return _error(400, "PARAM_ERROR", "amount.total is not the order's amount")
            if out_refund_no not in trade.refunds:
                if sum(trade.refunds.values()) + refund > trade.amount_fen:
                    return _error(403, "NOT_ENOUGH", "退款金额超过可退金额")
                trade.refunds[out_refund_no] = refund
                trade.refunds_moved_at[out_refund_no] = time.time() + float(self.book.faults.get("refund_pending_s", 0))
                self._refund_numbers[out_refund_no] = (out_trade_no, out_refund_no)
                self.book.refund_events.append((trade, out_refund_no))
                if sum(trade.refunds.values()) == trade.amount_fen:
                    trade.status = CLOSED
            elif trade.refunds[out_refund_no] != refund:
                return _error(400, "PARAM_ERROR", "the same out_refund_no with another amount")
            reply = self.refund_body(trade, out_refund_no)
        return 200, _json(reply)

    def _refund_query(self, out_refund_no: str) -> Reply:
        with self.book.lock:
            known = self._refund_numbers.get(out_refund_no)
            if known is None:
                return _error(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
            reply = self.refund_body(self.book.trades[known[0]], out_refund_no)
        return 200, _json(reply)

    @staticmethod
    def refund_body(trade: SandboxTrade, out_refund_no: str) -> dict[str, Any]:
        return {"refund_id": "50" + out_refund_no[-16:], "out_refund_no": out_refund_no,
                "transaction_id": trade.trade_no, "out_trade_no": trade.out_trade_no, "channel": "ORIGINAL",
                "status": "SUCCESS" if trade.refund_moved(out_refund_no) else "PROCESSING",
                "amount": {"total": trade.amount_fen, "refund": trade.refunds[out_refund_no],
                           "payer_total": trade.amount_fen, "payer_refund": trade.refunds[out_refund_no],
                           "currency": "CNY"}}

    # Notifications -----------------------------------------------------------------------------------

    def notification(self, event_type: str, resource: dict[str, Any], age_s: float = 0.0) -> tuple[dict[str, str], bytes]:
        """A signed notification: headers and JSON body with the resource encrypted under the APIv3 key."""
        nonce = secrets.token_hex(6)  # 12 characters, used as the GCM nonce's bytes
        associated = "transaction" if event_type.startswith("TRANSACTION") else "refund"
        key = secrets.token_hex(16) if self.book.faults.get("wrong_apiv3_key") else self.apiv3_key
        sealed = AESGCM(key.encode()).encrypt(nonce.encode(), json.dumps(resource).encode(), associated.encode())
        body = _json({"id": str(uuid.uuid4()), "create_time": rfc3339(time.time()), "resource_type": "encrypt-resource",
                      "event_type": event_type, "summary": "支付成功" if associated == "transaction" else "退款成功",
                      "resource": {"original_type": associated, "algorithm": "AEAD_AES_256_GCM",
                                   "ciphertext": base64.b64encode(sealed).decode(), "associated_data": associated,
                                   "nonce": nonce}})
        faults = self.book.faults
        timestamp = str(int(time.time() - float(faults.get("stale_notify_s", 0)) - age_s))
        header_nonce = uuid.uuid4().hex
        text = f"{timestamp}\n{header_nonce}\n{body.decode()}\n" + ("x" if faults.get("bad_notify_signature") else "")
        return ({"Content-Type": "application/json", "Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": header_nonce,
                 "Wechatpay-Serial": PUBLIC_KEY_ID, "Wechatpay-Signature": self.signer.sign(text),
                 "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}, body)

    def send_paid(self, trade: SandboxTrade) -> None:
        mode = self.book.faults.get("notify", "normal")
        with self.book.lock:
            resource = self.transaction(trade)
        paid = self.notification("TRANSACTION.SUCCESS", resource)
        batch = [paid] * (3 if mode == "duplicate" else 1)
        if mode == "out_of_order":
            batch.append(self.notification("TRANSACTION.SUCCESS", {**resource, "trade_state": "NOTPAY"}, age_s=5))
        self.server.remember_last(trade.out_trade_no, paid)
        for headers, body in batch:
            self.post(trade.notify_url, headers, body)

    def send_refund(self, trade: SandboxTrade, out_refund_no: str) -> None:
        while not trade.refund_moved(out_refund_no):
            time.sleep(0.05)
        with self.book.lock:
            refund = self.refund_body(trade, out_refund_no)
        resource = {"mchid": MCHID, "out_trade_no": trade.out_trade_no, "transaction_id": trade.trade_no,
                    "out_refund_no": out_refund_no, "refund_id": refund["refund_id"], "refund_status": "SUCCESS",
                    "success_time": rfc3339(time.time()), "amount": refund["amount"]}
        self.post(trade.notify_url, *self.notification("REFUND.SUCCESS", resource))

    def post(self, url: str, headers: dict[str, str], body: bytes) -> None:
        for delay in NOTIFY_RETRY_DELAYS_S:
            time.sleep(delay)
            try:
                with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method="POST"),
                                            timeout=5) as reply:
                    status = reply.status
            except urllib.error.HTTPError as refused:
                status = refused.code
            except OSError:
                status = 0
            finally:
                self.server.count_notification()
            if 200 <= status < 300:
                return


def _fen(request: dict[str, Any]) -> int | None:
    total = (request.get("amount") or {}).get("total")
    return total if isinstance(total, int) and total > 0 else None


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error(status: int, code: str, message: str) -> Reply:
    return status, _json({"code": code, "message": message})
