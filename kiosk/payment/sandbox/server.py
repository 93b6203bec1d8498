"""The sandbox's HTTP side: ``/gateway.do`` (signed Alipay requests), ``/qr/<no>`` (a phone page),
``/control/*`` (the customer's side and fault injection) and the notifier that posts signed
notifications to each order's ``notify_url``.

Faults (``POST /control/faults`` with JSON; ``{"reset": true}`` clears them):
``delay_ms`` every reply is late; ``drop_replies``: the next N gateway calls are carried out but never
answered; ``drop_requests``: the next N are neither carried out nor answered; ``bad_signatures``: the
next N replies carry a wrong signature; ``visible_before_scan``; ``amount_mismatch_fen``;
``cancel_races_payment``; ``paid_after_cancel`` (a cancel answers "closed" but the payment is taken
after all, and notified); ``notify``: ``normal`` | ``none`` | ``duplicate`` | ``out_of_order``;
``bad_notify_signature``; ``stale_notify_s`` (notify_time that many seconds in the past);
``refund_pending_s`` (refunds are accepted with ``fund_change = N`` and the money moves that many
seconds later; the refund query says ``REFUND_SUCCESS`` only then).
WeChat Pay (``/v3/…``, see ``kiosk.payment.sandbox.wechat``) takes the same faults, and
``wrong_apiv3_key`` (a notification's resource sealed with another key).
Errors in the common parameters (app id, signature, timestamp) are answered unsigned, as Alipay does.
"""
from __future__ import annotations

import html
import json
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.payment.sandbox.trades import CLOSED, SELLER_ID, SUCCESS, WAIT, SandboxTrade, TradeBook
from kiosk.payment.sandbox.wechat import WechatSandbox
from kiosk.payment.signing import Signer, Verifier, signing_string, yuan_text

BEIJING = ZoneInfo("Asia/Shanghai")
REQUEST_CLOCK_SKEW = timedelta(minutes=10)
NOTIFY_RETRY_DELAYS_S = (0.0, 0.3, 1.0, 3.0)
_METHODS = {
    "alipay.trade.precreate", "alipay.trade.query", "alipay.trade.cancel", "alipay.trade.close",
    "alipay.trade.pay", "alipay.trade.refund", "alipay.trade.fastpay.refund.query",
}


class SandboxGatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, app_id: str, app_public_pem: str, gateway_private_pem: str, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.app_id = app_id
        self.app_verifier = Verifier(app_public_pem)
        self.signer = Signer(gateway_private_pem)
        self.book = TradeBook()
        self.notifications_sent = 0
        self._notifier = ThreadPoolExecutor(max_workers=4, thread_name_prefix="sandbox-notify")
        self._last_notification: dict[str, Any] = {}  # Alipay form, or WeChat (headers, body)
        self._counter_lock = threading.Lock()
        self.wechat = WechatSandbox(self, self.app_verifier, self.signer)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="sandbox-gateway", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._notifier.shutdown(wait=False, cancel_futures=True)

    # Faults ------------------------------------------------------------------------------------------

    def take_fault(self, name: str) -> bool:
        """Use up one of a counted fault (drop_replies, bad_signatures …); True if one was left."""
        with self.book.lock:
            left = int(self.book.faults.get(name, 0))
            if left > 0:
                self.book.faults[name] = left - 1
                return True
            return False

    # Replies -----------------------------------------------------------------------------------------

    @staticmethod
    def unsigned_reply(method: str, body: dict[str, Any]) -> bytes:
        """How Alipay answers an error in the common parameters (app id, signature, timestamp): no sign."""
        key = method.replace(".", "_") + "_response" if method in _METHODS else "error_response"
        return json.dumps({key: body}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def signed_reply(self, method: str, body: dict[str, Any]) -> bytes:
        body_json = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        signed = body_json + ("tampered" if self.take_fault("bad_signatures") else "")
        key = method.replace(".", "_") + "_response"
        return ('{"' + key + '":' + body_json + ',"sign":"' + self.signer.sign(signed) + '"}').encode("utf-8")

    # Notifications -----------------------------------------------------------------------------------

    def notify_paid(self) -> None:
        """Post the notifications of trades paid and refunds made since the last call."""
        if self.book.faults.get("notify", "normal") == "none":
            self.book.take_paid_events(), self.book.take_refund_events()
            return
        for trade in self.book.take_paid_events():
            if trade.notify_url:
                send = self.wechat.send_paid if trade.gateway == "wechat" else self._send_notifications
                self._notifier.submit(send, trade)
        for trade, request_no in self.book.take_refund_events():
            if trade.notify_url:
                send = self.wechat.send_refund if trade.gateway == "wechat" else self._send_refund_notification
                self._notifier.submit(send, trade, request_no)

    def remember_last(self, out_trade_no: str, notification: Any) -> None:
        self._last_notification[out_trade_no] = notification

    def count_notification(self) -> None:
        with self._counter_lock:
            self.notifications_sent += 1

    def _notification(self, trade: SandboxTrade, status: str, age_s: float = 0.0,
                      refund_request_no: str = "") -> dict[str, str]:
        """The fields Alipay's trade_status_sync carries; signed over all of them, empty ones too."""
        faults = self.book.faults
        at = datetime.now(BEIJING) - timedelta(seconds=float(faults.get("stale_notify_s", 0)) + age_s)
        amount = trade.amount_fen + int(faults.get("amount_mismatch_fen", 0))
        paid = datetime.fromtimestamp(trade.paid_at or time.time(), BEIJING)
        params = {
            "notify_time": at.strftime("%Y-%m-%d %H:%M:%S"), "notify_type": "trade_status_sync",
            "notify_id": uuid.uuid4().hex, "app_id": self.app_id, "charset": "utf-8", "version": "1.0",
            "sign_type": "RSA2", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
            "seller_id": SELLER_ID, "buyer_id": trade.buyer_id, "buyer_logon_id": "sandbox***@example.com",
            "trade_status": status, "total_amount": yuan_text(amount), "receipt_amount": yuan_text(amount),
            "invoice_amount": yuan_text(amount), "buyer_pay_amount": yuan_text(amount), "point_amount": "0.00",
            "subject": trade.subject, "body": "", "passback_params": "",
            "gmt_create": datetime.fromtimestamp(trade.created_at, BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            "gmt_payment": paid.strftime("%Y-%m-%d %H:%M:%S"),
            "fund_bill_list": json.dumps([{"amount": yuan_text(amount), "fundChannel": "ALIPAYACCOUNT"}]),
        }
        if refund_request_no:  # a refund: the trade's status after it, what was refunded, which request
            params.update(out_biz_no=refund_request_no, gmt_refund=at.strftime("%Y-%m-%d %H:%M:%S.000"),
                          refund_fee=yuan_text(sum(trade.refunds.values())))
        text = signing_string(params, notification=True) + ("x" if faults.get("bad_notify_signature") else "")
        params["sign"] = self.signer.sign(text)
        return params

    def _send_notifications(self, trade: SandboxTrade) -> None:
        mode = self.book.faults.get("notify", "normal")
        success = self._notification(trade, SUCCESS)
        batch = [success]
        if mode == "duplicate":
            batch = [success, success, success]
        elif mode == "out_of_order":
            batch = [success, self._notification(trade, WAIT, age_s=5)]
        self._last_notification[trade.out_trade_no] = success
        for params in batch:
            self.post_notification(trade.notify_url, params)

    def _send_refund_notification(self, trade: SandboxTrade, request_no: str) -> None:
        """Alipay notifies a refund once its money moved: TRADE_SUCCESS after a partial one, TRADE_CLOSED
        after the last."""
        while not trade.refund_moved(request_no):
            time.sleep(0.05)
        status = CLOSED if sum(trade.refunds.values()) >= trade.amount_fen else SUCCESS
        params = self._notification(trade, status, refund_request_no=request_no)
        self._last_notification[trade.out_trade_no] = params
        self.post_notification(trade.notify_url, params)

    def resend_last(self, out_trade_no: str) -> bool:
        params = self._last_notification.get(out_trade_no)
        trade = self.book.trades.get(out_trade_no)
        if params is None or trade is None:
            return False
        if trade.gateway == "wechat":
            self._notifier.submit(self.wechat.post, trade.notify_url, *params)
        else:
            self._notifier.submit(self.post_notification, trade.notify_url, params)
        return True

    def post_notification(self, url: str, params: dict[str, str]) -> None:
        data = urllib.parse.urlencode(params).encode()
        for delay in NOTIFY_RETRY_DELAYS_S:
            time.sleep(delay)
            try:
                with urllib.request.urlopen(url, data=data, timeout=5) as reply:
                    answer = reply.read().decode().strip()
            except OSError:
                continue
            finally:
                self.count_notification()
            if answer == "success":
                return


class _Handler(BaseHTTPRequestHandler):
    server: SandboxGatewayServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the sandbox is quiet; the kiosk logs
        return

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, verb: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path == "/gateway.do":  # system parameters in the URL, biz_content in a POST form body, or all in one
            try:
                params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                if body and "form-urlencoded" in self.headers.get("Content-Type", "application/x-www-form-urlencoded"):
                    params.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            except (UnicodeDecodeError, ValueError):
                params = {}
            return self._gateway(params)
        if url.path.startswith("/v3/"):
            return self._wechat(verb, body)
        if url.path.startswith("/qr/"):
            return self._phone_page(verb, url.path[4:])
        if url.path.startswith("/control/"):
            return self._control(verb, url.path[9:], body)
        self._send(404, b"not found", "text/plain")

    def _gateway(self, params: dict[str, str]) -> None:
        server, faults = self.server, self.server.book.faults
        if server.take_fault("drop_requests"):
            return self._hang_up()
        method = params.get("method", "")
        if method not in _METHODS:
            return self._send(200, server.unsigned_reply(method, {"code": "40002", "msg": "Invalid Arguments",
                                                                  "sub_code": "isv.invalid-method"}))
        refused = self._check_request(params)
        if refused is not None:
            return self._send(200, server.unsigned_reply(method, refused))
        body = self._dispatch(method, params)
        server.notify_paid()
        if faults.get("delay_ms"):
            time.sleep(float(faults["delay_ms"]) / 1000)
        if server.take_fault("drop_replies"):
            return self._hang_up()
        self._send(200, server.signed_reply(method, body))

    def _wechat(self, verb: str, body: bytes) -> None:
        server, faults = self.server, self.server.book.faults
        if server.take_fault("drop_requests"):
            return self._hang_up()
        status, payload = server.wechat.handle(verb, self.path, self.headers.get("Authorization", ""), body)
        server.notify_paid()
        if faults.get("delay_ms"):
            time.sleep(float(faults["delay_ms"]) / 1000)
        if server.take_fault("drop_replies"):
            return self._hang_up()
        self.send_response(status)
        for name, value in server.wechat.signed_headers(payload).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _check_request(self, params: dict[str, str]) -> dict[str, Any] | None:
        if params.get("app_id") != self.server.app_id:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-app-id"}
        if not self.server.app_verifier.verify(signing_string(params), params.get("sign", "")):
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature"}
        try:  # Beijing time (GMT+8), whatever the zone of the machine that sent it
            sent = datetime.strptime(params.get("timestamp", ""), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
        except ValueError:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-timestamp"}
        if abs(datetime.now(BEIJING) - sent) > REQUEST_CLOCK_SKEW:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-timestamp"}
        return None

    def _dispatch(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        book = self.server.book
        try:
            biz = json.loads(params.get("biz_content") or "{}")
        except ValueError:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-biz-content"}
        notify_url = params.get("notify_url", "")
        if method == "alipay.trade.precreate":
            return book.precreate(biz, notify_url, self.server.base_url)
        if method == "alipay.trade.query":
            return book.query(biz)
        if method == "alipay.trade.cancel":
            return book.cancel(biz)
        if method == "alipay.trade.close":
            return book.close(biz)
        if method == "alipay.trade.pay":
            return book.pay_with_code(biz, notify_url)
        if method == "alipay.trade.refund":
            return book.refund(biz)
        return book.refund_query(biz)

    def _phone_page(self, verb: str, out_trade_no: str) -> None:
        """What a phone shows after scanning the kiosk's QR in the sandbox: the amount and a Pay button."""
        book = self.server.book
        if verb == "POST":
            result = book.pay(out_trade_no)
            self.server.notify_paid()
            text = "支付成功 Paid" if result["ok"] else html.escape(result["error"])
            return self._send(200, f"<h1>{text}</h1>".encode(), "text/html; charset=utf-8")
        book.scan(out_trade_no)
        trade = book.trades.get(out_trade_no)
        amount = yuan_text(trade.amount_fen) if trade else "?"
        page = (f"<h1>沙箱支付 Sandbox pay</h1><p>{html.escape(out_trade_no)}</p><p>{amount} 元</p>"
                f"<form method='post'><button>确认支付 Pay</button></form>")
        self._send(200, page.encode(), "text/html; charset=utf-8")

    def _control(self, verb: str, action: str, body: bytes) -> None:
        server, book = self.server, self.server.book
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self._send_json(400, {"ok": False, "error": "body must be JSON"})
        if action == "health":
            return self._send_json(200, {"ok": True})
        if action == "trades":
            with book.lock:
                return self._send_json(200, {no: t.summary() for no, t in book.trades.items()})
        if action == "notifications":
            return self._send_json(200, {"sent": server.notifications_sent})
        if verb != "POST":
            return self._send_json(405, {"ok": False, "error": "use POST"})
        if action == "faults":
            with book.lock:
                if request.pop("reset", False):
                    book.faults.clear()
                book.faults.update(request)
                return self._send_json(200, {"ok": True, "faults": dict(book.faults)})
        if action == "scan":
            return self._send_json(200, book.scan(str(request.get("out_trade_no", ""))))
        if action == "pay":
            result = book.pay(str(request.get("out_trade_no", "")))
            server.notify_paid()
            return self._send_json(200, result)
        if action == "payment_code":
            return self._send_json(200, {"ok": True, "auth_code": book.new_payment_code(str(request.get("gateway",
                                                                                                         "alipay")))})
        if action == "resend":
            return self._send_json(200, {"ok": server.resend_last(str(request.get("out_trade_no", "")))})
        self._send_json(404, {"ok": False, "error": f"unknown control {action!r}"})

    def _send_json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, payload: bytes, content_type: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _hang_up(self) -> None:
        """No reply at all: the client sees the connection close (a lost reply on the internet)."""
        self.close_connection = True
