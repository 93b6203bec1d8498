"""The deposit by mobile-pay QR, for renters whose deposit is not waived: the QR, the amount, a
countdown; once the payment is credited the chair is rented (the deposit comes back at return).
Leaving the screen cancels an unpaid order, so no money is taken for a chair not rented."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout

from kiosk.his.port import Patient
from kiosk.money import format_yuan
from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.payment.common import build_qr_pay_layout, qr_pixmap
from ui.screens.base import Screen
from ui.wheelchair.journey import DEPOSIT, JOURNEY, PRICE

if TYPE_CHECKING:
    from ui.main_window import MainWindow

CLOSED = (AttemptState.CANCELLED, AttemptState.REFUNDED, AttemptState.FAILED)


class WheelchairDepositScreen(Screen):
    name = DEPOSIT
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = "", None, 0, ""
        self.attempt: PaymentAttempt | None = None
        self.problem = ""  # "" | gateway | cancelled | rent
        self.renting = False
        self._busy = False
        self._last_ask = 0.0
        parts = build_qr_pay_layout(self, "wheelchairDeposit")
        self.title, self.amount, self.note, self.qr = parts.title, parts.amount, parts.detail, parts.qr
        self.cancel_button, self.demo_button = parts.cancel_button, parts.demo_button
        self._body, self._timer = parts.body, parts.timer
        self.cancel_button.clicked.connect(self._cancel_and_back)
        self.demo_button.clicked.connect(self._demo_pay)
        self._landscape = False
        self._timer.timeout.connect(self._tick)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._landscape = landscape
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def start(self, chair_id: str, patient: Patient, deposit_fen: int, rent_key: str) -> None:
        """Open (or reuse) the deposit intent for this rental key and show a fresh QR order."""
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = chair_id, patient, deposit_fen, rent_key
        self.attempt, self.problem, self.renting, self._busy = None, "", False, True
        self.qr.clear()
        self.retranslate()
        self._window.runner.submit(self._window.services.wheelchairs.deposits.start_qr, patient, deposit_fen, rent_key,
                                   on_done=self.show_attempt, on_error=self._on_gateway_error)

    def show_attempt(self, attempt: PaymentAttempt) -> None:
        self._busy = False
        self.attempt = attempt
        self.qr.setPixmap(qr_pixmap(attempt.qr_code, 520 if self._landscape else 560))
        self._last_ask = time.monotonic()
        self._timer.start()
        self.retranslate()

    def _on_gateway_error(self, _error: Exception) -> None:
        self._busy = False
        self.problem = "gateway"
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _tick(self) -> None:
        if self.attempt is None or self._busy or self.renting:
            return
        self.retranslate()
        service = self._window.services.payments.service
        ask = time.monotonic() - self._last_ask >= service.settings.poll_interval_s or self.seconds_left() <= 0
        if ask:
            self._last_ask = time.monotonic()
        self._busy = True
        self._window.runner.submit(service.check_attempt, self.attempt.out_trade_no, ask, on_done=self._on_checked,
                                   on_error=lambda _: setattr(self, "_busy", False))

    def _on_checked(self, attempt: PaymentAttempt) -> None:
        self._busy = False
        if self._window.current is not self:
            return
        self.attempt = attempt
        if attempt.state is AttemptState.PAID:
            self._timer.stop()
            self.renting = True
            self.retranslate()
            self._window.wheelchair.confirm(self.chair_id, self.patient, 0, self._on_rent_problem)
        elif attempt.state in CLOSED:
            self._timer.stop()
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
        if self.attempt is None:
            return 0
        return max(0, int((self.attempt.deadline - self._window.services.clock.now()).total_seconds()))

    def _cancel_and_back(self) -> None:
        self._cancel_open_attempt()
        self._window.go(PRICE)

    def _cancel_open_attempt(self) -> None:
        self._timer.stop()
        attempt, self.attempt = self.attempt, None
        if attempt is not None and attempt.state in (AttemptState.CREATING, AttemptState.AWAITING):
            self._window.runner.submit(self._window.services.payments.service.cancel_attempt, attempt.out_trade_no)

    def _demo_pay(self) -> None:
        control = self._window.services.payments.sandbox_control
        if control is not None and self.attempt is not None:
            self._window.runner.submit(control.pay, self.attempt.out_trade_no)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving (home, idle time-out) never leaves a deposit order open."""
        if self.attempt is not None and self.attempt.state is not AttemptState.PAID:
            self._cancel_open_attempt()
        self._timer.stop()
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
