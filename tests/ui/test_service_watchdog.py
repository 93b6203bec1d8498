"""systemd's notify protocol against a NOTIFY_SOCKET the test owns: READY once, WATCHDOG from the event
loop, and silence while the event loop is frozen."""
from __future__ import annotations

import socket
import time

import pytest

from kiosk.ops.sd_notify import SystemdNotifier
from ui.service_watchdog import ServiceWatchdog


@pytest.fixture
def notify_socket(tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.setblocking(False)
    yield sock, str(tmp_path / "notify")
    sock.close()


def received(sock: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096).decode())
        except BlockingIOError:
            return messages


def test_ready_then_watchdog_pings_from_the_event_loop_and_none_while_frozen(qtbot, notify_socket):
    sock, path = notify_socket
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"})  # WatchdogSec=0.2 s
    assert notifier.watchdog_interval_s == pytest.approx(0.1)
    watchdog = ServiceWatchdog(notifier, "kiosk T-1 ready")
    watchdog.start()
    assert received(sock) == []  # READY waits for the event loop
    messages: list[str] = []
    qtbot.wait_until(lambda: messages.extend(received(sock)) or messages.count("WATCHDOG=1") >= 3, timeout=5000)
    assert messages[0] == "READY=1\nSTATUS=kiosk T-1 ready"
    assert messages.count("READY=1\nSTATUS=kiosk T-1 ready") == 1

    time.sleep(0.6)  # the GUI thread is frozen: three watchdog periods without the event loop
    assert received(sock) == []
    qtbot.wait_until(lambda: "WATCHDOG=1" in received(sock), timeout=5000)  # it feeds again once unfrozen

    watchdog.stop()
    assert received(sock)[-1] == "STOPPING=1"


def test_an_abstract_socket_address_and_no_systemd_at_all():
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = f"onevisit-test-{time.monotonic_ns()}"
    listener.bind("\0" + name)
    try:
        assert SystemdNotifier({"NOTIFY_SOCKET": "@" + name}).ready()
        assert listener.recv(100) == b"READY=1"
    finally:
        listener.close()
    outside = SystemdNotifier({})
    assert not outside.enabled and not outside.watchdog() and outside.watchdog_interval_s == 0


def test_the_real_kiosk_reports_ready_and_feeds_the_watchdog(tmp_path, notify_socket):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    for old, new in (("~/.local/state/onevisit/demo.db", tmp_path / "kiosk.db"),
                     ("~/.local/state/onevisit/wheelchair-label.key", tmp_path / "label.key"),
                     ("~/.local/state/onevisit/face.key", tmp_path / "face.key")):
        text = text.replace(old, str(new))
    (tmp_path / "kiosk.toml").write_text(text, encoding="utf-8")
    sock, path = notify_socket
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root), "NOTIFY_SOCKET": path,
           "WATCHDOG_USEC": "1000000"}
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(tmp_path / "kiosk.toml"), "--windowed"],
                             env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    messages: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while messages.count("WATCHDOG=1") < 2 and time.monotonic() < deadline and kiosk.poll() is None:
            time.sleep(0.1)
            messages += received(sock)
    finally:
        kiosk.terminate()
        kiosk.wait(30)
    assert messages and messages[0].startswith("READY=1\nSTATUS=kiosk DEMO-LOBBY-1 ready"), kiosk.stderr.read()[-2000:]
    assert messages.count("WATCHDOG=1") >= 2
