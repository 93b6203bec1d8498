"""A plain-words notice for a patient who still has an overdue wheelchair: which chair, when it was due,
the fee so far, and where to bring it. Shown after identification, in any journey that asks
(``WheelchairJourney.remind_if_overdue``); its one button carries on with that journey."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.money import format_yuan
from kiosk.wheelchair.reminders import OverdueNotice
from ui.screens.base import Screen
from ui.wheelchair.journey import JOURNEY, OVERDUE
from ui.widgets.buttons import primary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WheelchairOverdueScreen(Screen):
    name = OVERDUE
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.notice: OverdueNotice | None = None
        self._then: Callable[[], None] | None = None
        self.title = text_label("title", self, "wheelchairOverdueTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.message = text_label("body", card, "wheelchairOverdueMessage")
        self.fee = text_label("title", card, "wheelchairOverdueFee")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 28, 40, 28)
        inner.setSpacing(20)
        inner.addWidget(self.message)
        inner.addWidget(self.fee)
        self.continue_button = primary_button(self, "wheelchairOverdueContinue")
        self.continue_button.clicked.connect(self._continue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addStretch(1)
        layout.addWidget(self.continue_button)
        self.retranslate()

    def forget(self) -> None:
        self.notice, self._then = None, None
        self.clear_texts()

    def show_notice(self, notice: OverdueNotice, then: Callable[[], None]) -> None:
        self.notice, self._then = notice, then
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Please bring your wheelchair back"))
        self.continue_button.setText(self.tr("I understand"))
        if self.notice is None:
            self.message.setText("")
            self.fee.setText("")
            return
        self.message.setText(self.tr("Wheelchair %1 was due back on %2. Please return it at any dock or kiosk.")
                             .replace("%1", self.notice.chair_id).replace("%2", self.notice.due_text))
        self.fee.setText(self.tr("Fee so far: %1").replace("%1", format_yuan(self.notice.fee_so_far_fen)))

    def instruction(self) -> str:
        return f"{self.message.text()} {self.fee.text()}".strip()

    def _continue(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()
        else:
            self._window.go("home", reason="finished")
