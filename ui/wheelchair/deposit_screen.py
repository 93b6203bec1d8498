"""The deposit by mobile-pay QR, for renters whose deposit is not waived: the QR, the amount, a
countdown; once the payment is credited the chair is rented (the deposit comes back at return).
Leaving the screen cancels an unpaid order, so no money is taken for a chair not rented; the polling,
countdown and cancel-on-leave are ``ui.payment.common.QrOrderWatch``'s."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout

from kiosk.his.port import Patient
from kiosk.money import format_yuan
from kiosk.payment.store import PaymentAttempt
from ui.payment.common import QrOrderWatch, build_qr_pay_layout
from ui.screens.base import Screen
from ui.wheelchair.journey import DEPOSIT, JOURNEY, PRICE
from ui.widgets.qr import qr_pixmap

if TYPE_CHECKING:
    from ui.main_window import MainWindow

class WheelchairDepositScreen(Screen):
    name = DEPOSIT
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = "", None, 0, ""
        self.problem = ""  # "" | gateway | cancelled | rent
        self.renting = False
        parts = build_qr_pay_layout(self, "wheelchairDeposit")
        self.title, self.amount, self.note, self.qr = parts.title, parts.amount, parts.detail, parts.qr
        self.cancel_button, self.demo_button = parts.cancel_button, parts.demo_button
        self._body = parts.body
        self.order = QrOrderWatch(self, window, parts.timer, on_tick=self.retranslate, on_paid=self._on_paid,
                                  on_closed=self._on_closed)
        self.cancel_button.clicked.connect(self._cancel_and_back)
        self.demo_button.clicked.connect(self.order.demo_pay)
        self._landscape = False
        self.retranslate()

    @property
    def attempt(self) -> PaymentAttempt | None:
        return self.order.attempt

    def apply_orientation(self, landscape: bool) -> None:
        self._landscape = landscape
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def start(self, chair_id: str, patient: Patient, deposit_fen: int, rent_key: str) -> None:
        """Open (or reuse) the deposit intent for this rental key and show a fresh QR order."""
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = chair_id, patient, deposit_fen, rent_key
        self.problem, self.renting = "", False
        self.order.expect_order()
        self.qr.clear()
        self.retranslate()
        self._window.runner.submit(self._window.services.wheelchairs.deposits.start_qr, patient, deposit_fen, rent_key,
                                   on_done=self.show_attempt, on_error=self._on_gateway_error)

    def show_attempt(self, attempt: PaymentAttempt) -> None:
        self.qr.setPixmap(qr_pixmap(attempt.qr_code, 520 if self._landscape else 560))
        self.order.show(attempt)
        self.retranslate()

    def _on_gateway_error(self, _error: Exception) -> None:
        self.order.order_failed()
        self.problem = "gateway"
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_paid(self, _attempt: PaymentAttempt) -> None:
        self.renting = True
        self.retranslate()
        self._window.wheelchair.confirm(self.chair_id, self.patient, 0, self._on_rent_problem)

    def _on_closed(self, _attempt: PaymentAttempt) -> None:
        self.problem = "cancelled"
        self.qr.clear()
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_rent_problem(self, error: Exception) -> None:
        """Paid but the chair could not be handed out: the deposit goes straight back to the phone."""
        self.renting = False
        self.problem = "rent"
        self.note.setText(self._window.wheelchair.explain(error))
        self._window.runner.submit(self._window.services.wheelchairs.refund_unrented_deposit, self.rent_key)
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def seconds_left(self) -> int:
        return self.order.seconds_left()

    def _cancel_and_back(self) -> None:
        self.order.cancel_open()
        self._window.go(PRICE)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving (home, idle time-out) never leaves a deposit order open."""
        self.order.screen_hidden()
        super().hideEvent(event)

    def retranslate(self) -> None:
        desk = self._window.help_desk()
        self.cancel_button.setText(self.tr("Cancel and go back"))
        self.demo_button.setText(self.tr("Demo: pay with a phone"))
        self.demo_button.setVisible(self._window.services.payments.sandbox is not None and self.attempt is not None
                                    and not self.renting and not self.problem)
        self.amount.setText(self.tr("Deposit: %1").replace("%1", format_yuan(self.deposit_fen)))
        if self.problem == "gateway":
            self.title.setText(self.tr("Mobile payment is not working right now. Nothing was charged."))
            self.note.setText(self.tr("Please go to %1 to pay the deposit and get a chair.").replace("%1", desk))
        elif self.problem == "cancelled":
            self.title.setText(self.tr("The deposit payment was cancelled. Any money paid is returned to your phone."))
            self.note.setText(self.tr("Please go back to try again, or go to %1.").replace("%1", desk))
        elif self.problem == "rent":
            self.title.setText(self.tr("No chair was given out, so your deposit goes back to your phone."))
        elif self.renting:
            self.title.setText(self.tr("Deposit paid. Opening the dock…"))
            self.note.setText("")
        elif self.attempt is None:
            self.title.setText(self.tr("Preparing your payment code…"))
            self.note.setText("")
        else:
            self.title.setText(self.tr("Scan this code with Alipay on your phone to pay the deposit"))
            self.note.setText(self.tr("You get it back when you return the chair. Time left: %n second(s)", "",
                                      self.seconds_left()))
        self.note.setVisible(bool(self.note.text()))

    def instruction(self) -> str:
        return " ".join(part for part in (self.title.text(), self.amount.text()) if part)
