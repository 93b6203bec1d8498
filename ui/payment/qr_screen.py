"""Mobile-pay QR: the order's QR large with the amount and a countdown; the result comes from the
notification or from polling, whichever is first; on timeout (or leaving) the order is cancelled.
The polling, countdown and cancel-on-leave are ``QrOrderWatch``'s (shared with the wheelchair deposit)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout

from kiosk.money import format_yuan
from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.payment.common import JOURNEY, QrOrderWatch, build_qr_pay_layout, help_desk, payments
from ui.screens.base import Screen
from ui.widgets.qr import qr_pixmap

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayQrScreen(Screen):
    name = "pay_qr"
    journey = JOURNEY

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window.stack)
        self._window = window
        self.problem = ""  # "", gateway, cancelled, refunded
        parts = build_qr_pay_layout(self, "payQr")
        self.title, self.amount, self.countdown, self.qr = parts.title, parts.amount, parts.detail, parts.qr
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
        """Portrait: the QR above the amount; landscape: side by side."""
        self._landscape = landscape
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        intent = self._window.screens["pay"].intent
        if intent is None:
            return self._window.go("pay")
        self.problem = ""
        self.order.expect_order()
        self.qr.clear()
        self.retranslate()
        self._window.runner.submit(payments(self._window).service.start_qr, intent.id, on_done=self.show_attempt,
                                   on_error=self._on_gateway_error)

    def show_attempt(self, attempt: PaymentAttempt) -> None:
        self.qr.setPixmap(qr_pixmap(attempt.qr_code, 520 if self._landscape else 560))
        self.order.show(attempt)
        self.retranslate()

    def _on_gateway_error(self, error: Exception) -> None:
        self.order.order_failed()
        self.problem = "gateway"
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_paid(self, attempt: PaymentAttempt) -> None:
        done = self._window.screens["pay_done"]
        done.show_intent(payments(self._window).service.intent(attempt.intent_id))
        self._window.go("pay_done")

    def _on_closed(self, attempt: PaymentAttempt) -> None:
        self.problem = "refunded" if attempt.state is AttemptState.REFUNDED else "cancelled"
        self.qr.clear()
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def seconds_left(self) -> int:
        return self.order.seconds_left()

    def _cancel_and_back(self) -> None:
        self.order.cancel_open()
        self._window.go("pay")

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the screen (home, idle time-out) never leaves an order open."""
        self.order.screen_hidden()
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
