"""Overdue pay-later accounts (finance and administrators): masked name and ID number, amount, due day
and days overdue, the longest overdue first, then debts the hospital's records already held.
Read-only; looking is audited (``kiosk.maintenance.overdue_view``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from kiosk.maintenance.overdue_view import OverdueAccount, overdue_accounts
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.money import format_yuan
from ui.maintenance.common import PanelScreen, clear_layout
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OVERDUE = "staff_overdue"


class OverdueScreen(PanelScreen):
    name = OVERDUE
    permissions = ("payments",)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.summary = text_label("body", self.card, "overdueSummary")
        self.body.addWidget(self.summary)
        self.rows = QVBoxLayout()  # one line per account
        self.rows.setSpacing(16)
        self.body.addLayout(self.rows)
        self.body.addStretch(1)
        self.accounts: list[OverdueAccount] | None = None
        self.failure = ""
        self.retranslate()

    def available(self) -> bool:
        return getattr(self._window.services, "payments", None) is not None

    def entered(self) -> None:
        self.accounts, self.failure = None, ""
        self.retranslate()
        services = self._window.services
        self.run(overdue_accounts, services.payments, services.his, self.session, services.audit,
                 on_done=self._on_accounts, on_error=self._on_failed)

    def forget(self) -> None:
        """Staff left: the list of patients' names and debts does not stay in the hidden panel."""
        self.accounts, self.failure = None, ""
        self._show_rows()

    def _on_accounts(self, accounts: list[OverdueAccount]) -> None:
        if accounts == self.accounts:
            return  # the same list again: keep the lines already drawn
        self.accounts = accounts
        self.retranslate()

    def _on_failed(self, error: Exception) -> None:
        if isinstance(error, PermissionDenied):
            self.failure = self.tr("Your role may not see payments.")
        else:
            self.failure = self.tr("The list could not be loaded: %1").replace("%1", str(error) or type(error).__name__)
        self.retranslate()

    def account_words(self, account: OverdueAccount) -> str:
        who = self.tr("%1 (%2)").replace("%1", account.masked_name).replace("%2", account.masked_id_number)
        if account.due_day is None:
            return self.tr("%1 · %2 · overdue in the hospital's records (before the kiosk)").replace(
                "%1", who).replace("%2", format_yuan(account.amount_fen))
        return (self.tr("%1 · %2 · due %3 · %n day(s) overdue", "", account.days_overdue or 0)
                .replace("%1", who).replace("%2", format_yuan(account.amount_fen))
                .replace("%3", account.due_day.strftime("%Y-%m-%d")))

    def _show_rows(self) -> None:
        clear_layout(self.rows)
        for index, account in enumerate(self.accounts or []):
            label = text_label("body", self.card, f"overdue_{index}")
            label.setText(self.account_words(account))
            self.rows.addWidget(label)
        self.relayout()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Overdue pay-later accounts"))
        if self.failure:
            self.summary.setText(self.failure)
        elif self.accounts is None:
            self.summary.setText(self.tr("Loading…"))
        elif not self.accounts:
            self.summary.setText(self.tr("No pay-later account is overdue."))
        else:
            total = format_yuan(sum(account.amount_fen for account in self.accounts))
            self.summary.setText(self.tr("%n overdue account(s), %1 in total.", "", len(self.accounts))
                                 .replace("%1", total))
        self._show_rows()
