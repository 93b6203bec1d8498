"""Wheelchairs panel (technicians and administrators): every chair with its state, overdue and lost
chairs marked, moving a chair to maintenance / disinfection / available (the fleet audits each move),
and the A4 sheet of QR labels.

Chairs out with a patient (rented, home use, overdue) get no buttons: they come back through a return,
never by a technician's tap, so no rental is left open behind a chair marked available.
"""
from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.clock import to_local
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.printing.journal import PrintOutcome
from kiosk.wheelchair.fleet import ALLOWED, ChairState, FleetError, Wheelchair
from ui.maintenance.common import PanelScreen, clear_layout
from ui.wheelchair.label_sheet import label_sheet_pdf
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

STAFF_TARGETS = (ChairState.MAINTENANCE, ChairState.DISINFECTION, ChairState.AVAILABLE)
WITH_A_PATIENT = (ChairState.RENTED, ChairState.HOME_USE, ChairState.OVERDUE)
NEEDS_ATTENTION = (ChairState.OVERDUE, ChairState.LOST)


def targets_for(chair: Wheelchair) -> list[ChairState]:
    """The states a technician may move this chair to from the panel."""
    if chair.state in WITH_A_PATIENT:
        return []
    return [target for target in STAFF_TARGETS if target is not chair.state and target in ALLOWED[chair.state]]


class WheelchairsScreen(PanelScreen):
    name = "staff_wheelchairs"
    permissions = ("fleet",)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.print_button = primary_button(self.card, "printLabelSheet")
        self.message = text_label("body", self.card, "wheelchairsMessage")
        self.summary = text_label("body", self.card, "wheelchairsSummary")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(20)
        for widget in (self.print_button, self.message, self.summary):
            self.body.addWidget(widget)
        self.body.addLayout(self.rows)
        self.body.addStretch(1)
        self.print_button.clicked.connect(self._print_labels)
        self.chairs: list[Wheelchair] = []
        self.move_buttons: dict[tuple[str, ChairState], object] = {}
        self.retranslate()

    def available(self) -> bool:
        return getattr(self._window.services, "wheelchairs", None) is not None

    @property
    def fleet(self):
        return self._window.services.wheelchairs.rentals.fleet

    def entered(self) -> None:
        self.message.hide()
        self.print_button.setEnabled(True)
        self._load()

    def _load(self) -> None:
        self.run(self.fleet.chairs, on_done=self._on_chairs)

    def _on_chairs(self, chairs: list[Wheelchair]) -> None:
        self.chairs = chairs
        self._show_chairs()

    def state_text(self, state: ChairState) -> str:
        return {
            ChairState.AVAILABLE: self.tr("available"), ChairState.RENTED: self.tr("rented"),
            ChairState.HOME_USE: self.tr("at a patient's home"), ChairState.OVERDUE: self.tr("OVERDUE: not returned in time"),
            ChairState.MAINTENANCE: self.tr("in maintenance"), ChairState.DISINFECTION: self.tr("being disinfected"),
            ChairState.LOST: self.tr("LOST"),
        }[state]

    def _target_text(self, target: ChairState) -> str:
        return {ChairState.MAINTENANCE: self.tr("Maintenance"), ChairState.DISINFECTION: self.tr("Disinfection"),
                ChairState.AVAILABLE: self.tr("Available")}[target]

    def _show_chairs(self) -> None:
        clear_layout(self.rows)
        self.move_buttons = {}
        for chair in self.chairs:
            row = QFrame(self.card)
            column = QVBoxLayout(row)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(12)
            attention = chair.state in NEEDS_ATTENTION
            label = text_label("error" if attention else "body", row, f"chair_{chair.chair_id}")
            text = self.tr("%1 · %2 · since %3").replace("%1", chair.chair_id).replace("%2", self.state_text(chair.state)) \
                .replace("%3", to_local(chair.updated_at).strftime("%m-%d %H:%M"))
            label.setText(("⚠ " if attention else "") + text)
            column.addWidget(label)
            targets = targets_for(chair)
            if targets:
                buttons = QHBoxLayout()
                buttons.setSpacing(16)
                for target in targets:
                    button = secondary_button(row, f"move_{chair.chair_id}_{target.value}")
                    button.setText(self._target_text(target))
                    button.clicked.connect(lambda _=False, c=chair.chair_id, t=target: self._move(c, t))
                    buttons.addWidget(button)
                    self.move_buttons[(chair.chair_id, target)] = button
                column.addLayout(buttons)
            self.rows.addWidget(row)
        counts = {state: sum(1 for chair in self.chairs if chair.state is state) for state in ChairState}
        self.summary.setText(self.tr("%1 chairs: %2 available, %3 overdue, %4 lost.")
                             .replace("%1", str(len(self.chairs))).replace("%2", str(counts[ChairState.AVAILABLE]))
                             .replace("%3", str(counts[ChairState.OVERDUE])).replace("%4", str(counts[ChairState.LOST])))
        self.relayout()

    def _move(self, chair_id: str, target: ChairState) -> None:
        actor = self._actor()
        if not actor:
            return
        reason = f"marked {target.value} by staff at the kiosk"
        self.run(self.fleet.move, chair_id, target, actor, reason,
                 on_done=lambda chair: self._on_moved(chair), on_error=self._on_move_failed)

    def _on_moved(self, chair: Wheelchair) -> None:
        self._say(self.tr("Chair %1 is now: %2.").replace("%1", chair.chair_id).replace("%2", self.state_text(chair.state)))
        self._load()

    def _on_move_failed(self, error: Exception) -> None:
        detail = str(error) if isinstance(error, FleetError) else type(error).__name__
        self._say(self.tr("The chair's state was not changed: %1").replace("%1", detail))
        self._load()

    def _actor(self) -> str:
        try:
            return self.session.require("fleet")
        except PermissionDenied:
            self._say(self.tr("Your role may not change wheelchairs."))
            return ""

    def _print_labels(self) -> None:
        actor = self._actor()
        if not actor:
            return
        self.print_button.setEnabled(False)
        self._say(self.tr("Printing the label sheet…"))
        config = self._window.services.config
        hospital = config.hospital_name_zh if self.language.startswith("zh") else config.hospital_name_en
        self.run(self._print_sheet, hospital, f"wheelchair-labels:{uuid.uuid4().hex}", actor,
                 on_done=self._on_printed, on_error=self._on_print_failed)

    def _print_sheet(self, hospital: str, key: str, actor: str) -> PrintOutcome:
        """Blocking (PDF layout, printer): one sheet per press; the key keeps a retry from printing twice."""
        services = self._window.services
        pdf = label_sheet_pdf(services.wheelchairs, hospital)
        outcome = services.printing.print_document(pdf, "wheelchair_labels", "Wheelchair labels", key)
        services.audit.record(actor, "maintenance.label_sheet_printed",
                              {"job_id": outcome.job.id, "printed": outcome.printed, "error": outcome.error})
        return outcome

    def _on_printed(self, outcome: PrintOutcome) -> None:
        self.print_button.setEnabled(True)
        if outcome.printed:
            self._say(self.tr("The label sheet went to the A4 printer (%n chair(s)).", "", len(self.chairs)))
        else:
            self._say(self.tr("The label sheet did not print: %1. Check the A4 printer on the Devices panel.")
                      .replace("%1", outcome.error or "-"))

    def _on_print_failed(self, error: Exception) -> None:
        self.print_button.setEnabled(True)
        self._say(self.tr("The label sheet did not print: %1. Check the A4 printer on the Devices panel.")
                  .replace("%1", str(error) or type(error).__name__))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Wheelchairs"))
        self.print_button.setText(self.tr("Print QR labels for all chairs (A4)"))
        self._show_chairs()
