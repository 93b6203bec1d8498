"""READY=1 and WATCHDOG=1 to systemd from the Qt event loop.

The watchdog is fed by a ``QTimer`` on the GUI thread: if the event loop freezes (a deadlock, a
blocking call on the GUI thread), the pings stop and systemd restarts the kiosk after ``WatchdogSec``.
READY=1 is sent from the first turn of the event loop, once the window is up (or the waiting screen of
a kiosk whose database is away at start, ui/waiting_for_database.py: ``set_status`` then says when it is ready).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.ops.sd_notify import SystemdNotifier


class ServiceWatchdog(QObject):
    def __init__(self, notifier: SystemdNotifier, status: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self._status = status
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        if not self.notifier.enabled:
            return
        QTimer.singleShot(0, self._on_ready)
        if self.notifier.watchdog_interval_s > 0:
            self._timer.start(max(100, int(self.notifier.watchdog_interval_s * 1000)))

    def stop(self) -> None:
        self._timer.stop()
        self.notifier.stopping()

    def set_status(self, status: str) -> None:
        """Tell systemd what the kiosk does now (``STATUS=``); READY=1 is not sent again."""
        self._status = status
        self.notifier.status(status)

    def _on_ready(self) -> None:
        self.notifier.ready(self._status)

    def _on_tick(self) -> None:
        self.notifier.watchdog()
