"""Mobile-pay QR: the order's QR large with the amount and a countdown; the result comes from the
notification or from polling, whichever is first; on timeout (or leaving) the order is cancelled."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout

from kiosk.money import format_yuan
from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.payment.common import JOURNEY, help_desk, payments, build_qr_pay_layout, qr_pixmap
from ui.screens.base import Screen

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayQrScreen(Screen):
    name = "pay_qr"
    journey = JOURNEY

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window.stack)
        self._window = window
        self.attempt: PaymentAttempt | None = None
        self.problem = ""  # "", gateway, cancelled, refunded
        self._busy = False
        self._last_ask = 0.0
        parts = build_qr_pay_layout(self, "payQr")
        self.title, self.amount, self.countdown, self.qr = parts.title, parts.amount, parts.detail, parts.qr
        self.cancel_button, self.demo_button = parts.cancel_button, parts.demo_button
        self._body, self._timer = parts.body, parts.timer
        self.cancel_button.clicked.connect(self._cancel_and_back)
        self.demo_button.clicked.connect(self._demo_pay)
        self._landscape = False
        self._timer.timeout.connect(self._tick)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        """Portrait: the QR above the amount; landscape: side by side."""
        self._landscape = landscape
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        intent = self._window.screens["pay"].intent
        if intent is None:
            return self._window.go("pay")
        self.attempt, self.problem, self._busy = None, "", True
        self.qr.clear()
        self.retranslate()
        self._window.runner.submit(payments(self._window).service.start_qr, intent.id, on_done=self.show_attempt,
                                   on_error=self._on_gateway_error)

    def show_attempt(self, attempt: PaymentAttempt) -> None:
        self._busy = False
        self.attempt = attempt
        side = 520 if self._landscape else 560
        self.qr.setPixmap(qr_pixmap(attempt.qr_code, side))
        self._last_ask = time.monotonic()
        self._timer.start()
        self.retranslate()

    def _on_gateway_error(self, error: Exception) -> None:
        self._busy = False
        self.problem = "gateway"
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _tick(self) -> None:
        if self.attempt is None or self._busy:
            return
        self.retranslate()  # countdown
        service = payments(self._window).service
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
            done = self._window.screens["pay_done"]
            done.show_intent(payments(self._window).service.intent(attempt.intent_id))
            self._window.go("pay_done")
        elif attempt.state in (AttemptState.CANCELLED, AttemptState.REFUNDED, AttemptState.FAILED):
            self._timer.stop()
            self.problem = "refunded" if attempt.state is AttemptState.REFUNDED else "cancelled"
            self.qr.clear()
            self.retranslate()
            self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def seconds_left(self) -> int:
        if self.attempt is None:
            return 0
        return max(0, int((self.attempt.deadline - self._window.services.clock.now()).total_seconds()))

    def _cancel_and_back(self) -> None:
        self._cancel_open_attempt()
        self._window.go("pay")

    def _cancel_open_attempt(self) -> None:
        self._timer.stop()
        attempt, self.attempt = self.attempt, None
        if attempt is not None and attempt.state in (AttemptState.CREATING, AttemptState.AWAITING):
            self._window.runner.submit(payments(self._window).service.cancel_attempt, attempt.out_trade_no)

    def _demo_pay(self) -> None:
        control = payments(self._window).sandbox_control
        if control is not None and self.attempt is not None:
            self._window.runner.submit(control.pay, self.attempt.out_trade_no)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the screen (home, idle time-out) never leaves an order open."""
        if self.attempt is not None and self.attempt.state is not AttemptState.PAID:
            self._cancel_open_attempt()
        self._timer.stop()
        super().hideEvent(event)

    def retranslate(self) -> None:
        desk = help_desk(self._window)
        self.cancel_button.setText(self.tr("Cancel and go back"))
        self.demo_button.setText(self.tr("Demo: pay with a phone"))
        self.demo_button.setVisible(payments(self._window).sandbox is not None and self.attempt is not None)
        if self.problem == "gateway":
            self.title.setText(self.tr("Mobile payment is not working right now. Nothing was charged."))
            self.countdown.setText(self.tr("Please go back and choose another way, or go to %1.").replace("%1", desk))
        elif self.problem in ("cancelled", "refunded"):
            self.title.setText(self.tr("This payment was cancelled. Any money paid is returned to your phone."))
            self.countdown.setText(self.tr("Please go back to try again, or go to %1.").replace("%1", desk))
        elif self.attempt is None:
            self.title.setText(self.tr("Preparing your payment code…"))
            self.countdown.setText("")
        else:
            self.title.setText(self.tr("Scan this code with Alipay on your phone"))
            self.countdown.setText(self.tr("Time left: %n second(s)", "", self.seconds_left()))
        amount = self._window.screens["pay"].intent.due_fen if self._window.screens.get("pay") and \
            self._window.screens["pay"].intent else 0
        self.amount.setText(format_yuan(amount) if self.attempt is not None else "")
        self.amount.setVisible(self.attempt is not None)
        self.countdown.setVisible(bool(self.countdown.text()))

    def instruction(self) -> str:
        return self.title.text()
