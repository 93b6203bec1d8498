"""The systemd notify protocol (sd_notify(3)) over ``$NOTIFY_SOCKET``, without libsystemd.

One datagram per message, ``KEY=VALUE`` lines. A path starting with ``@`` is an abstract socket.
Outside systemd (no ``NOTIFY_SOCKET``) every call is a no-op that returns False.

Under the kiosk session the program runs as a child of cage (or xinit), not as the service's main
process, so the unit says ``NotifyAccess=all`` and ``WATCHDOG_PID`` (the main process) is not ours:
the watchdog interval is taken from ``WATCHDOG_USEC`` alone.
"""
from __future__ import annotations

import os
import socket


class SystemdNotifier:
    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = env.get("NOTIFY_SOCKET", "")
        usec = env.get("WATCHDOG_USEC", "")
        self.watchdog_usec = int(usec) if usec.isdigit() and int(usec) > 0 else 0

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    @property
    def watchdog_interval_s(self) -> float:
        """How often to send WATCHDOG=1: half the unit's WatchdogSec, as sd_watchdog_enabled(3) advises;
        0 when there is no watchdog."""
        return self.watchdog_usec / 2_000_000

    def notify(self, *lines: str) -> bool:
        """Send ``lines`` as one message (e.g. ``"READY=1", "STATUS=…"``); False when not under systemd
        or when the socket is gone (the service manager is restarting: nothing to do about it here)."""
        if not self.address:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                # never wait: this runs on the event loop, and a full queue (nobody reading) must not freeze
                # the screen; a ping dropped then is sent again at the next interval
                sock.sendto("\n".join(lines).encode("utf-8"), socket.MSG_DONTWAIT, target)
        except OSError:
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def status(self, text: str) -> bool:
        """What the service does now, shown by ``systemctl status`` (one line)."""
        return self.notify(f"STATUS={text}")

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")
