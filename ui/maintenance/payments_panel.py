"""Payments panel (finance and administrators): today's mobile payments, a full refund of a credited
one up to the second-PIN limit (tap twice; only roles with the refund permission see the button), any
other amount through the refund form, "ask the payment platform" for orders still open, and today's
reconciliation.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.clock import to_local
from kiosk.maintenance.payments_view import PaymentLine, refund_in_full, todays_reconciliation
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.money import format_yuan
from kiosk.payment.refunds import ReconciliationReport, RefundRecord
from ui.maintenance.common import PanelScreen, clear_layout
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.maintenance.desk import MaintenanceDesk


class PaymentsScreen(PanelScreen):
    name = "staff_payments"
    permissions = ("payments",)

    def __init__(self, window: "MainWindow", desk: "MaintenanceDesk"):
        super().__init__(window)
        self._desk = desk
        self.reconcile_button = secondary_button(self.card, "paymentsReconcile")
        self.report = text_label("body", self.card, "paymentsReport")
        self.message = text_label("body", self.card, "paymentsMessage")
        self.summary = text_label("body", self.card, "paymentsSummary")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(16)
        for widget in (self.reconcile_button, self.report, self.message, self.summary):
            self.body.addWidget(widget)
        self.body.addLayout(self.rows)
        self.body.addStretch(1)
        self.reconcile_button.clicked.connect(self._reconcile)
        self.lines: list[PaymentLine] = []
        self.refund_buttons: dict[str, object] = {}
        self._armed_refund = ""
        self.retranslate()

    def available(self) -> bool:
        return self._window.services.payments is not None

    def entered(self) -> None:
        self._armed_refund = ""
        self.report.hide()
        self.message.hide()
        self._load()

    def _load(self) -> None:
        services = self._window.services
        self.run(services.maintenance.todays_payments, on_done=self._on_lines)

    def _on_lines(self, lines: list[PaymentLine]) -> None:
        self.lines = lines
        self._show_lines()

    def _show_lines(self) -> None:
        clear_layout(self.rows)
        self.refund_buttons = {}
        self.query_buttons: dict[str, object] = {}
        self.partial_buttons: dict[str, object] = {}
        may_refund = self.session.role_allows("refunds")
        states = self._state_texts()
        for line in self.lines:
            state = line.state
            if state == "paid" and line.refunded_fen:  # the order stays paid; its refunds say what came back
                state = "refunded" if line.refunded_fen >= line.amount_fen else "partly_refunded"
            row = QFrame(self.card)
            column = QVBoxLayout(row)
            column.setContentsMargins(0, 0, 0, 0)
            text = self.tr("%1 · %2 · %3 · order %4").replace("%1", to_local(line.created_at).strftime("%H:%M")) \
                .replace("%2", format_yuan(line.amount_fen)).replace("%3", states.get(state, state)) \
                .replace("%4", line.out_trade_no)
            if line.refunded_fen:
                text += "\n" + self.tr("Refunded: %1").replace("%1", format_yuan(line.refunded_fen))
            label = text_label("body", row, f"payment_{line.out_trade_no}")
            label.setText(text)
            column.addWidget(label)
            if line.state in ("creating", "awaiting"):
                query = secondary_button(row, f"query_{line.out_trade_no}")
                query.setText(self.tr("Ask the payment platform about this order"))
                query.clicked.connect(lambda _=False, chosen=line.out_trade_no: self._query_gateway(chosen))
                column.addWidget(query)
                self.query_buttons[line.out_trade_no] = query
            if may_refund and line.refundable_fen > 0:
                other = secondary_button(row, f"refundPart_{line.out_trade_no}")
                other.setText(self.tr("Refund another amount…"))
                other.clicked.connect(lambda _=False, chosen=line: self._desk.open_refund(chosen))
                self.partial_buttons[line.out_trade_no] = other
            if may_refund and 0 < line.refundable_fen <= self._window.services.config.second_pin_above_yuan * 100:
                button = secondary_button(row, f"refund_{line.out_trade_no}")
                armed = self._armed_refund == line.out_trade_no
                button.setText(self.tr("Tap again to refund %1 to the patient").replace("%1", format_yuan(line.refundable_fen))
                               if armed else self.tr("Refund %1 in full").replace("%1", format_yuan(line.refundable_fen)))
                button.clicked.connect(lambda _=False, chosen=line: self._refund_pressed(chosen))
                column.addWidget(button)
                self.refund_buttons[line.out_trade_no] = button
            if line.out_trade_no in self.partial_buttons:
                column.addWidget(self.partial_buttons[line.out_trade_no])
            self.rows.addWidget(row)
        self.summary.setText(self.tr("Payments at this kiosk today: %n", "", len(self.lines)))
        self.relayout()

    def _state_texts(self) -> dict[str, str]:
        return {"paid": self.tr("paid"), "refunded": self.tr("refunded"), "refund_due": self.tr("to be refunded"),
                "partly_refunded": self.tr("partly refunded"),
                "awaiting": self.tr("waiting for the customer"), "creating": self.tr("starting"),
                "cancelling": self.tr("being cancelled"), "cancelled": self.tr("cancelled"),
                "failed": self.tr("not charged")}

    def _refund_pressed(self, line: PaymentLine) -> None:
        if self._armed_refund != line.out_trade_no:
            self._armed_refund = line.out_trade_no
            self._show_lines()
            return
        self._armed_refund = ""
        try:
            self.session.require("refunds")
        except PermissionDenied:
            self._say(self.tr("Your role may not refund payments."))
            return
        member = self.session.member
        self._say(self.tr("Refunding…"))
        self.run(refund_in_full, self._window.services.payments, line, member.staff_id,
                 on_done=self._on_refunded, on_error=self._on_refund_failed)

    def _on_refunded(self, record: RefundRecord) -> None:
        if record.state == "done":
            self._say(self.tr("Refunded %1 for order %2.").replace("%1", format_yuan(record.amount_fen))
                      .replace("%2", record.out_trade_no))
        else:
            self._say(self.tr("The refund did not go through: %1").replace("%1", record.error or record.state))
        self._load()

    def _on_refund_failed(self, error: Exception) -> None:
        self._say(self.tr("The refund did not go through: %1").replace("%1", str(error)))
        self._load()

    def _query_gateway(self, out_trade_no: str) -> None:
        """Ask the gateway now (a lost notification, a kiosk restart): credits it or closes it when overdue."""
        try:
            actor = self.session.require("payments")
        except PermissionDenied:
            self._say(self.tr("Your role may not look into payments."))
            return
        self._say(self.tr("Asking the payment platform…"))
        self.run(self._ask_gateway, out_trade_no, actor, on_done=self._on_queried,
                 on_error=lambda error: self._say(self.tr("The payment platform could not be asked: %1")
                                                  .replace("%1", str(error) or type(error).__name__)))

    def _ask_gateway(self, out_trade_no: str, actor: str):
        attempt = self._window.services.payments.service.check_attempt(out_trade_no, ask_gateway=True)
        self._window.services.audit.record(actor, "maintenance.payment_queried",
                                           {"out_trade_no": out_trade_no, "state": attempt.state.value})
        return attempt

    def _on_queried(self, attempt) -> None:
        self._say(self.tr("Order %1 is now: %2.").replace("%1", attempt.out_trade_no)
                  .replace("%2", self._state_texts().get(attempt.state.value, attempt.state.value)))
        self._load()

    def _reconcile(self) -> None:
        self.report.setText(self.tr("Comparing the kiosk's books with the payment platform…"))
        self.report.show()
        self.run(todays_reconciliation, self._window.services.payments, self._window.services.clock,
                 on_done=self._on_report, on_error=lambda error: self.report.setText(str(error)))

    def _on_report(self, report: ReconciliationReport) -> None:
        text = self.tr("%1: %2 orders checked; in %3, refunded %4, invoices %5.") \
            .replace("%1", report.day.isoformat()).replace("%2", str(report.trades_checked)) \
            .replace("%3", format_yuan(report.ledger_in_fen)).replace("%4", format_yuan(report.ledger_refund_fen)) \
            .replace("%5", format_yuan(report.invoices_self_pay_fen))
        if report.balanced:
            text += "\n" + self.tr("Everything matches.")
        else:
            text += "\n" + self.tr("Differences to look into:") + "\n" + "\n".join(report.differences)
        self.report.setText(text)
        self.report.setProperty("state", "ok" if report.balanced else "fault")
        self.report.style().unpolish(self.report)
        self.report.style().polish(self.report)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Payments"))
        self.reconcile_button.setText(self.tr("Today's reconciliation"))
        self._show_lines()
