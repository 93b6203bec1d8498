"""Treat first, pay later: say whether the patient may, then confirm by face or by the credit PIN.

With face templates the patient confirms with a fresh live face match (``later_face``); otherwise
with a 6-digit credit PIN, chosen (typed twice) the first time. A wrong PIN says how many tries are
left; five lock pay-later for 15 minutes. Every failure says so in plain words and offers the phone QR.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.face.attempt import FaceAttempt
from kiosk.money import format_yuan
from kiosk.payment.credit import CreditOffer
from kiosk.payment.credit_pin import PIN_LENGTH, PinProblem
from kiosk.payment.service import BillAlreadyPaid, PaymentRefused
from ui.payment.common import JOURNEY, help_desk, payments
from ui.payment.journey import PaymentJourney
from ui.payment.later_face import FaceConfirmPanel
from ui.screens.base import Screen
from ui.theme import INK
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PIN_MODES = ("pin", "new_pin", "repeat_pin")


class PinDots(QWidget):
    """One big circle per PIN digit, filled once typed: shows progress, never the digits."""

    def __init__(self, parent: QWidget, length: int = PIN_LENGTH) -> None:
        super().__init__(parent)
        self.setObjectName("payLaterDigits")
        self.length = length
        self.filled = 0
        self.setMinimumHeight(96)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_filled(self, filled: int) -> None:
        self.filled = filled
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = QColor(INK)
        painter.setPen(QPen(ink, 6))
        side = min(72, self.height() - 12, (self.width() - 24 * (self.length - 1)) // self.length)
        left = (self.width() - self.length * side - 24 * (self.length - 1)) / 2
        for index in range(self.length):
            painter.setBrush(ink if index < self.filled else QColor(0, 0, 0, 0))
            painter.drawEllipse(QRectF(left + index * (side + 24), (self.height() - side) / 2, side, side))
        painter.end()


class PayLaterScreen(Screen):
    name = "pay_later"
    journey = JOURNEY

    def __init__(self, window: "MainWindow", journey: PaymentJourney) -> None:
        super().__init__(window.stack)
        self._journey = journey
        self._window = window
        self.offer: CreditOffer | None = None
        self.mode = ""  # "" (no offer yet / not eligible) | face | pin | new_pin | repeat_pin
        self.problem = ""  # "" | failed | wrong | locked | mismatch | face_failed | no_face | camera
        self.tries_left = 0
        self._first_pin = ""
        self._busy = False
        self.title = text_label("title", self, "payLaterTitle")
        self.explain = text_label("body", self, "payLaterExplain")
        self.digits = PinDots(self)
        self.keypad = Keypad(self, max_length=PIN_LENGTH)
        self.keypad.changed.connect(lambda _: self.retranslate())
        self.face = FaceConfirmPanel(window, self)
        self.face.confirmed.connect(self._on_face_confirmed)
        self.face.failed.connect(self._on_face_failed)
        self.confirm_button = primary_button(self, "payLaterConfirm")
        self.qr_button = primary_button(self, "payLaterQrInstead")
        self.back_button = secondary_button(self, "payLaterBack")
        self.confirm_button.clicked.connect(self._confirm)
        self.qr_button.clicked.connect(lambda: window.go("pay_qr"))
        self.back_button.clicked.connect(lambda: window.go("pay"))
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(self.qr_button, 2)
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
        self._body.addWidget(self.face, 1)
        self.retranslate()

    def forget(self) -> None:
        """A half-typed PIN, the first PIN of a pair and the offer go with the patient."""
        self.offer, self.mode, self.problem, self._first_pin, self._busy = None, "", "", "", False
        self.keypad.clear()
        self.clear_texts()

    def apply_orientation(self, landscape: bool) -> None:
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    # --- life cycle ---------------------------------------------------------------------------

    def entered(self) -> None:
        intent = self._journey.intent
        if intent is None:
            return self._window.go("pay")
        self.offer, self.mode, self.problem, self._first_pin, self._busy = None, "", "", "", False
        self.keypad.clear()
        self.retranslate()
        self._window.runner.submit(self._load, intent.id, on_done=self._show_loaded, on_error=self._on_error)

    def _load(self, intent_id: str) -> tuple[CreditOffer, bool]:
        """Worker thread: the offer and whether the patient has a credit PIN already."""
        credit = payments(self._window).credit
        offer = credit.offer(intent_id)
        return offer, credit.pins.status(credit.payments.intent(intent_id).patient_id).is_set

    def _show_loaded(self, loaded: tuple[CreditOffer, bool]) -> None:
        offer, has_pin = loaded
        if self.offer is not None:  # already shown (a scene set it directly)
            return
        intent = self._journey.intent
        face = intent is not None and FaceConfirmPanel.usable_for(self._window, intent.patient_id)
        self.show_offer(offer, "face" if face else ("pin" if has_pin else "new_pin"))

    def show_offer(self, offer: CreditOffer, mode: str = "new_pin") -> None:
        self.offer = offer
        self.mode = mode if offer.eligible else ""
        self.retranslate()
        if self.mode == "face" and self._window.current is self:
            self.face.start(self._journey.intent.patient_id)
        if self._window.current is self:
            self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def hideEvent(self, event: QHideEvent) -> None:
        self.face.stop()
        super().hideEvent(event)

    # --- confirming ---------------------------------------------------------------------------

    def _confirm(self) -> None:
        intent = self._journey.intent
        pin = self.keypad.text
        if self._busy or intent is None or self.mode not in PIN_MODES or len(pin) != PIN_LENGTH:
            return
        credit = payments(self._window).credit
        if self.mode == "new_pin":
            self._first_pin, self.mode, self.problem = pin, "repeat_pin", ""
            self.keypad.clear()
            self.retranslate()
            self._window.services.voice.say(self.instruction(), self._window.languages.language)
            return
        self._busy = True
        self.retranslate()
        if self.mode == "repeat_pin":
            self._window.runner.submit(credit.set_pin_and_pay_later, intent.id, self._first_pin, pin,
                                       on_done=lambda _: self._done(intent.id), on_error=self._on_error)
        else:
            self._window.runner.submit(credit.pay_later_with_pin, intent.id, pin,
                                       on_done=lambda _: self._done(intent.id), on_error=self._on_error)

    def _on_face_confirmed(self, attempt: FaceAttempt) -> None:
        intent = self._journey.intent
        if intent is None or self._busy:
            return
        self._busy = True
        self._window.runner.submit(payments(self._window).credit.pay_later_with_face, intent.id, attempt,
                                   on_done=lambda _: self._done(intent.id), on_error=self._on_error)

    def _on_face_failed(self, why: str) -> None:
        self.show_problem({"camera": "camera", "no_face": "no_face"}.get(why, "face_failed"))

    def _done(self, intent_id: str) -> None:
        self._busy = False
        self._journey.pay_later = self.offer
        self._journey.paid(payments(self._window).service.intent(intent_id))

    def _on_error(self, error: Exception) -> None:
        self._busy = False
        self.keypad.clear()
        if isinstance(error, BillAlreadyPaid):  # part of it was paid by another bill: no debt was written
            self.mode = ""
            return self._journey.bill_changed(refunding=False)
        if isinstance(error, PinProblem) and error.kind == "wrong":
            self.tries_left = error.tries_left
            self.show_problem("wrong")
        elif isinstance(error, PinProblem) and error.kind == "mismatch":
            self.mode, self._first_pin = "new_pin", ""
            self.show_problem("mismatch")
        elif (isinstance(error, PinProblem) and error.kind == "locked") or (
                isinstance(error, PaymentRefused) and "pin_locked" in str(error)):
            self.mode = ""
            self.show_problem("locked")
        else:
            self.mode = ""
            self.show_problem("failed")

    def show_problem(self, problem: str) -> None:
        self.problem = problem
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    # --- texts --------------------------------------------------------------------------------

    def reason_text(self, reason: str) -> str:
        return {
            "self_pay": self.tr("Pay later is only for patients with medical insurance."),
            "overdue": self.tr("An earlier pay-later bill is overdue, so pay later is not possible today."),
            "over_limit": self.tr("This bill is more than your pay-later limit allows."),
            "low_score": self.tr("Pay later is not available for your account."),
            "debt_open": self.tr("Please pay your earlier pay-later bill first."),
            "pin_locked": self.tr("Pay later is locked for 15 minutes because the PIN was wrong too many times."),
        }.get(reason, self.tr("There is nothing to pay later."))

    def _problem_text(self, desk: str) -> str:
        """Plain words for a failure that ends pay-later here; each says nothing was charged."""
        instead = self.tr("Nothing was charged. Please pay with your phone (QR code) instead, or go to %1.")
        instead = instead.replace("%1", desk)
        if self.problem == "locked":
            return self.reason_text("pin_locked") + " " + instead
        if self.problem == "face_failed":
            return self.tr("We could not confirm it is you by your face.") + " " + instead
        if self.problem == "camera":
            return self.tr("The camera is not working right now.") + " " + instead
        if self.problem == "no_face":
            return self.tr("The camera did not see a face.") + " " + instead
        return self.tr("Pay later did not work.") + " " + instead

    def _offer_text(self) -> str:
        offer = self.offer
        due = offer.due_day
        head = self.tr("You can pay %1 later, by %2.").replace("%1", format_yuan(offer.amount_fen)).replace(
            "%2", f"{due.year}-{due.month:02d}-{due.day:02d}")
        if self.mode == "face":
            return head + " " + self.tr("To confirm, please look at the camera.")
        if self.mode == "pin":
            text = head + " " + self.tr("To confirm, type your 6-digit pay-later PIN.")
            if self.problem == "wrong":
                text = self.tr("That PIN is not right. %n more tries before pay later is locked.", "",
                               self.tries_left) + " " + text
            return text
        if self.mode == "repeat_pin":
            return self.tr("Please type the same 6 digits again.")
        text = head + " " + self.tr("Please choose a 6-digit pay-later PIN. You will use it next time.")
        if self.problem == "mismatch":
            text = self.tr("The two PINs were not the same.") + " " + text
        return text

    def retranslate(self) -> None:
        self.title.setText(self.tr("Treat first, pay later"))
        self.back_button.setText(self.tr("Back to my bill"))
        self.qr_button.setText(self.tr("Pay with my phone"))
        pin_mode = self.mode in PIN_MODES
        self.confirm_button.setText(self.tr("Next") if self.mode == "new_pin" else self.tr("Confirm pay later"))
        self.keypad.setVisible(pin_mode)
        self.digits.setVisible(pin_mode)
        self.face.setVisible(self.mode == "face")
        self.confirm_button.setVisible(pin_mode)
        self.confirm_button.setEnabled(pin_mode and not self._busy and len(self.keypad.text) == PIN_LENGTH)
        self.digits.set_filled(len(self.keypad.text))
        desk = help_desk(self._window)
        failed = self.problem in ("failed", "locked", "face_failed", "no_face", "camera")
        not_eligible = self.offer is not None and not self.offer.eligible
        self.qr_button.setVisible((failed or not_eligible) and payments(self._window).mobile_pay_available)
        if failed:
            self._explain(self._problem_text(desk))
        elif self.offer is None:
            self._explain(self.tr("Checking whether you can pay later…"))
        elif not_eligible:
            self._explain(self.reason_text(self.offer.reason) + " " + self.tr(
                "Please choose another way to pay, or go to %1.").replace("%1", desk))
        else:
            self._explain(self._offer_text())

    def _explain(self, text: str) -> None:
        """Sentences are joined with a space; Chinese needs none after its full-width stops."""
        self.explain.setText(re.sub(r"(?<=[。！？，]) ", "", text))

    def instruction(self) -> str:
        return self.explain.text()
