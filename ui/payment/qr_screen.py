"""Mobile-pay QR: the order's QR large with the amount and a countdown; the result comes from the
notification or from polling, whichever is first; on timeout (or leaving) the order is cancelled.
With more than one gateway offered (WeChat Pay and Alipay), one tap on the other's button cancels
this order and shows a QR for that one; the names come from the payment service, none is written here.
The polling, countdown, cancel-on-leave and layout are ``QrPayScreen``'s (shared with the wheelchair deposit)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.money import format_yuan
from kiosk.payment.errors import BillAlreadyPaid, BillInUseElsewhere
from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.payment.common import JOURNEY, QrPayScreen, help_desk, payments
from ui.payment.journey import PaymentJourney

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayQrScreen(QrPayScreen):
    name = "pay_qr"
    journey = JOURNEY

    def __init__(self, window: "MainWindow", journey: PaymentJourney) -> None:
        self._journey = journey
        super().__init__(window, "payQr")  # problem: "", gateway, elsewhere, cancelled, refunded
        self.elsewhere_until = ""
        self.countdown = self.detail
        self.retranslate()

    def entered(self) -> None:
        intent = self._journey.intent
        if intent is None:
            return self._window.go("pay")
        self.gateway = self.first_gateway()
        self.mark_choice()
        self._start_chosen()

    def _start_chosen(self) -> None:
        intent = self._journey.intent
        if intent is not None:
            self.start_order(payments(self._window).service.start_qr, intent.id, self.gateway)

    def show_attempt(self, attempt: PaymentAttempt) -> None:
        """The QR is up: say which app scans it (it changes when the patient picks the other gateway)."""
        if self.problem == "elsewhere":  # the bill is another kiosk's now: no QR here, whatever answers late
            return
        super().show_attempt(attempt)
        self.say_instruction()

    def _on_gateway_error(self, error: Exception) -> None:
        """No order: the gateway failed, another kiosk has an order open for this bill, or part of the
        bill was paid by another bill meanwhile (the bill screen looks it up again and says so)."""
        if isinstance(error, BillAlreadyPaid):
            self.order.order_failed()
            return self._journey.bill_changed(refunding=False)
        if not isinstance(error, BillInUseElsewhere):
            return super()._on_gateway_error(error)
        self.elsewhere_until = error.until_local
        self.order.order_failed()
        self.qr.clear()
        self.problem = "elsewhere"
        self.retranslate()
        self.say_instruction()

    def _on_paid(self, attempt: PaymentAttempt) -> None:
        self._journey.paid(payments(self._window).service.intent(attempt.intent_id))

    def _on_closed(self, attempt: PaymentAttempt) -> None:
        if attempt.paid_by_another_bill:  # another bill of the same charges was paid first
            return self._journey.bill_changed(refunding=True)
        self.problem = "refunded" if attempt.state is AttemptState.REFUNDED else "cancelled"
        self.qr.clear()
        self.retranslate()
        self.say_instruction()

    def _cancel_and_back(self) -> None:
        self.order.cancel_open()
        self._window.go("pay")

    def retranslate(self) -> None:
        desk = help_desk(self._window)
        elsewhere = self.problem == "elsewhere"  # no QR here: only where to go, and the way back
        self.show_gateway_choice(not elsewhere)
        self.cancel_button.setText(self.tr("Cancel and go back"))
        self.demo_button.setText(self.tr("Demo: pay with a phone"))
        self.demo_button.setVisible(payments(self._window).sandbox is not None and self.attempt is not None
                                    and not elsewhere)
        if self.problem == "elsewhere":
            self.title.setText(self.tr("Your bill is being paid at another kiosk."))
            self.countdown.setText(self.tr("Nothing was charged here. Please finish paying there, or use this kiosk after %1.")
                                   .replace("%1", self.elsewhere_until))
        elif self.problem == "gateway":
            self.title.setText(self.tr("Mobile payment is not working right now. Nothing was charged."))
            self.countdown.setText(self.tr("Please go back and choose another way, or go to %1.").replace("%1", desk))
        elif self.problem in ("cancelled", "refunded"):
            self.title.setText(self.tr("This payment was cancelled. Any money paid is returned to your phone."))
            self.countdown.setText(self.tr("Please go back to try again, or go to %1.").replace("%1", desk))
        elif self.attempt is None:
            self.title.setText(self.tr("Preparing your payment code…"))
            self.countdown.setText("")
        else:
            self.title.setText(self.tr("Scan with %1 on your phone").replace("%1", self.names.name(self.gateway)))
            self.countdown.setText(self.tr("Time left: %n second(s)", "", self.seconds_left()))
        amount = self._journey.intent.due_fen if self._journey.intent is not None else 0
        self.amount.setText(format_yuan(amount) if self.attempt is not None else "")
        self.amount.setVisible(self.attempt is not None and not elsewhere)
        self.countdown.setVisible(bool(self.countdown.text()))

    def instruction(self) -> str:
        if self.problem == "elsewhere":  # where to go is the point: say it too
            return f"{self.title.text()} {self.countdown.text()}"
        return self.title.text()
