"""What a patient sees on any tile while staff have taken the kiosk out of service."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ui.screens.base import Screen
from ui.widgets.message_page import build_message_page

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OUT_OF_SERVICE = "out_of_service"


class OutOfServiceScreen(Screen):
    name = OUT_OF_SERVICE
    journey = OUT_OF_SERVICE

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.title, self.explain, self.next_step = build_message_page(self, next_step_role="title")
        self.retranslate()

    def entered(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        desk = self._window.help_desk()
        self.title.setText(self.tr("This kiosk is out of service"))
        self.explain.setText(self.tr("Sorry, staff are working on this kiosk. It cannot help you now."))
        self.next_step.setText(self.tr("Please go to %1. The staff there will help you.").replace("%1", desk))

    def instruction(self) -> str:
        return " ".join((self.title.text(), self.explain.text(), self.next_step.text()))
