"""Paper and reprints: the receipt paper level and "about N tickets left" (counted since the last
"new roll put in", see ``kiosk.maintenance.paper_roll``), the A4 printer's state, and the one ticket that
did not come out (reprint it once, or dismiss the offer).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from devices.base import DeviceError, Health
from devices.protocols import PaperLevel
from kiosk.clock import to_local
from kiosk.maintenance.paper_roll import PaperEstimate
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.printing.journal import PrintJob, PrintOutcome
from ui.maintenance.common import PanelScreen
from ui.maintenance.device_words import DeviceWords
from ui.maintenance.paper_words import paper_alert_text, tickets_left_text
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _paper_and_job(services) -> tuple[PaperEstimate, Health | None, PrintJob | None]:
    """Blocking: ask the printers and the journal (worker thread)."""
    printer = services.devices.device("receipt_printer")
    estimate = services.maintenance.paper_roll.estimate_now(printer, services.printing.receipt_target())
    a4 = services.devices.slots.get("document_printer")
    return estimate, a4.health() if a4 is not None else None, services.printing.unfinished_job("receipt")


class ConsumablesScreen(PanelScreen):
    name = "staff_consumables"
    permissions = ("consumables",)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.device_words = DeviceWords(self)
        self.paper = text_label("body", self.card, "paperLevel")
        self.paper_alert = text_label("error", self.card, "paperAlert")
        self.tickets_left = text_label("body", self.card, "paperTicketsLeft")
        self.new_roll_button = secondary_button(self.card, "paperNewRoll")
        self.new_roll_button.clicked.connect(self._new_roll)
        self.a4 = text_label("body", self.card, "a4State")
        self.job = text_label("body", self.card, "unfinishedJob")
        self.reprint_button = primary_button(self.card, "reprintJob")
        self.dismiss_button = secondary_button(self.card, "dismissJob")
        self.result = text_label("body", self.card, "reprintResult")
        for widget in (self.paper, self.tickets_left, self.paper_alert, self.new_roll_button, self.a4, self.job,
                       self.reprint_button, self.dismiss_button, self.result):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.reprint_button.clicked.connect(self._reprint)
        self.dismiss_button.clicked.connect(self._dismiss)
        self._paper = PaperLevel.UNKNOWN
        self.estimate: PaperEstimate | None = None
        self._a4: Health | None = None
        self.unfinished: PrintJob | None = None
        self.retranslate()

    def entered(self) -> None:
        self.result.hide()
        self._refresh()

    def _refresh(self) -> None:
        self.run(_paper_and_job, self._window.services, on_done=self._on_state)

    def _on_state(self, state: tuple[PaperEstimate, Health | None, PrintJob | None]) -> None:
        self.estimate, self._a4, self.unfinished = state
        self._paper = self.estimate.sensor
        self.retranslate()

    def _new_roll(self) -> None:
        try:
            actor = self.session.require("consumables")
        except PermissionDenied:
            return
        self.new_roll_button.setEnabled(False)
        self.run(self.maintenance.paper_roll.record_new_roll, actor,
                 on_done=lambda _: self._on_new_roll(), on_error=lambda _: self.new_roll_button.setEnabled(True))

    def _on_new_roll(self) -> None:
        self.new_roll_button.setEnabled(True)
        self.result.setText(self.tr("Noted: a new %1 m roll. Counting starts again now.")
                            .replace("%1", str(self.maintenance.paper_roll.roll_length_m)))
        self.result.show()
        self._refresh()

    def _reprint(self) -> None:
        job = self.unfinished
        if job is None:
            return
        self.reprint_button.setEnabled(False)
        self.run(self._reprint_job, job.id, self.session.require("consumables"),
                 on_done=self._on_reprinted, on_error=self._on_reprint_failed)

    def _reprint_job(self, job_id: str, actor: str) -> PrintOutcome:
        outcome = self._window.services.printing.reprint(job_id)
        self._window.services.audit.record(actor, "maintenance.reprint",
                                           {"job_id": job_id, "printed": outcome.printed, "error": outcome.error})
        return outcome

    def _on_reprinted(self, outcome: PrintOutcome) -> None:
        self.reprint_button.setEnabled(True)
        self.result.setText(self.tr("Printed again. Please give the paper to the patient.") if outcome.printed else
                            self.tr("It did not print: %1").replace("%1", outcome.error))
        self.result.show()
        self._refresh()

    def _on_reprint_failed(self, error: Exception) -> None:
        self.reprint_button.setEnabled(True)
        text = str(error) if isinstance(error, DeviceError) else type(error).__name__
        self.result.setText(self.tr("It cannot be printed again: %1").replace("%1", text))
        self.result.show()
        self._refresh()

    def _dismiss(self) -> None:
        job = self.unfinished
        if job is None:
            return
        self.unfinished = None
        actor = self.session.require("consumables")
        self.run(self._dismiss_job, job.id, actor, on_done=lambda _: self._refresh())
        self.retranslate()

    def _dismiss_job(self, job_id: str, actor: str) -> None:
        self._window.services.printing.dismiss(job_id)
        self._window.services.audit.record(actor, "maintenance.reprint_dismissed", {"job_id": job_id})

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Paper and reprints"))
        levels = {
            PaperLevel.ADEQUATE: self.tr("enough paper"),
            PaperLevel.NEAR_END: self.tr("running low"),
            PaperLevel.OUT: self.tr("out of paper"),
            PaperLevel.UNKNOWN: self.tr("the printer does not answer"),
        }
        self.paper.setText(self.tr("Receipt paper: %1").replace("%1", levels[self._paper]))
        alert = {
            PaperLevel.NEAR_END: self.tr("Put in a new paper roll soon: tickets will stop when it runs out."),
            PaperLevel.OUT: self.tr("Put in a new paper roll now: patients get their tickets on screen only."),
            PaperLevel.UNKNOWN: self.tr("Check the receipt printer's cable and power."),
        }.get(self._paper, "")
        estimate = self.estimate
        if estimate is not None and estimate.low and estimate.sensor is PaperLevel.ADEQUATE:
            alert = paper_alert_text(estimate)  # the count says low although the sensor does not (yet)
        self.paper_alert.setText(alert)
        self.paper_alert.setVisible(bool(alert))
        self.tickets_left.setText(tickets_left_text(estimate) if estimate else "")
        self.tickets_left.setVisible(estimate is not None)
        self.new_roll_button.setText(self.tr("New roll put in (%1 m)")
                                     .replace("%1", str(self.maintenance.paper_roll.roll_length_m)))
        if self._a4 is None:
            self.a4.setText(self.tr("A4 printer: not configured"))
        else:
            self.a4.setText(self.tr("A4 printer: %1").replace("%1", self.device_words.state(self._a4)))
        job = self.unfinished
        if job is None:
            self.job.setText(self.tr("No ticket is waiting to be printed again."))
        else:
            self.job.setText(self.tr("Did not print at %1: %2 (%3)")
                             .replace("%1", to_local(job.created_at).strftime("%H:%M"))
                             .replace("%2", job.title).replace("%3", job.error))
        self.reprint_button.setText(self.tr("Print it again (once)"))
        self.dismiss_button.setText(self.tr("Do not print it"))
        self.reprint_button.setVisible(job is not None)
        self.dismiss_button.setVisible(job is not None)
