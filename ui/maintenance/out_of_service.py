"""What a patient sees on any tile while staff have taken the kiosk out of service."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QVBoxLayout

from ui.screens.base import Screen
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OUT_OF_SERVICE = "out_of_service"


class OutOfServiceScreen(Screen):
    name = OUT_OF_SERVICE
    journey = OUT_OF_SERVICE

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.title = text_label("title", self, "outOfServiceTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.explain = text_label("body", card, "outOfServiceExplain")
        self.next_step = text_label("title", card, "outOfServiceNextStep")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(24)
        inner.addWidget(self.explain)
        inner.addWidget(self.next_step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(32)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addStretch(1)
        self.retranslate()

    def entered(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        config = self._window.services.config
        desk = config.help_desk_zh if self._window.languages.language == "zh_CN" else config.help_desk_en
        self.title.setText(self.tr("This kiosk is out of service"))
        self.explain.setText(self.tr("Sorry, staff are working on this kiosk. It cannot help you now."))
        self.next_step.setText(self.tr("Please go to %1. The staff there will help you.").replace("%1", desk))

    def instruction(self) -> str:
        return " ".join((self.title.text(), self.explain.text(), self.next_step.text()))
