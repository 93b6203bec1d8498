"""Kiosk panel: the out-of-service switch (technicians and administrators), the configuration with
secrets hidden, and closing the program (administrators only; asks once more before it does).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.clock import to_local
from kiosk.maintenance.config_view import redacted_config
from kiosk.maintenance.kiosk_state import ServiceState
from kiosk.maintenance.staff_session import PermissionDenied
from ui.maintenance.common import PanelScreen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class KioskScreen(PanelScreen):
    name = "staff_kiosk"
    permissions = ("devices", "config")

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.service_state = text_label("body", self.card, "kioskServiceState")
        self.switch_button = primary_button(self.card, "kioskServiceSwitch")
        self.config_button = secondary_button(self.card, "kioskShowConfig")
        self.config_text = text_label("small", self.card, "kioskConfig")
        self.exit_button = primary_button(self.card, "kioskExit")
        self.message = text_label("error", self.card, "kioskMessage")
        for widget in (self.service_state, self.switch_button, self.config_button, self.config_text,
                       self.exit_button, self.message):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.switch_button.clicked.connect(self._toggle_service)
        self.config_button.clicked.connect(self._show_config)
        self.exit_button.clicked.connect(self._exit_pressed)
        self._exit_armed = False
        self.retranslate()

    def entered(self) -> None:
        self._exit_armed = False
        self.config_text.hide()
        self.message.hide()
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

    def _show_config(self) -> None:
        try:
            self.session.require("config")
        except PermissionDenied:
            return
        lines = [f"{name} = {value}" for name, value in redacted_config(self._window.services.config)]
        self.config_text.setText(self.tr("Settings (secrets hidden):") + "\n" + "\n".join(lines))
        self.config_text.show()

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
        self.config_button.setText(self.tr("Show the settings"))
        self.config_button.setVisible(self.session.role_allows("config"))
        self.exit_button.setText(self.tr("Tap again to close the kiosk program") if self._exit_armed
                                 else self.tr("Close the kiosk program"))
        self.exit_button.setVisible(self.session.role_allows("exit"))
