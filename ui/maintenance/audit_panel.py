"""Audit log panel: the newest entries with category and period filters, the hash-chain check, and
CSV export to a USB stick or the kiosk's export folder.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.audit import AuditEntry, ChainReport, canonical_json
from kiosk.clock import to_local
from kiosk.maintenance.audit_view import PERIODS, AuditPage, ExportResult
from ui.maintenance.common import PanelScreen
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

DETAIL_CHARS = 160
BREAK_EVERY = 24  # characters without a break opportunity, at most, in a shown detail
ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """Let a wrapped label break JSON (no spaces) after its commas and colons and inside long runs, so
    one audit entry cannot widen the panel past the screen (issue 18.10: "类别：全" cut off)."""
    text = text.replace(",", "," + ZERO_WIDTH_SPACE).replace(":", ":" + ZERO_WIDTH_SPACE)
    pieces, run = [], 0
    for char in text:
        pieces.append(char)
        run = 0 if char in (" ", ZERO_WIDTH_SPACE, "\n") else run + 1
        if run >= BREAK_EVERY:
            pieces.append(ZERO_WIDTH_SPACE)
            run = 0
    return "".join(pieces)


class AuditScreen(PanelScreen):
    name = "staff_audit"
    permissions = ("config", "reconciliation")  # administrators, and finance for the money trail

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.browser = window.services.maintenance.audit_browser
        self.category: str | None = None
        self.period = "today"
        self.categories: list[str] = []
        self.category_button = secondary_button(self.card, "auditCategory")
        self.period_button = secondary_button(self.card, "auditPeriod")
        self.verify_button = secondary_button(self.card, "auditVerify")
        self.chain = text_label("body", self.card, "auditChain")
        self.export_title = text_label("body", self.card, "auditExportTitle")
        self.export_buttons = []
        self.export_result = text_label("body", self.card, "auditExportResult")
        self.summary = text_label("body", self.card, "auditSummary")
        self.category_button.clicked.connect(self._next_category)
        self.period_button.clicked.connect(self._next_period)
        self.verify_button.clicked.connect(self._verify)
        for widget in (self.category_button, self.period_button, self.verify_button, self.chain, self.export_title):
            self.body.addWidget(widget)
        self._export_index = self.body.count()
        for widget in (self.export_result, self.summary):
            self.body.addWidget(widget)
        self.entries: list[AuditEntry] = []
        self.entry_labels = []
        self.total = 0
        self.body.addStretch(1)
        self.retranslate()

    def entered(self) -> None:
        self.chain.hide()
        self.export_result.hide()
        self._build_export_buttons()
        self.run(self.browser.categories, on_done=self._on_categories)
        self._load()

    # --- filters and rows ------------------------------------------------------------------------

    def _on_categories(self, categories: list[str]) -> None:
        self.categories = categories
        self.retranslate()

    def _next_category(self) -> None:
        choices: list[str | None] = [None, *self.categories]
        position = choices.index(self.category) if self.category in choices else 0
        self.category = choices[(position + 1) % len(choices)]
        self._load()

    def _next_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self._load()

    def _load(self) -> None:
        self.retranslate()
        self.run(self.browser.page, self.category, self.period, on_done=self._on_page)

    def _on_page(self, page: AuditPage) -> None:
        self.entries, self.total = page.entries, page.total
        for label in self.entry_labels:
            self.body.removeWidget(label)
            label.deleteLater()
        self.entry_labels = []
        position = self.body.count() - 1  # before the stretch
        for entry in self.entries:
            label = text_label("small", self.card, f"auditEntry_{entry.id}")
            self.body.insertWidget(position, label)
            position += 1
            self.entry_labels.append(label)
        self.retranslate()
        self.relayout()

    def _entry_text(self, entry: AuditEntry) -> str:
        detail = canonical_json(entry.detail)
        if len(detail) > DETAIL_CHARS:
            detail = detail[:DETAIL_CHARS] + "…"
        detail = breakable(detail)
        return breakable(self.tr("No. %1 · %2 · %3 · %4").replace("%1", str(entry.id))
                         .replace("%2", to_local(entry.at_utc).strftime("%m-%d %H:%M:%S"))
                         .replace("%3", entry.actor).replace("%4", entry.action)) + "\n" + detail

    # --- chain and export ------------------------------------------------------------------------

    def _verify(self) -> None:
        self.chain.setText(self.tr("Checking every entry…"))
        self.chain.show()
        self.run(self.browser.verify, self.session.actor, on_done=self._on_verified)

    def _on_verified(self, report: ChainReport) -> None:
        self.show_chain(report)
        self._load()

    def show_chain(self, report: ChainReport) -> None:
        if report.ok:
            text = self.tr("Chain intact: all %n entries check out.", "", report.checked)
            state = "ok"
        else:
            text = (self.tr("Chain BROKEN at entry %1: the log was changed outside the kiosk. Keep this kiosk's "
                            "data as it is and tell the administrator.").replace("%1", str(report.first_broken_id))
                    + "\n" + report.reason)
            state = "fault"
        self.chain.setText(text)
        self.chain.setProperty("state", state)
        self.chain.style().unpolish(self.chain)
        self.chain.style().polish(self.chain)
        self.chain.show()

    def _build_export_buttons(self) -> None:
        for button in self.export_buttons:
            self.body.removeWidget(button)
            button.deleteLater()
        self.export_buttons = []
        for offset, folder in enumerate(self.browser.export_folders()):
            button = secondary_button(self.card, f"auditExport_{offset}")
            button.setProperty("folder", str(folder))
            button.clicked.connect(lambda _=False, target=folder: self.export_to(target))
            self.body.insertWidget(self._export_index + offset, button)
            self.export_buttons.append(button)
        self.retranslate()
        self.relayout()

    def export_to(self, folder: Path) -> None:
        self.export_result.setText(self.tr("Writing the file…"))
        self.export_result.show()
        self.run(self.browser.export, folder, self.session.actor, on_done=self._on_exported,
                 on_error=self._on_export_failed)

    def _on_exported(self, result: ExportResult) -> None:
        self.export_result.setText(
            self.tr("Saved %n entries to %1.", "", result.rows).replace("%1", breakable(str(result.path))) + "\n"
            + self.tr("Newest entry's fingerprint (write it down): %1").replace("%1", result.head_hash[:16]))
        self.show_chain(result.chain)
        self._load()

    def _on_export_failed(self, error: Exception) -> None:
        self.export_result.setText(self.tr("The file could not be written: %1. Try another place.")
                                   .replace("%1", str(error)))

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Audit log"))
        category = self.category or self.tr("all")
        self.category_button.setText(self.tr("Kind: %1 (tap to change)").replace("%1", category))
        periods = {"today": self.tr("today"), "week": self.tr("last 7 days"), "all": self.tr("all time")}
        self.period_button.setText(self.tr("Period: %1 (tap to change)").replace("%1", periods[self.period]))
        self.verify_button.setText(self.tr("Check that nothing was changed"))
        self.export_title.setText(self.tr("Save the whole log as a CSV file:"))
        for button in self.export_buttons:
            folder = button.property("folder")
            # A button cannot wrap: the folder's own name only (the full path is in the result line).
            if Path(folder) == self.browser.export_folder:
                button.setText(self.tr("Save on this kiosk: %1").replace("%1", Path(folder).name))
            else:
                button.setText(self.tr("Save on USB stick: %1").replace("%1", Path(folder).name))
        self.summary.setText(self.tr("Showing the newest %1 of %2 entries.")
                             .replace("%1", str(len(self.entries))).replace("%2", str(self.total)))
        for label, entry in zip(self.entry_labels, self.entries):
            label.setText(self._entry_text(entry))
