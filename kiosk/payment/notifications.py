"""The receiving end of asynchronous notifications: a small HTTP server the gateway posts to.

Alipay posts a form to ``path`` and is answered ``success`` when the payment service accepted the
notification (or had it already) and ``fail`` otherwise; WeChat Pay posts JSON with signed headers to
``wechat_path`` (the same address with its last segment ``wechat``) and is answered 204, or 500 with
``{"code": "FAIL", …}``. The service verifies, dedupes and rejects replays. Whatever
bytes arrive, the sender gets a reply: a body that is not UTF-8 or not a form, a missing, wrong or
oversized ``Content-Length`` (``MAX_BODY_BYTES``) and a sender that stops sending (read timeout) are
answered ``fail`` with a 4xx status, never a dropped connection or a hung thread.

The demo kiosk runs one on 127.0.0.1 for its sandbox; a hospital runs ``onevisit payment-notify``
(``kiosk.payment.notify_service``) behind its HTTPS reverse proxy.
"""
from __future__ import annotations

import logging
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

log = logging.getLogger(__name__)
NOTIFY_PATH = "/notify/alipay"
WechatHandler = Callable[[dict[str, str], bytes], bool]


def wechat_sibling(url_or_path: str) -> str:
    """Where WeChat Pay notifications go: the Alipay address with its last path segment "wechat"."""
    head, _, _ = url_or_path.rpartition("/")
    return f"{head}/wechat"
MAX_BODY_BYTES = 16 * 1024  # an Alipay notification is about 1.5 KB
READ_TIMEOUT_S = 10.0


class NotificationListener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handle: Callable[[dict[str, str]], bool], host: str = "127.0.0.1", port: int = 0,
                 path: str = NOTIFY_PATH, read_timeout_s: float = READ_TIMEOUT_S,
                 wechat: WechatHandler | None = None) -> None:
        super().__init__((host, port), _Handler)
        self.handle = handle
        self.wechat = wechat
        self.path = path
        self.wechat_path = wechat_sibling(path)
        self.read_timeout_s = read_timeout_s
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.path}"

    def start(self) -> "NotificationListener":
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="payment-notifications", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()


class _BadRequest(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    server: NotificationListener

    def setup(self) -> None:
        self.timeout = self.server.read_timeout_s  # applied to the socket by StreamRequestHandler.setup
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        if urllib.parse.urlsplit(self.path).path == self.server.wechat_path and self.server.wechat is not None:
            return self._wechat()
        try:
            form = self._read_form()
        except _BadRequest as bad:
            log.warning("payment notification refused: %s", bad)
            self.close_connection = True  # the rest of a bad body must not be read as a next request
            return self._reply(bad.status, b"fail")
        accepted = False
        if urllib.parse.urlsplit(self.path).path == self.server.path:
            try:
                accepted = self.server.handle(form)
            except Exception:  # a notification must never take the listener down; the poller catches up
                log.exception("payment notification could not be handled")
        self._reply(200, b"success" if accepted else b"fail")

    def do_GET(self) -> None:
        self._reply(405, b"fail")

    def _wechat(self) -> None:
        try:
            body = self._read_body()
        except _BadRequest as bad:
            log.warning("WeChat Pay notification refused: %s", bad)
            self.close_connection = True
            return self._reply(bad.status, b'{"code":"FAIL","message":"bad request"}', "application/json")
        headers = {name.title(): value for name, value in self.headers.items()}
        try:
            accepted = self.server.wechat(headers, body)
        except Exception:
            log.exception("WeChat Pay notification could not be handled")
            accepted = False
        if accepted:
            return self._reply(204, b"")
        self._reply(500, b'{"code":"FAIL","message":"not accepted"}', "application/json")

    def _read_form(self) -> dict[str, str]:
        body = self._read_body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _BadRequest(400, "the body is not UTF-8") from None
        try:
            return dict(urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
                                               max_num_fields=200))
        except ValueError:
            raise _BadRequest(400, "the body is not a form") from None

    def _read_body(self) -> bytes:
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            raise _BadRequest(411, "no Content-Length")
        try:
            length = int(raw_length)
        except ValueError:
            raise _BadRequest(400, f"Content-Length {raw_length[:40]!r} is not a number") from None
        if length < 0:
            raise _BadRequest(400, "negative Content-Length")
        if length > MAX_BODY_BYTES:
            raise _BadRequest(413, f"body of {length} bytes is over the {MAX_BODY_BYTES}-byte limit")
        try:
            body = self.rfile.read(length)
        except (socket.timeout, OSError):
            raise _BadRequest(408, "the sender stopped before the body was complete") from None
        if len(body) < length:
            raise _BadRequest(400, f"the body had {len(body)} of {length} bytes")
        return body

    def _reply(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the sender hung up first: nothing left to tell it
            self.close_connection = True
