"""The refund form (finance and administrators): an amount in yuan on the keypad (at most what is still
refundable), a reason from big buttons, and — above ``maintenance.second_pin_above_yuan`` — a second
finance or admin member's staff number and PIN typed on the same keypad.

Opened from the Payments panel with ``open_for(line)``; the request number is made there, once per
form, so a double tap or a retry after an outage never refunds twice.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout

from kiosk.maintenance.payments_view import PaymentLine
from kiosk.maintenance.refunds import (REFUND_REASONS, Approver, RefundNotAllowed, check_amount, needs_second_pin,
                                       new_request_number, parse_yuan, refund_partly)
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.money import format_yuan
from kiosk.payment.refunds import RefundRecord
from kiosk.staff import PIN_PATTERN, STAFF_ID_PATTERN
from ui.identify.keypad_entry import entry_label
from ui.maintenance.common import PanelScreen, TwoColumns
from ui.maintenance.sign_in import PIN_LENGTH, PinDots
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PAYMENTS = "staff_payments"


class RefundScreen(PanelScreen):
    name = "staff_refund"
    permissions = ("refunds",)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.back_button.clicked.disconnect()
        self.back_button.clicked.connect(lambda: self.navigate.emit(PAYMENTS))
        self.order = text_label("body", self.card, "refundOrder")
        self.explain = text_label("body", self.card, "refundExplain")
        self.entry = entry_label(self.card, "refundEntry")
        self.pin_dots = PinDots(self.card)
        self.keypad = Keypad(self.card, max_length=10, extra_key=".")
        self.keypad.changed.connect(self._on_typed)
        self.whole_button = secondary_button(self.card, "refundWholeAmount")
        self.whole_button.clicked.connect(self._fill_whole_amount)
        self.reason_title = text_label("body", self.card, "refundReasonTitle")
        self.reason_buttons = {reason: secondary_button(self.card, f"refundReason_{reason}") for reason in REFUND_REASONS}
        reasons = QGridLayout()
        reasons.setSpacing(16)
        for index, (reason, button) in enumerate(self.reason_buttons.items()):
            button.clicked.connect(lambda _=False, chosen=reason: self._choose(chosen))
            reasons.addWidget(button, index // 2, index % 2)
        self.reason_chosen = text_label("body", self.card, "refundReasonChosen")
        self.error = text_label("error", self.card, "refundError")
        self.refund_button = primary_button(self.card, "refundSubmit")
        self.refund_button.clicked.connect(self._submit)
        self.result = text_label("body", self.card, "refundResult")
        self.body.addWidget(self.order)
        self.body.addWidget(self.explain)
        self.columns = TwoColumns(self.body)
        self.columns.add_first(self.entry, self.pin_dots, self.keypad)
        self.columns.add_second(self.whole_button, self.reason_title, reasons, self.reason_chosen, self.error,
                                self.refund_button, self.result)
        self.body.addStretch(1)
        self.line: PaymentLine | None = None
        self.request_no = ""
        self.step = "amount"  # amount → approver_id → approver_pin (only above the limit) → done
        self.amount_fen = 0
        self.reason = ""
        self.approver_id = ""
        self._busy = False
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self.columns.apply_orientation(landscape, (self.entry, self.pin_dots))

    @property
    def limit_yuan(self) -> int:
        return self._window.services.config.second_pin_above_yuan

    def open_for(self, line: PaymentLine) -> None:
        """A fresh form for this payment (and a fresh request number)."""
        self.line = line
        self.request_no = new_request_number(line.out_trade_no)
        self.amount_fen = 0
        self.reason = ""
        self.approver_id = ""
        self._busy = False
        self.result.hide()
        self._show_step("amount")
        self.navigate.emit(self.name)

    def entered(self) -> None:
        if self.line is None:
            self.navigate.emit(PAYMENTS)

    # --- steps ---------------------------------------------------------------------------------------

    def _show_step(self, step: str) -> None:
        self.step = step
        self.keypad.clear()
        self.keypad.extra_key = "." if step == "amount" else ""
        self.keypad.max_length = {"amount": 10, "approver_id": 8, "approver_pin": PIN_LENGTH}.get(step, 0)
        self.keypad.keys["extra"].setVisible(step == "amount")
        self.keypad.setVisible(step != "done")
        self.entry.setVisible(step in ("amount", "approver_id"))
        self.pin_dots.setVisible(step == "approver_pin")
        amount_step = step == "amount"
        self.whole_button.setVisible(amount_step)
        self.reason_title.setVisible(amount_step)
        for button in self.reason_buttons.values():
            button.setVisible(amount_step)
        self.refund_button.setVisible(step != "done")
        self.refund_button.setEnabled(True)
        self._show_error("")
        self.retranslate()

    def _on_typed(self, text: str) -> None:
        if self.step == "approver_pin":
            self.pin_dots.set_filled(len(text))
        else:
            self.entry.setText(text + (" 元" if self.step == "amount" and text else ""))
        self._show_error("")

    def _fill_whole_amount(self) -> None:
        if self.line is None:
            return
        self.keypad.clear()
        for key in f"{self.line.refundable_fen // 100}.{self.line.refundable_fen % 100:02d}":
            self.keypad.press("extra" if key == "." else key)

    def _choose(self, reason: str) -> None:
        self.reason = reason
        self.retranslate()

    def _submit(self) -> None:
        if self.line is None or self._busy:
            return
        typed = self.keypad.text
        if self.step == "amount":
            try:
                self.amount_fen = check_amount(parse_yuan(typed), self.line.refundable_fen)
            except RefundNotAllowed as refused:
                self._show_error(self.explain_refusal(refused))
                return
            if not self.reason:
                self._show_error(self.tr("Please choose the reason for the refund."))
                return
            if needs_second_pin(self.amount_fen, self.limit_yuan):
                self._show_step("approver_id")
                return
            self._refund(None)
        elif self.step == "approver_id":
            if not STAFF_ID_PATTERN.fullmatch(typed):
                self._show_error(self.tr("A staff number has 4 to 8 digits. Please type it again."))
                return
            self.approver_id = typed
            self._show_step("approver_pin")
        elif self.step == "approver_pin":
            if not PIN_PATTERN.fullmatch(typed):
                self._show_error(self.tr("The PIN has 6 digits. Please type it again."))
                return
            self.keypad.clear()
            self._refund(Approver(self.approver_id, typed))

    def _refund(self, approver: Approver | None) -> None:
        line = self.line
        member = self.session.member
        if line is None or member is None:
            return
        try:
            self.session.require("refunds")
        except PermissionDenied:
            self._show_error(self.tr("Your role may not refund payments."))
            return
        self._busy = True
        self.refund_button.setEnabled(False)
        self._say(self.tr("Refunding…"))
        services = self._window.services
        request = dict(out_trade_no=line.out_trade_no, amount_fen=self.amount_fen, refundable_fen=line.refundable_fen,
                       reason=self.reason, request_no=self.request_no, staff_id=member.staff_id,
                       second_pin_above_yuan=self.limit_yuan, approver=approver)
        self.run(lambda: refund_partly(services.payments, self.maintenance.staff, services.audit, **request),
                 on_done=self._on_refunded, on_error=self._on_refused)

    def _on_refunded(self, record: RefundRecord) -> None:
        self._busy = False
        if record.state == "done":
            self._show_step("done")
            self._say(self.tr("Refunded %1 for order %2.").replace("%1", format_yuan(record.amount_fen))
                      .replace("%2", record.out_trade_no))
        else:
            self.refund_button.setEnabled(True)
            self._say(self.tr("The refund did not go through: %1").replace("%1", record.error or record.state))

    def _on_refused(self, error: Exception) -> None:
        self._busy = False
        self.refund_button.setEnabled(True)
        self.result.hide()
        if isinstance(error, RefundNotAllowed):
            self._show_step("amount" if error.code in ("bad_amount", "too_much") else "approver_id")
            self._show_error(self.explain_refusal(error))
        else:
            self._show_error(self.tr("The refund did not go through: %1").replace("%1", str(error) or type(error).__name__))

    def explain_refusal(self, refused: RefundNotAllowed) -> str:
        refundable = format_yuan(self.line.refundable_fen) if self.line else "-"
        return {
            "bad_amount": self.tr("Type the amount in yuan, for example 12.50."),
            "too_much": self.tr("At most %1 can still be refunded for this order.").replace("%1", refundable),
            "needs_approver": self.tr("A second staff member must confirm this refund."),
            "same_staff": self.tr("The second PIN must be from another staff member, not from you."),
            "approver_refused": self.tr("The second staff number or PIN is not right (or it is locked). "
                                        "Nothing was refunded."),
            "approver_role": self.tr("Only finance staff or an administrator can confirm a refund."),
        }.get(refused.code, refused.code)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.result.show()

    def retranslate(self) -> None:
        super().retranslate()
        self.back_button.setText(self.tr("Back to payments"))
        self.title.setText(self.tr("Refund"))
        line = self.line
        self.order.setText(self.tr("Order %1: paid %2, can still be refunded %3.")
                           .replace("%1", line.out_trade_no if line else "-")
                           .replace("%2", format_yuan(line.amount_fen) if line else "-")
                           .replace("%3", format_yuan(line.refundable_fen) if line else "-"))
        limit = format_yuan(self.limit_yuan * 100)
        self.explain.setText({
            "amount": self.tr("Type the amount to refund in yuan. Above %1 a second staff member confirms "
                              "with their PIN.").replace("%1", limit),
            "approver_id": self.tr("%1 is more than %2: a second finance or admin staff member, please type your "
                                   "staff number.").replace("%1", format_yuan(self.amount_fen)).replace("%2", limit),
            "approver_pin": self.tr("Staff number %1: type your 6-digit PIN to confirm the refund.")
            .replace("%1", self.approver_id),
            "done": "",
        }[self.step])
        self.explain.setVisible(self.step != "done")
        self.whole_button.setText(self.tr("The whole amount"))
        self.reason_title.setText(self.tr("Why is it refunded?"))
        texts = {"patient_asked": self.tr("The patient asked"), "charged_twice": self.tr("Charged twice"),
                 "service_not_given": self.tr("Service not given"), "wrong_amount": self.tr("Wrong amount")}
        for reason, button in self.reason_buttons.items():
            button.setText(texts[reason])
        self.reason_chosen.setText(self.tr("Reason: %1").replace("%1", texts[self.reason]) if self.reason else "")
        self.reason_chosen.setVisible(bool(self.reason) and self.step == "amount")
        self.refund_button.setText(self.tr("Next") if self.step == "approver_id" else self.tr("Refund"))
        self.keypad.retranslate()
        self.relayout()
