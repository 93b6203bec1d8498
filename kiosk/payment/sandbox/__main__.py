"""``python -m kiosk.payment.sandbox --app-public-key FILE [--app-id ID] [--port 0]``

Generates the gateway's own key pair, serves on 127.0.0.1 and prints one JSON line
``{"url": …, "gateway_public_key": …, "app_id": …}`` on stdout once it is listening; stops on SIGTERM
or when stdin closes (so it never outlives the kiosk that started it).
"""
from __future__ import annotations

import contextlib

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from kiosk.payment.sandbox.server import SandboxGatewayServer
from kiosk.payment.signing import generate_key_pair

DEFAULT_APP_ID = "2021000000000001"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.payment.sandbox", description=__doc__.splitlines()[0])
    parser.add_argument("--app-public-key", required=True, help="PEM file with the kiosk's (the app's) public key")
    parser.add_argument("--app-id", default=DEFAULT_APP_ID)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--watch-stdin", action="store_true", help="stop when standard input closes")
    args = parser.parse_args(argv)
    gateway_private, gateway_public = generate_key_pair()
    server = SandboxGatewayServer(args.app_id, Path(args.app_public_key).read_text(), gateway_private, args.port)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    if args.watch_stdin:
        threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
    server.serve_in_thread()
    print(json.dumps({"url": server.base_url, "gateway_public_key": gateway_public, "app_id": args.app_id,
                      "wechat_apiv3_key": server.wechat.apiv3_key}), flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C in a terminal stops it like SIGTERM
        stopped.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
