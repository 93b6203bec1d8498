"""Kiosk processes for the fleet tests and ``benchmarks/fleet_bench.py``: start, command, SIGKILL, restart.

Each ``KioskProcess`` runs ``tests/fleet/kiosk_worker.py`` (a real kiosk bootstrapped from its own
config) and talks to it in JSON lines; ``call`` waits for the reply, ``send`` + ``reply`` let several
kiosks work at the same time.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("kiosk_worker.py")
START_TIMEOUT_S = 120.0  # a full bootstrap takes 3 s of CPU; several at once on a busy 2-core machine take long
REPLY_TIMEOUT_S = 60.0


class KioskFailed(RuntimeError):
    """The kiosk process did not start, died, or did not answer in time (its stderr tail attached)."""


def kiosk_spec(kiosk: str, database: str | Path, keys: Path, dock: str = "sim:?slots=6",
               gateway: dict[str, str] | None = None) -> dict[str, Any]:
    """What a kiosk process is told: its id, the shared database, the hospital's key folder, its dock
    and (for payments) the gateway. See tests/fleet/kiosk_worker.py."""
    spec: dict[str, Any] = {"kiosk": kiosk, "database": str(database), "keys": str(keys), "dock": dock}
    if gateway:
        spec["gateway"] = gateway
    return spec


def gateway_spec(endpoint, folder: Path) -> dict[str, str]:
    """The sandbox gateway as a real kiosk is configured for a gateway: its URL and two key files."""
    private = folder / "app_private.pem"
    public = folder / "gateway_public.pem"
    private.write_text(endpoint.app_private_key)
    private.chmod(0o600)
    public.write_text(endpoint.gateway_public_key)
    return {"url": endpoint.gateway_url, "app_id": endpoint.app_id, "app_private_key_file": str(private),
            "gateway_public_key_file": str(public)}


class KioskProcess:
    def __init__(self, spec: dict[str, Any], log_dir: Path) -> None:
        self.spec = spec
        self.kiosk = spec["kiosk"]
        self._log_dir = log_dir
        self._process: subprocess.Popen | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.events: list[dict[str, Any]] = []  # unsolicited lines ({"event": ...}) seen so far
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout_s: float = START_TIMEOUT_S) -> KioskProcess:
        self.starts += 1
        stderr = open(self._stderr_path(), "w")  # noqa: SIM115 - the child owns it; closed with the process
        env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        self._process = subprocess.Popen([sys.executable, str(WORKER), json.dumps(self.spec)], cwd=ROOT, env=env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                         bufsize=1)
        stderr.close()
        self._lines = queue.Queue()
        lines = self._lines
        stdout = self._process.stdout

        def pump() -> None:
            for line in stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, name=f"kiosk-{self.kiosk}-stdout", daemon=True).start()
        ready = self._next(timeout_s)
        if not ready.get("ready"):
            raise KioskFailed(f"kiosk {self.kiosk} did not start: {ready.get('error')}\n{self.stderr_tail()}")
        return self

    def send(self, op: str, **arguments: Any) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self._process.stdin.flush()

    def reply(self, timeout_s: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
        return self._next(timeout_s)

    def call(self, op: str, timeout_s: float = REPLY_TIMEOUT_S, **arguments: Any) -> dict[str, Any]:
        self.send(op, **arguments)
        return self.reply(timeout_s)

    def ok(self, op: str, **arguments: Any) -> dict[str, Any]:
        """``call`` that must succeed; a refusal raises with the kiosk's own words."""
        answer = self.call(op, **arguments)
        if not answer.get("ok"):
            raise KioskFailed(f"kiosk {self.kiosk} {op}: {answer.get('kind')}: {answer.get('error')}")
        return answer

    def wait_for_event(self, name: str, timeout_s: float = REPLY_TIMEOUT_S) -> dict[str, Any]:
        while True:
            message = self._next(timeout_s, events=False)
            if "event" not in message:
                raise KioskFailed(f"kiosk {self.kiosk} answered before {name}: {message}")
            if message["event"] == name:
                return message

    def kill(self) -> None:
        """SIGKILL: the kiosk loses power mid-step; nothing of it runs again."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)
        self._close_pipes()

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            try:
                self.send("quit")
                self._process.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait(timeout=10)
        self._close_pipes()

    def stderr_tail(self, characters: int = 3000) -> str:
        path = self._stderr_path()
        return path.read_text(errors="replace")[-characters:] if path.exists() else ""

    def _stderr_path(self) -> Path:
        return self._log_dir / f"{self.kiosk}.{self.starts}.stderr"

    def _next(self, timeout_s: float, events: bool = True) -> dict[str, Any]:
        while True:
            try:
                line = self._lines.get(timeout=timeout_s)
            except queue.Empty:
                raise KioskFailed(f"kiosk {self.kiosk} gave no answer in {timeout_s:.0f} s\n{self.stderr_tail()}") from None
            if line is None:
                raise KioskFailed(f"kiosk {self.kiosk} stopped\n{self.stderr_tail()}")
            message = json.loads(line)
            if "event" in message:
                self.events.append(message)
                if events:
                    continue
            return message

    def _close_pipes(self) -> None:
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass
            self._process = None
