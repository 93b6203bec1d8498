"""Paid: the e-invoice printed (thermal summary; A4 on request) and shown, and "payment complete" said."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.money import format_yuan
from kiosk.payment.store import PaymentIntent
from kiosk.printing.invoice import Invoice
from kiosk.printing.journal import PrintOutcome
from kiosk.printing.layouts import invoice_summary
from ui.payment.common import JOURNEY, help_desk, payments
from ui.payment.journey import PaymentJourney
from ui.screens.base import Screen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label
from ui.widgets.qr import qr_pixmap

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayDoneScreen(Screen):
    name = "pay_done"
    journey = JOURNEY

    def __init__(self, window: "MainWindow", journey: PaymentJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self.intent: PaymentIntent | None = None
        self.invoice: Invoice | None = None
        self.printed: PrintOutcome | None = None
        self.a4_state = ""  # "", sent, failed
        self.title = text_label("title", self, "payDoneTitle", centred=True)
        self.explain = text_label("body", self, "payDoneExplain")
        self.invoice_text = text_label("body", self, "payDoneInvoice")
        self.qr = QLabel(self)
        self.qr.setObjectName("payDoneQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = text_label("body", self, "payDoneQrCaption", centred=True)
        self.a4_button = secondary_button(self, "payDoneA4")
        self.finish_button = primary_button(self, "payDoneFinish")
        self.a4_button.clicked.connect(self._print_a4)
        self.finish_button.clicked.connect(lambda: window.go("home", reason="finished"))
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.a4_button, 1)
        row.addWidget(self.finish_button, 1)
        text_column = QVBoxLayout()
        for widget in (self.explain, self.invoice_text):
            text_column.addWidget(widget)
        text_column.addStretch(1)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addLayout(text_column, 1)
        qr_column = QVBoxLayout()
        qr_column.setSpacing(8)
        qr_column.addWidget(self.qr, 1)
        qr_column.addWidget(self.qr_caption)
        self._body.addLayout(qr_column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)
        layout.addLayout(row)
        self.retranslate()

    def show_intent(self, intent: PaymentIntent) -> None:
        """The bill that was just paid."""
        self.intent, self.invoice, self.printed, self.a4_state = intent, None, None, ""

    def forget(self) -> None:
        self.intent, self.invoice, self.printed, self.a4_state = None, None, None, ""
        self.clear_texts()

    def apply_orientation(self, landscape: bool) -> None:
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        self.qr.clear()
        self.retranslate()
        if self.intent is not None:
            self._window.runner.submit(self.print_invoice, self.intent.id, on_done=self._on_printed,
                                       on_error=lambda _: self._on_printed((self.invoice, None)))

    def print_invoice(self, intent_id: str) -> tuple[Invoice | None, PrintOutcome | None]:
        """Worker thread: the invoice of the bill and its thermal summary (printed once per invoice)."""
        services = self._window.services
        invoice = payments(self._window).billing.invoice_for(intent_id)
        if invoice is None:  # only earlier pay-later bills were repaid: their invoices were issued then
            return None, None
        receipt = invoice_summary(services.hospital, invoice)
        return invoice, services.printing.print_receipt(receipt, key=f"invoice:{invoice.invoice_number}")

    def _on_printed(self, result: tuple[Invoice | None, PrintOutcome | None]) -> None:
        self.invoice, self.printed = result
        has_qr = self.invoice is not None and bool(self.invoice.verification_url)
        if has_qr:
            self.qr.setPixmap(qr_pixmap(self.invoice.verification_url, 300))
        self.qr.setVisible(has_qr)
        self.retranslate()
        if self._window.current is self:
            self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _print_a4(self) -> None:
        invoice = self.invoice
        if invoice is None:
            return
        printing = self._window.services.printing

        def send() -> PrintOutcome:
            from ui.printing.invoice_pdf import invoice_pdf

            return printing.print_document(invoice_pdf(invoice), "invoice", f"Invoice {invoice.invoice_number}",
                                           key=f"invoice-a4:{invoice.invoice_number}")

        self.a4_button.setEnabled(False)
        self._window.runner.submit(send, on_done=lambda outcome: self._a4_done(outcome.printed or outcome.already_printed),
                                   on_error=lambda _: self._a4_done(False))

    def _a4_done(self, ok: bool) -> None:
        self.a4_state = "sent" if ok else "failed"
        self.retranslate()

    def _pay_later_words(self) -> str:
        """Nothing was paid: say how much is owed and by when (not only on the invoice)."""
        offer = self._journey.pay_later
        if offer is None:
            return self.tr("Nothing was charged now. The due date is on your invoice.")
        due = offer.due_day
        return self.tr("Nothing was charged now. Please pay %1 by %2, at this kiosk or at %3.").replace(
            "%1", format_yuan(offer.amount_fen)).replace("%2", f"{due.year}-{due.month:02d}-{due.day:02d}").replace(
            "%3", help_desk(self._window))

    def retranslate(self) -> None:
        credit = self.intent is not None and self.intent.method == "credit"
        self.title.setText(self.tr("Pay later confirmed") if credit else self.tr("Payment complete"))
        self.finish_button.setText(self.tr("Finish"))
        self.a4_button.setText(self.tr("Print an A4 invoice"))
        self.a4_button.setVisible(self.invoice is not None and self.a4_state == "")
        desk = help_desk(self._window)
        if self.invoice is None:
            self.explain.setText(self._pay_later_words() if credit else self.tr("Thank you. Your bill is settled."))
            self.invoice_text.setText("")
        else:
            if self.printed is not None and self.printed.fallback is not None:
                paper = self.tr("The printer could not print your invoice. Take a photo of this code, or ask at %1.")
                paper = paper.replace("%1", desk)
            else:
                paper = self.tr("Please take your invoice from the printer.")
            first = self._pay_later_words() if credit else self.tr("Thank you. Your bill is paid.")
            self.explain.setText(first + " " + paper)
            self.invoice_text.setText(self.tr("Invoice number: %1\nCheck code: %2").replace(
                "%1", self.invoice.invoice_number).replace("%2", self.invoice.check_code))
        if self.a4_state == "sent":
            self.explain.setText(self.explain.text() + " " + self.tr("The A4 invoice is printing."))
        elif self.a4_state == "failed":
            self.explain.setText(self.explain.text() + " " + self.tr("The A4 printer is not working; please ask at %1.")
                                 .replace("%1", desk))
        self.invoice_text.setVisible(bool(self.invoice_text.text()))
        self.qr_caption.setText(self.tr("Scan with your phone to see and keep your e-invoice."))
        self.qr_caption.setVisible(self.invoice is not None)

    def instruction(self) -> str:
        credit = self.intent is not None and self.intent.method == "credit"
        return (self.tr("Pay later confirmed.") if credit else self.tr("Payment complete.")) + " " + self.explain.text()
