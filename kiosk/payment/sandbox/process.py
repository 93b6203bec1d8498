"""Start and stop the sandbox gateway as a child process, and drive its control endpoints."""
from __future__ import annotations

import contextlib

import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.payment.sandbox.__main__ import DEFAULT_APP_ID
from kiosk.payment.sandbox.wechat import APPID as WECHAT_APPID
from kiosk.payment.sandbox.wechat import MCHID as WECHAT_MCHID
from kiosk.payment.sandbox.wechat import PUBLIC_KEY_ID as WECHAT_PUBLIC_KEY_ID
from kiosk.payment.signing import generate_key_pair

START_TIMEOUT_S = 20.0


class SandboxError(RuntimeError):
    """The sandbox did not start or did not answer."""


@dataclass(frozen=True)
class SandboxEndpoint:
    url: str
    gateway_public_key: str
    app_id: str
    app_private_key: str
    wechat_apiv3_key: str = ""  # the sandbox's WeChat Pay side (same keys: the app's pair, the gateway's pair)
    wechat_mchid: str = WECHAT_MCHID
    wechat_appid: str = WECHAT_APPID
    wechat_public_key_id: str = WECHAT_PUBLIC_KEY_ID

    @property
    def gateway_url(self) -> str:
        return self.url + "/gateway.do"


class SandboxProcess:
    """``start()`` returns at once; ``endpoint()`` waits for the child's ready line (first call only)."""

    def __init__(self, app_id: str = DEFAULT_APP_ID) -> None:
        self.app_id = app_id
        self._process: subprocess.Popen | None = None
        self._endpoint: SandboxEndpoint | None = None
        self._app_private = ""
        self._lock = threading.Lock()
        self._folder: tempfile.TemporaryDirectory | None = None

    def start(self) -> None:
        with self._lock:
            if self._process is not None:
                return
            self._app_private, app_public = generate_key_pair()
            self._folder = tempfile.TemporaryDirectory(prefix="onevisit-sandbox-")
            public_file = Path(self._folder.name) / "app_public.pem"
            public_file.write_text(app_public)
            root = str(Path(__file__).resolve().parents[3])
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
            self._process = subprocess.Popen(
                [sys.executable, "-m", "kiosk.payment.sandbox", "--app-public-key", str(public_file),
                 "--app-id", self.app_id, "--watch-stdin"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)

    def endpoint(self, timeout_s: float = START_TIMEOUT_S) -> SandboxEndpoint:
        with self._lock:
            if self._endpoint is not None:
                return self._endpoint
            if self._process is None:
                raise SandboxError("the sandbox gateway was not started")
            line = _read_line(self._process, timeout_s)
            if not line:
                error = self._process.stderr.read() if self._process.poll() is not None else "no answer in time"
                raise SandboxError(f"the sandbox gateway did not start: {error.strip()[-300:]}")
            ready = json.loads(line)
            self._endpoint = SandboxEndpoint(ready["url"], ready["gateway_public_key"], ready["app_id"], self._app_private,
                                             ready.get("wechat_apiv3_key", ""))
            return self._endpoint

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            self._endpoint = None
        if process is None:
            return
        with contextlib.suppress(OSError):  # already gone: terminate() below is enough
            process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            stream.close()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _read_line(process: subprocess.Popen, timeout_s: float) -> str:
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout_s)
    return result[0].strip() if result else ""


class SandboxControl:
    """The customer's side and fault injection, over the sandbox's ``/control`` endpoints."""

    def __init__(self, base_url: str, timeout_s: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        return self._post("pay", {"out_trade_no": out_trade_no})

    def scan(self, out_trade_no: str) -> dict[str, Any]:
        return self._post("scan", {"out_trade_no": out_trade_no})

    def payment_code(self, gateway: str = "alipay") -> str:
        return self._post("payment_code", {"gateway": gateway})["auth_code"]

    def faults(self, **faults: Any) -> dict[str, Any]:
        return self._post("faults", faults)

    def reset_faults(self) -> dict[str, Any]:
        return self._post("faults", {"reset": True})

    def resend_last_notification(self, out_trade_no: str) -> bool:
        return bool(self._post("resend", {"out_trade_no": out_trade_no})["ok"])

    def trades(self) -> dict[str, dict[str, Any]]:
        with urllib.request.urlopen(self.base_url + "/control/trades", timeout=self.timeout_s) as reply:
            return json.loads(reply.read())

    def notifications_sent(self) -> int:
        with urllib.request.urlopen(self.base_url + "/control/notifications", timeout=self.timeout_s) as reply:
            return int(json.loads(reply.read())["sent"])

    def _post(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(self.base_url + "/control/" + action, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=self.timeout_s) as reply:
            return json.loads(reply.read())
