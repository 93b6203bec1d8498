"""Help: call a member of staff with one tap; the screen then says what really happened to the call
(shown on every kiosk's staff screen, sent to the staff webhook, or not through: go to the desk)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.help_call import HelpCallOutcome
from ui.screens.base import Screen
from ui.widgets.buttons import primary_button
from ui.widgets.labels import text_label


class HelpScreen(Screen):
    name = "help"
    journey = "help"
    call_staff = Signal()

    def __init__(self, help_desk: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self._help_desk = help_desk
        self._language = "zh_CN"
        self.called = False
        self.outcome: HelpCallOutcome | None = None  # None while the call is on its way
        self.title = text_label("title", self, "helpTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.explain = text_label("body", card, "helpExplain")
        self.desk = text_label("body", card, "helpDesk")
        self.call_button = primary_button(card, "callStaff")
        self.call_button.clicked.connect(self.call_staff)
        self.status = text_label("title", card, "helpStatus", centred=True)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(24)
        for widget in (self.explain, self.desk, self.call_button, self.status):
            inner.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(32)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addStretch(1)
        self.retranslate()

    def set_language(self, language: str) -> None:
        self._language = language
        self.retranslate()

    def show_called(self, called: bool) -> None:
        self.called = called
        self.outcome = None
        self.retranslate()

    def show_outcome(self, outcome: HelpCallOutcome) -> None:
        self.outcome = outcome
        self.retranslate()

    def _status_text(self) -> str:
        desk = self._help_desk.get(self._language, "")
        outcome = self.outcome
        if outcome is None:
            return self.tr("Calling staff…")
        if outcome.recorded and outcome.webhook == "sent":
            return self.tr("Staff have been called on their screens and phones. Please wait here.")
        if outcome.recorded and outcome.webhook == "failed":
            return self.tr("Staff see your call on their screens; the message to their phones failed. "
                           "Please wait here.")
        if outcome.recorded:
            return self.tr("Staff have been called on their screens. Please wait here.")
        if outcome.webhook == "sent":
            return self.tr("Staff have been called on their phones. Please wait here.")
        return self.tr("Your call did not go through. Please go to %1.").replace("%1", desk)

    def entered(self) -> None:
        self.show_called(self.called)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Help"))
        self.explain.setText(self.tr("A member of staff can come to this kiosk and help you. Press the button and stay here."))
        self.desk.setText(self.tr("You can also go to %1.").replace("%1", self._help_desk.get(self._language, "")))
        self.call_button.setText(self.tr("Call staff"))
        self.call_button.setVisible(not self.called)
        self.status.setText(self._status_text() if self.called else "")
        # Once called, the outcome is what matters: the explanation of the button gives it the room
        # (the longer outcome texts were cut off in reach mode, issue 18.10).
        self.explain.setVisible(not self.called)
        self.status.setVisible(self.called)

    def instruction(self) -> str:
        if self.called:
            return self._status_text()
        return self.tr("To call a member of staff, press the big blue button.")
