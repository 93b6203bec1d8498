"""Idle timeout with a visible countdown: any touch restarts it; at zero the session is wiped.

Armed only while a patient session is open (not on the home screen). The last ``warning_s``
seconds are shown by the window's overlay with a "more time" button.
"""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}


class IdleWatcher(QObject):
    countdown = Signal(int)  # seconds left, during the warning period
    warning_ended = Signal()  # the patient touched the screen during the warning
    expired = Signal()

    def __init__(self, timeout_s: int, warning_s: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timeout_ms = timeout_s * 1000
        self._configured_timeout_ms = self.timeout_ms
        self.warning_ms = warning_s * 1000
        self._since_activity = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._on_tick)
        self._warning = False
        QApplication.instance().installEventFilter(self)

    @property
    def armed(self) -> bool:
        return self._tick.isActive()

    def arm(self, timeout_s: int | None = None) -> None:
        """Start counting: ``timeout_s`` for the screen just shown (staff screens), else the configured one."""
        self.timeout_ms = timeout_s * 1000 if timeout_s else self._configured_timeout_ms
        self._restart()

    def _restart(self) -> None:
        self._since_activity.start()
        self._warning = False
        self._tick.start()

    def disarm(self) -> None:
        self._tick.stop()
        if self._warning:
            self._warning = False
            self.warning_ended.emit()

    def more_time(self) -> None:
        self._restart()  # keeps the current screen's timeout
        self.warning_ended.emit()

    def seconds_left(self) -> int:
        remaining = self.timeout_ms - self._since_activity.elapsed()
        return max(0, -(-remaining // 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and not self._warning and event.type() in _ACTIVITY:
            self._since_activity.restart()
        return False

    def _on_tick(self) -> None:
        elapsed = self._since_activity.elapsed()
        if elapsed >= self.timeout_ms:
            self._tick.stop()
            self._warning = False
            self.expired.emit()
        elif elapsed >= self.timeout_ms - self.warning_ms:
            self._warning = True
            self.countdown.emit(self.seconds_left())

    def shutdown(self) -> None:
        self._tick.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
