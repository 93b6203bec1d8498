"""Scan my payment code: the patient holds the phone's payment bar code under the CodeScanner.

In the demo (sandbox gateway) one button per offered gateway shows that gateway's payment code to the
simulated scanner (WeChat codes start 10–15, Alipay 25–30, so the kiosk routes each to its gateway)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout

from kiosk.money import format_yuan
from kiosk.payment.gateway import GatewayMisconfigured, GatewayRejected, GatewayUnavailable
from kiosk.payment.service import BillAlreadyPaid, BillInUseElsewhere, PaymentRefused
from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.payment.common import JOURNEY, GatewayNames, gateway_names, help_desk, payments
from ui.payment.journey import PaymentJourney
from ui.screens.base import Screen
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayCodeScreen(Screen):
    name = "pay_code"
    journey = JOURNEY

    def __init__(self, window: "MainWindow", journey: PaymentJourney) -> None:
        super().__init__(window.stack)
        self._journey = journey
        self.names = GatewayNames(self)
        self._window = window
        self.problem = ""  # "", not_a_code, refused, gateway, waiting, scanner, elsewhere
        self.elsewhere_until = ""
        self.title = text_label("title", self, "payCodeTitle")
        self.amount = text_label("huge", self, "payCodeAmount", centred=True)
        self.explain = text_label("body", self, "payCodeExplain")
        self.back_button = secondary_button(self, "payCodeBack")
        self.back_button.clicked.connect(lambda: window.go("pay"))
        self.demo_buttons: dict[str, QPushButton] = {}
        for gateway in gateway_names(window):
            button = secondary_button(self, f"payCodeDemo_{gateway}")
            button.clicked.connect(lambda _=False, chosen=gateway: self._demo_show_code(chosen))
            self.demo_buttons[gateway] = button
        self._buttons = QGridLayout()
        self._buttons.setSpacing(24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(32)
        for widget in (self.title, self.amount, self.explain):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(self._buttons)
        self.apply_orientation(False)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        """Landscape: "back" and the demo's codes in one row (the height is short); portrait: the demo's
        codes above a full-width "back"."""
        for widget in (self.back_button, *self.demo_buttons.values()):
            self._buttons.removeWidget(widget)
        demos = list(self.demo_buttons.values())
        if landscape:
            for column, widget in enumerate([self.back_button, *demos]):
                self._buttons.addWidget(widget, 0, column)
        else:
            for column, widget in enumerate(demos):
                self._buttons.addWidget(widget, 0, column)
            self._buttons.addWidget(self.back_button, 1, 0, 1, max(len(demos), 1))

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
        """Ask the window's scanner service for the next code (it comes only while this screen is shown)."""
        self._window.scanner.listen(self, self._on_code, self._on_scanner_fault)

    def _on_scanner_fault(self, _: str) -> None:
        self.problem = "scanner"
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_code(self, code: str) -> None:
        intent = self._journey.intent
        self.problem = "waiting"
        self.retranslate()
        self._window.runner.submit(payments(self._window).service.pay_with_code, intent.id, code,
                                   on_done=self._on_paid, on_error=self._on_error)

    def _on_paid(self, attempt: PaymentAttempt) -> None:
        if attempt.state is AttemptState.PAID:
            return self._journey.paid(payments(self._window).service.intent(attempt.intent_id))
        if attempt.paid_by_another_bill:  # another bill of the same charges was paid first: its money goes back
            return self._journey.bill_changed(refunding=True)
        self.problem = "gateway"
        self.retranslate()

    def _on_error(self, error: Exception) -> None:
        if isinstance(error, BillAlreadyPaid):  # part of it was paid by another bill: nothing charged here
            return self._journey.bill_changed(refunding=False)
        self.elsewhere_until = error.until_local if isinstance(error, BillInUseElsewhere) else ""
        self.problem = ("elsewhere" if isinstance(error, BillInUseElsewhere) else
                        "not_a_code" if isinstance(error, PaymentRefused) else
                        "gateway" if isinstance(error, GatewayMisconfigured) else  # the kiosk's settings, not the code
                        "refused" if isinstance(error, GatewayRejected) else
                        "gateway" if isinstance(error, GatewayUnavailable) else "gateway")
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)
        self._read_next()

    def _demo_show_code(self, gateway: str) -> None:
        control = payments(self._window).sandbox_control
        scanner = self._window.services.devices.device("scanner")
        if control is not None and hasattr(scanner, "present"):
            self._window.runner.submit(lambda: scanner.present(control.payment_code(gateway)))

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
            "scanner": self.tr("The code scanner is not working right now. Please go back and choose another way, "
                               "or go to %1.").replace("%1", desk),
        }
        self.explain.setText(texts[self.problem])
        self.back_button.setText(self.tr("Back to my bill"))
        for gateway, button in self.demo_buttons.items():
            button.setText(self.tr("Demo: %1 code").replace("%1", self.names.name(gateway)))
            button.setVisible(payments(self._window).sandbox is not None)

    def instruction(self) -> str:
        return self.explain.text()
