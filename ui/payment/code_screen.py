"""Scan my payment code: the patient holds the phone's payment bar code under the CodeScanner."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.money import format_yuan
from kiosk.payment.gateway import GatewayMisconfigured, GatewayRejected, GatewayUnavailable
from kiosk.payment.service import BillInUseElsewhere, PaymentRefused
from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.payment.common import JOURNEY, GatewayNames, gateway_names, help_desk, payments
from ui.payment.journey import PaymentJourney
from ui.screens.base import Screen
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

READ_TIMEOUT_S = 0.5


class PayCodeScreen(Screen):
    name = "pay_code"
    journey = JOURNEY

    def __init__(self, window: "MainWindow", journey: PaymentJourney) -> None:
        super().__init__(window.stack)
        self._journey = journey
        self.names = GatewayNames(self)
        self._window = window
        self.problem = ""  # "", not_a_code, refused, gateway, waiting, elsewhere
        self.elsewhere_until = ""
        self._reading = False
        self.title = text_label("title", self, "payCodeTitle")
        self.amount = text_label("huge", self, "payCodeAmount", centred=True)
        self.explain = text_label("body", self, "payCodeExplain")
        self.back_button = secondary_button(self, "payCodeBack")
        self.demo_button = secondary_button(self, "payCodeDemo")
        self.back_button.clicked.connect(lambda: window.go("pay"))
        self.demo_button.clicked.connect(self._demo_show_code)
        row = QHBoxLayout()
        row.addWidget(self.back_button, 1)
        row.addWidget(self.demo_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(32)
        for widget in (self.title, self.amount, self.explain):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def entered(self) -> None:
        if self._journey.intent is None:
            return self._window.go("pay")
        self.problem = ""
        self.retranslate()
        self._read_next()

    def forget(self) -> None:
        self.problem = ""
        self.clear_texts()

    def _read_next(self) -> None:
        scanner = self._window.services.devices.device("scanner")
        if self._reading or self._window.current is not self or scanner is None:
            return
        self._reading = True
        self._window.runner.submit(scanner.read_code, READ_TIMEOUT_S, on_done=self._on_code,
                                   on_error=lambda _: setattr(self, "_reading", False))

    def _on_code(self, code: str | None) -> None:
        self._reading = False
        if self._window.current is not self:
            return
        if not code:
            return self._read_next()
        intent = self._journey.intent
        self.problem = "waiting"
        self.retranslate()
        self._window.runner.submit(payments(self._window).service.pay_with_code, intent.id, code,
                                   on_done=self._on_paid, on_error=self._on_error)

    def _on_paid(self, attempt: PaymentAttempt) -> None:
        if attempt.state is AttemptState.PAID:
            return self._journey.paid(payments(self._window).service.intent(attempt.intent_id))
        self.problem = "gateway"
        self.retranslate()

    def _on_error(self, error: Exception) -> None:
        self.elsewhere_until = error.until_local if isinstance(error, BillInUseElsewhere) else ""
        self.problem = ("elsewhere" if isinstance(error, BillInUseElsewhere) else
                        "not_a_code" if isinstance(error, PaymentRefused) else
                        "gateway" if isinstance(error, GatewayMisconfigured) else  # the kiosk's settings, not the code
                        "refused" if isinstance(error, GatewayRejected) else
                        "gateway" if isinstance(error, GatewayUnavailable) else "gateway")
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)
        self._read_next()

    def _demo_show_code(self) -> None:
        control = payments(self._window).sandbox_control
        scanner = self._window.services.devices.device("scanner")
        if control is not None and hasattr(scanner, "present"):
            self._window.runner.submit(lambda: scanner.present(control.payment_code()))

    def retranslate(self) -> None:
        intent = self._journey.intent
        self.title.setText(self.tr("Show your payment code"))
        self.amount.setText(format_yuan(intent.due_fen) if intent else "")
        desk = help_desk(self._window)
        texts = {
            "": self.tr("Open the payment code in %1 on your phone and hold it under the scanner below this screen.")
                .replace("%1", self.names.any_of(gateway_names(self._window))),
            "waiting": self.tr("Taking the payment… please wait."),
            "not_a_code": self.tr("That was not a payment code. Please open the payment code in your pay app and try again."),
            "elsewhere": self.tr("Your bill is being paid at another kiosk right now. Please finish paying there, "
                                 "or use this kiosk after %1. Nothing was charged here.").replace("%1", self.elsewhere_until),
            "refused": self.tr("This payment code did not work. Please refresh it on your phone and try again."),
            "gateway": self.tr("Mobile payment is not working right now. Please go back and choose another way, "
                               "or go to %1.").replace("%1", desk),
        }
        self.explain.setText(texts[self.problem])
        self.back_button.setText(self.tr("Back to my bill"))
        self.demo_button.setText(self.tr("Demo: show a payment code"))
        self.demo_button.setVisible(payments(self._window).sandbox is not None)

    def instruction(self) -> str:
        return self.explain.text()
