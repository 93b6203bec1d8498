"""The kiosk's end of asynchronous notifications: a small HTTP server the gateway posts to.

Answers ``success`` when the payment service accepted the notification (or had it already) and
``fail`` otherwise, as Alipay expects; the service verifies, dedupes and rejects replays.
"""
from __future__ import annotations

import logging
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

log = logging.getLogger(__name__)
NOTIFY_PATH = "/notify/alipay"


class NotificationListener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handle: Callable[[dict[str, str]], bool], host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.handle = handle
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{NOTIFY_PATH}"

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


class _Handler(BaseHTTPRequestHandler):
    server: NotificationListener

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
        accepted = False
        if urllib.parse.urlsplit(self.path).path == NOTIFY_PATH:
            try:
                accepted = self.server.handle(form)
            except Exception:  # a notification must never take the listener down; the poller catches up
                log.exception("payment notification could not be handled")
        body = b"success" if accepted else b"fail"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
