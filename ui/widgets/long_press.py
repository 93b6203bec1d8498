"""An invisible corner that fires after a long press: the hidden way in for staff."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget


class LongPressCorner(QWidget):
    triggered = Signal()

    def __init__(self, parent: QWidget, hold_ms: int = 3000, size: int = 160):
        super().__init__(parent)
        self.setObjectName("staffCorner")
        self.resize(size, size)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.triggered)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()
        event.accept()
