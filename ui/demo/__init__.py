"""The demo panel: in demo mode, tapping the yellow "simulated devices" ribbon opens a panel over the
screen that plays the person at the simulated devices — put a demo patient's ID card (or a visitor's,
or an expired one) on the reader, take it off, show an insurance e-code to the scanner, take a chair
out of the dock or push one back.

It is an overlay, not a screen: the screen underneath (e.g. "How shall we find you?") stays current,
so what the panel does reaches the journey exactly as a real card or code would. A production kiosk
(``kiosk.mode = "production"``) never gets the panel.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor

from ui.demo.panel import DemoPanel

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class _RibbonTap(QObject):
    """Opens the panel when the ribbon is tapped."""

    def __init__(self, window: "MainWindow", panel: DemoPanel):
        super().__init__(window)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            self._panel.open()
            return True
        return False


def install(window: "MainWindow") -> None:
    if window.services.config.mode != "demo" or not window.services.devices.any_simulated:
        return
    window.demo_panel = DemoPanel(window)
    window.sim_ribbon.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
    window.sim_ribbon.installEventFilter(_RibbonTap(window, window.demo_panel))


def _open_during_identification(window: "MainWindow") -> None:
    from ui.identify import start_identification

    start_identification(window, "pay", lambda patient: None)
    window.go("identify")
    window.demo_panel.open()


SCENES = {"demo-panel": _open_during_identification}
