"""A staff webhook endpoint for tests: a real HTTP server on 127.0.0.1 that records every POST and
answers like a WeCom/DingTalk group robot ({"errcode": 0, …}) or as a test tells it to."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StaffRobot:
    """A webhook endpoint: records every POST and answers as told (WeCom: {"errcode": 0, …})."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.reply = {"errcode": 0, "errmsg": "ok"}
        self.status = 200
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers["Content-Length"])
                robot.posts.append(json.loads(self.rfile.read(length).decode("utf-8")))
                body = json.dumps(robot.reply).encode()
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/webhook/send?key=test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "StaffRobot":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def free_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
