"""Kiosk panel: the out-of-service switch (technicians and administrators), whether the hospital's
database answers and what waits in the outbox meanwhile (ui/storage_watch.py), "restart services" (device
drivers closed and reopened, health checked, the payment gateway checked — on a worker, with progress
and the result in plain words), the configuration with secrets hidden, and closing the program
(administrators only; asks once more before it does).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.clock import from_utc_text, to_local
from kiosk.maintenance.config_view import redacted_config
from kiosk.maintenance.kiosk_state import ServiceState
from kiosk.maintenance.restart import GATEWAY, RestartReport, RestartStep, restart_services
from kiosk.maintenance.staff_session import PermissionDenied
from ui.maintenance.common import PanelScreen
from ui.maintenance.device_words import DeviceWords
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class _Progress(QObject):
    """Carries "now restarting X" from the worker to the GUI thread."""

    step = Signal(str, str)


class KioskScreen(PanelScreen):
    name = "staff_kiosk"
    permissions = ("devices", "config")

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.device_words = DeviceWords(self)
        self.service_state = text_label("body", self.card, "kioskServiceState")
        self.database_state = text_label("body", self.card, "kioskDatabaseState")
        self.switch_button = primary_button(self.card, "kioskServiceSwitch")
        self.restart_button = secondary_button(self.card, "kioskRestartServices")
        self.restart_text = text_label("body", self.card, "kioskRestartText")
        self.config_button = secondary_button(self.card, "kioskShowConfig")
        self.config_text = text_label("small", self.card, "kioskConfig")
        self.exit_button = primary_button(self.card, "kioskExit")
        self.message = text_label("error", self.card, "kioskMessage")
        for widget in (self.service_state, self.database_state, self.switch_button, self.restart_button, self.restart_text,
                       self.config_button, self.config_text,
                       self.exit_button, self.message):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.switch_button.clicked.connect(self._toggle_service)
        self.config_button.clicked.connect(self._show_config)
        self.exit_button.clicked.connect(self._exit_pressed)
        self.restart_button.clicked.connect(self._restart)
        self._progress = _Progress(self)
        self._progress.step.connect(self._on_progress)
        window.storage_watch.changed.connect(lambda _status: self.retranslate())
        self._exit_armed = False
        self.restarting = False
        self.restart_report: RestartReport | None = None
        self.retranslate()

    def entered(self) -> None:
        self._exit_armed = False
        self.config_text.hide()
        self.message.hide()
        if not self.restarting:
            self.restart_report = None
            self.restart_text.hide()
        self.switch_button.setEnabled(True)
        self.retranslate()

    def _toggle_service(self) -> None:
        switch = self.maintenance.service_switch
        try:
            actor = self.session.require("devices" if self.session.role_allows("devices") else "config")
        except PermissionDenied:
            return
        self.switch_button.setEnabled(False)
        self.run(switch.set, not switch.out_of_service, actor, on_done=self._on_switched)

    def _on_switched(self, _: ServiceState) -> None:
        self.switch_button.setEnabled(True)
        self.retranslate()

    # --- restart services ------------------------------------------------------------------------

    def _restart(self) -> None:
        try:
            actor = self.session.require("devices")
        except PermissionDenied:
            return
        self.restarting, self.restart_report = True, None
        self.restart_button.setEnabled(False)
        self._say_restart(self.tr("Restarting the devices… Patients cannot use the kiosk meanwhile."))
        services = self._window.services
        # Not self.run: the result must reach this screen even if staff went elsewhere meanwhile.
        scanner = self._window.scanner

        def restart() -> RestartReport:  # the scanner service waits while its driver is closed and reopened
            with scanner.paused():
                return restart_services(services.devices, services.payments, services.audit, actor,
                                        self._progress.step.emit)

        self._window.runner.submit(restart, on_done=self._on_restarted, on_error=self._on_restart_failed)

    def part_name(self, part: str) -> str:
        return self.tr("Payment gateway") if part == GATEWAY else self.device_words.kind_name(part)

    def _on_progress(self, part: str, phase: str) -> None:
        if self.restarting and phase == "started":
            self._say_restart(self.tr("Restarting: %1…").replace("%1", self.part_name(part)))

    def step_words(self, step: RestartStep) -> str:
        outcome = {
            "restarted": self.tr("restarted"),
            "opened_now": self.tr("working again (restart the program so every service uses it)"),
            "failed": self.tr("did NOT start"),
            "answering": self.tr("answers"),
            "not_answering": self.tr("does NOT answer"),
        }[step.outcome]
        health = {"ok": self.tr("working"), "degraded": self.tr("needs attention"), "fault": self.tr("not working"),
                  "unknown": self.tr("no answer")}.get(step.health, "")
        text = self.tr("%1: %2").replace("%1", self.part_name(step.part)).replace("%2", outcome)
        if health and step.outcome != "failed":
            text += self.tr(", %1").replace("%1", health)
        return text + (f" — {self.device_words.detail(step.detail)}" if step.detail else "")

    def _on_restarted(self, report: RestartReport) -> None:
        self.restarting, self.restart_report = False, report
        self.restart_button.setEnabled(True)
        verdict = (self.tr("Restart finished: everything works.") if report.ok else
                   self.tr("Restart finished, but some parts need attention (see the Devices panel):"))
        self._say_restart("\n".join([verdict] + [self.step_words(step) for step in report.steps]))

    def _on_restart_failed(self, error: Exception) -> None:
        self.restarting = False
        self.restart_button.setEnabled(True)
        self._say_restart(self.tr("The restart stopped: %1").replace("%1", str(error) or type(error).__name__))

    def _say_restart(self, text: str) -> None:
        self.restart_text.setText(text)
        self.restart_text.show()
        self.relayout()

    def _show_config(self) -> None:
        try:
            self.session.require("config")
        except PermissionDenied:
            return
        lines = [f"{name} = {value}" for name, value in redacted_config(self._window.services.config)]
        self.config_text.setText(self.tr("Settings (secrets hidden):") + "\n" + "\n".join(lines))
        self.config_text.show()

    def _database_text(self) -> str:
        """From the storage watch's last check (no database or file access on the GUI thread)."""
        services = self._window.services
        if services.outbox is None:
            return self.tr("Database: this kiosk's own file.")
        outage = services.database_outage
        if outage is None:
            text = self.tr("Hospital database: answering.")
        else:
            since, reason = outage
            text = self.tr("Hospital database: NOT answering since %1. Payments, queue numbers and wheelchair "
                           "rentals are paused.").replace("%1", to_local(since).strftime("%H:%M")) + "\n" + reason
        status = self._window.storage_watch.status
        if status is None:
            return text
        state = status.outbox
        if state.waiting:
            oldest = to_local(from_utc_text(state.oldest_utc)).strftime("%H:%M")
            text += "\n" + self.tr("Outbox: %n row(s) waiting since %1 (audit, device events, help calls); "
                                   "they are sent when the database answers.", "", state.waiting).replace("%1", oldest)
        else:
            text += "\n" + self.tr("Outbox: nothing waiting.")
        if state.held:
            text += "\n" + self.tr("%n row(s) set aside: the database refused them; they are kept in %1.", "",
                                   state.held).replace("%1", str(services.outbox.path))
        return text

    def _exit_pressed(self) -> None:
        try:
            actor = self.session.require("exit")
        except PermissionDenied:
            self.message.setText(self.tr("Only an administrator may close the kiosk program."))
            self.message.show()
            return
        if not self._exit_armed:
            self._exit_armed = True
            self.retranslate()
            return
        self.exit_button.setEnabled(False)
        audit = self._window.services.audit
        kiosk_id = self._window.services.config.kiosk_id
        self._window.runner.submit(audit.record, actor, "kiosk.exit_requested", {"kiosk": kiosk_id},
                                   on_done=lambda _: self._window.close())

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Kiosk"))
        state = self.maintenance.service_switch.state
        if state.out_of_service:
            since = to_local(state.changed_at).strftime("%m-%d %H:%M") if state.changed_at else ""
            self.service_state.setText(self.tr("OUT OF SERVICE since %1 (set by %2). Patients are sent to %3.")
                                       .replace("%1", since).replace("%2", state.changed_by).replace("%3", self.help_desk()))
            self.switch_button.setText(self.tr("Put the kiosk back in service"))
        else:
            self.service_state.setText(self.tr("In service: patients can use this kiosk."))
            self.switch_button.setText(self.tr("Take the kiosk out of service"))
        self.switch_button.setVisible(self.session.role_allows("devices", "config"))
        self.database_state.setText(self._database_text())
        self.restart_button.setText(self.tr("Restart services (devices, payment gateway)"))
        self.restart_button.setVisible(self.session.role_allows("devices"))
        if self.restart_report is not None and not self.restarting:
            self._on_restarted(self.restart_report)
        self.config_button.setText(self.tr("Show the settings"))
        self.config_button.setVisible(self.session.role_allows("config"))
        self.exit_button.setText(self.tr("Tap again to close the kiosk program") if self._exit_armed
                                 else self.tr("Close the kiosk program"))
        self.exit_button.setVisible(self.session.role_allows("exit"))
