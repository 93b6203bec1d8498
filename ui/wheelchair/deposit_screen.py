"""The deposit by mobile-pay QR, for renters whose deposit is not waived: the QR, the amount, a
countdown; once the payment is credited the chair is rented (the deposit comes back at return).
Leaving the screen cancels an unpaid order, so no money is taken for a chair not rented. With WeChat
Pay and Alipay both offered, one tap picks the other (as on the bill's QR screen); the polling,
countdown, cancel-on-leave, gateway buttons and layout are ``ui.payment.common.QrPayScreen``'s."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.his.port import Patient
from kiosk.money import format_yuan
from kiosk.payment.gateways import trade_gateway
from kiosk.payment.store import PaymentAttempt
from ui.payment.common import QrPayScreen
from ui.wheelchair.journey import DEPOSIT, JOURNEY, PRICE

if TYPE_CHECKING:
    from ui.main_window import MainWindow

class WheelchairDepositScreen(QrPayScreen):
    name = DEPOSIT
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window, "wheelchairDeposit")  # problem: "" | gateway | cancelled | rent
        self.note = self.detail
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = "", None, 0, ""
        self.renting = False
        self.retranslate()

    def start(self, chair_id: str, patient: Patient, deposit_fen: int, rent_key: str) -> None:
        """Open (or reuse) the deposit intent for this rental key and show a fresh QR order."""
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = chair_id, patient, deposit_fen, rent_key
        self.renting = False
        self.gateway = self.first_gateway()
        self.mark_choice()
        self._start_chosen()

    def _start_chosen(self) -> None:
        if self.patient is not None and not self.renting:
            self.start_order(self._window.services.wheelchairs.deposits.start_qr, self.patient, self.deposit_fen,
                             self.rent_key, self.gateway)

    def _on_paid(self, _attempt: PaymentAttempt) -> None:
        self.renting = True
        self.retranslate()
        self._window.wheelchair.confirm(self.chair_id, self.patient, 0, self._on_rent_problem)

    def _on_closed(self, _attempt: PaymentAttempt) -> None:
        self.problem = "cancelled"
        self.qr.clear()
        self.retranslate()
        self.say_instruction()

    def _on_rent_problem(self, error: Exception) -> None:
        """Paid but the chair could not be handed out: the deposit goes straight back to the phone."""
        self.renting = False
        self.problem = "rent"
        self.note.setText(self._window.wheelchair.explain(error))
        self._window.runner.submit(self._window.services.wheelchairs.refund_unrented_deposit, self.rent_key)
        self.retranslate()
        self.say_instruction()

    def _cancel_and_back(self) -> None:
        self.order.cancel_open()
        self._window.go(PRICE)

    def forget(self) -> None:
        self.chair_id, self.patient, self.deposit_fen, self.rent_key = "", None, 0, ""
        self.gateway = ""
        self.clear_texts()

    def retranslate(self) -> None:
        desk = self._window.help_desk()
        self.cancel_button.setText(self.tr("Cancel and go back"))
        self.demo_button.setText(self.tr("Demo: pay with a phone"))
        self.demo_button.setVisible(self._window.services.payments.sandbox is not None and self.attempt is not None
                                    and not self.renting and not self.problem)
        self.show_gateway_choice(not self.renting and self.problem in ("", "gateway", "cancelled"))
        # The amount alone in the huge type (the title already says it is the deposit): "Deposit: 198.00 元"
        # wrapped into two huge lines in landscape English and was cut in half (issue 18.10).
        self.amount.setText(format_yuan(self.deposit_fen))
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
            self.title.setText(self.tr("Deposit: scan with %1").replace(
                "%1", self.names.name(trade_gateway(self.attempt.out_trade_no))))
            self.note.setText(self.tr("Refunded when you return it. %n second(s) left", "",
                                      self.seconds_left()))
        self.note.setVisible(bool(self.note.text()))

    def instruction(self) -> str:
        return " ".join(part for part in (self.title.text(), self.amount.text()) if part)
