"""Guards against a Qt binding that would crash a kiosk left running for hours.

PySide6 6.12.0 drops a reference to None every time a Python override calls the base class's
virtual (``super().resizeEvent(e)`` and the like); after a few thousand events CPython frees None
and the process aborts ("none_dealloc"). constraints.txt pins 6.11.3, which does not; this test
fails if an upgrade brings the bug back.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget


class _Overriding(QWidget):
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)


def test_base_class_virtual_calls_keep_none_alive(qtbot):
    widget = _Overriding()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
        QCoreApplication.sendEvent(widget, QResizeEvent(QSize(10, 10), QSize(5, 5)))
    assert sys.getrefcount(None) > before - 100, "this PySide6 build leaks references to None"
