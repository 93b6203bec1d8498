"""Treat first, pay later: say whether the patient may, and confirm with the ID number's last 4 digits."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout

from kiosk.money import format_yuan
from kiosk.payment.credit import CreditOffer
from kiosk.payment.service import PaymentRefused
from ui.payment.common import JOURNEY, help_desk, payments
from ui.screens.base import Screen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayLaterScreen(Screen):
    name = "pay_later"
    journey = JOURNEY

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window.stack)
        self._window = window
        self.offer: CreditOffer | None = None
        self.problem = ""  # "", digits, failed
        self.title = text_label("title", self, "payLaterTitle")
        self.explain = text_label("body", self, "payLaterExplain")
        self.digits = text_label("huge", self, "payLaterDigits", centred=True)
        self.keypad = Keypad(self, max_length=4, extra_key="X")
        self.keypad.changed.connect(lambda _: self.retranslate())
        self.confirm_button = primary_button(self, "payLaterConfirm")
        self.back_button = secondary_button(self, "payLaterBack")
        self.confirm_button.clicked.connect(self._confirm)
        self.back_button.clicked.connect(lambda: window.go("pay"))
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.confirm_button, 2)
        self._text_column = QVBoxLayout()
        self._text_column.setSpacing(16)
        for widget in (self.title, self.explain, self.digits):
            self._text_column.addWidget(widget)
        self._text_column.addStretch(1)
        self._text_column.addLayout(buttons)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._body.setContentsMargins(48, 16, 48, 16)
        self._body.setSpacing(24)
        self._body.addLayout(self._text_column, 1)
        self._body.addWidget(self.keypad, 1)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        intent = self._window.screens["pay"].intent
        if intent is None:
            return self._window.go("pay")
        self.offer, self.problem = None, ""
        self.keypad.clear()
        self.retranslate()
        self._window.runner.submit(payments(self._window).credit.offer, intent.id, on_done=self.show_offer,
                                   on_error=self._on_error)

    def show_offer(self, offer: CreditOffer) -> None:
        self.offer = offer
        self.retranslate()
        if self._window.current is self:
            self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _confirm(self) -> None:
        intent = self._window.screens["pay"].intent
        if self.offer is None or not self.offer.eligible or len(self.keypad.text) != 4 or intent is None:
            return
        self.confirm_button.setEnabled(False)
        self._window.runner.submit(payments(self._window).credit.pay_later, intent.id, self.keypad.text,
                                   on_done=lambda _: self._done(intent.id), on_error=self._on_error)

    def _done(self, intent_id: str) -> None:
        self._window.screens["pay_done"].show_intent(payments(self._window).service.intent(intent_id))
        self._window.go("pay_done")

    def _on_error(self, error: Exception) -> None:
        self.problem = "digits" if isinstance(error, PaymentRefused) and "digits" in str(error) else "failed"
        self.keypad.clear()
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def reason_text(self, reason: str) -> str:
        return {
            "self_pay": self.tr("Pay later is only for patients with medical insurance."),
            "overdue": self.tr("An earlier pay-later bill is overdue, so pay later is not possible today."),
            "over_limit": self.tr("This bill is more than your pay-later limit allows."),
            "low_score": self.tr("Pay later is not available for your account."),
            "debt_open": self.tr("Please pay your earlier pay-later bill first."),
        }.get(reason, self.tr("There is nothing to pay later."))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Treat first, pay later"))
        self.back_button.setText(self.tr("Back to my bill"))
        self.confirm_button.setText(self.tr("Confirm pay later"))
        offer = self.offer
        eligible = offer is not None and offer.eligible
        self.keypad.setVisible(eligible)
        self.digits.setVisible(eligible)
        self.confirm_button.setVisible(eligible)
        self.confirm_button.setEnabled(eligible and len(self.keypad.text) == 4)
        self.digits.setText(" ".join(self.keypad.text.ljust(4, "_")))
        desk = help_desk(self._window)
        if self.problem == "failed":
            self.explain.setText(self.tr("Pay later did not work. Nothing was charged. Please go to %1.").replace("%1", desk))
        elif offer is None:
            self.explain.setText(self.tr("Checking whether you can pay later…"))
        elif not eligible:
            self.explain.setText(self.reason_text(offer.reason) + " " + self.tr("Please choose another way to pay, "
                                                                                "or go to %1.").replace("%1", desk))
        else:
            due = offer.due_day
            text = self.tr("You can pay %1 later, by %2. To confirm, type the last 4 digits of your ID card.")
            text = text.replace("%1", format_yuan(offer.amount_fen)).replace("%2", f"{due.year}-{due.month:02d}-{due.day:02d}")
            if self.problem == "digits":
                text = self.tr("Those digits do not match your ID card. Please try again.") + " " + text
            self.explain.setText(text)

    def instruction(self) -> str:
        return self.explain.text()
