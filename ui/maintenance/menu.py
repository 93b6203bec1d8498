"""The staff menu after sign-in: who is signed in, open help calls as alerts, and one big button per
panel the role may use. Leaving (sign out, "back to start", 2 idle minutes) signs the member out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.clock import to_local
from kiosk.maintenance.help_requests import HelpRequest
from kiosk.maintenance.paper_roll import PaperEstimate
from ui.maintenance.common import PanelScreen, clear_layout
from ui.maintenance.paper_words import paper_alert_text
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.maintenance.desk import MaintenanceDesk

PANELS = ("staff_devices", "staff_consumables", "staff_wheelchairs", "staff_payments", "staff_enrolments",
          "staff_overdue", "staff_audit", "staff_accounts", "staff_kiosk")
PANELS += ("staff_sound",)  # the Sound panel: ui/maintenance/sound_panel.py installs it and names it


class StaffMenuScreen(PanelScreen):
    name = "maintenance"

    def __init__(self, window: "MainWindow", desk: "MaintenanceDesk"):
        super().__init__(window)
        self._desk = desk
        self.back_button.clicked.disconnect()
        self.back_button.clicked.connect(lambda: self._window.go("home", reason="signed_out"))
        self.signed_in = text_label("body", self.card, "staffSignedIn")
        self.service_state = text_label("error", self.card, "staffServiceState")
        self.alerts_title = text_label("body", self.card, "staffAlertsTitle")
        self.paper_alert = text_label("error", self.card, "staffPaperAlert")
        self.paper_alert.hide()
        self.alerts = QVBoxLayout()
        self.alerts.setSpacing(12)
        self.panel_buttons = {name: primary_button(self.card, f"open_{name}") for name in PANELS}
        for name, button in self.panel_buttons.items():
            button.clicked.connect(lambda _=False, target=name: self.navigate.emit(target))
        self.body.addWidget(self.signed_in)
        self.body.addWidget(self.service_state)
        self.body.addWidget(self.paper_alert)
        self.panel_grid = QGridLayout()
        self.panel_grid.setSpacing(20)
        self.body.addLayout(self.panel_grid)
        self.apply_orientation(False)
        self.body.addWidget(self.alerts_title)
        self.body.addLayout(self.alerts)
        self.body.addStretch(1)
        self._requests: list[HelpRequest] = []
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        """Two columns of panel buttons on a landscape screen, so all of them fit without scrolling."""
        columns = 2 if landscape else 1
        for index, name in enumerate(PANELS):
            self.panel_grid.addWidget(self.panel_buttons[name], index // columns, index % columns)

    def entered(self) -> None:
        for name, button in self.panel_buttons.items():
            screen = self._desk.panels[name]
            button.setVisible(self.session.role_allows(*screen.permissions) and screen.available())
        self._requests = []
        self._show_alerts()
        self.run(self.maintenance.help_requests.open_requests, on_done=self._on_requests)
        self.paper_alert.hide()
        if self.session.role_allows("consumables", "devices"):
            services = self._window.services
            self.run(self.maintenance.paper_roll.estimate_now, services.devices.device("receipt_printer"),
                     services.printing.receipt_target(), on_done=self._on_paper)
        self.retranslate()

    def _on_paper(self, estimate: PaperEstimate) -> None:
        """A low roll is an alert for those who can change it (technicians, administrators)."""
        text = paper_alert_text(estimate)
        self.paper_alert.setText(text)
        self.paper_alert.setVisible(bool(text))
        self.relayout()

    def _on_requests(self, requests: list[HelpRequest]) -> None:
        self._requests = requests
        self._show_alerts()

    def _show_alerts(self) -> None:
        clear_layout(self.alerts)
        self.alerts_title.setText(self.tr("Patients asking for help: %n", "", len(self._requests)))
        for request in self._requests:
            row = QFrame(self.card)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(16)
            text = text_label("error", row, f"helpRequest_{request.request_id}")
            text.setText(self.tr("A patient pressed “call staff” at kiosk %3 at %1 (screen: %2).")
                         .replace("%1", to_local(request.at_utc).strftime("%H:%M"))
                         .replace("%2", request.screen or "-").replace("%3", request.kiosk_id or "-"))
            done = secondary_button(row, f"helpDone_{request.request_id}")
            done.setText(self.tr("Done"))
            done.clicked.connect(lambda _=False, request_id=request.request_id: self._resolve(request_id))
            line.addWidget(text, 1)
            line.addWidget(done)
            self.alerts.addWidget(row)
        self.relayout()

    def _resolve(self, request_id: int) -> None:
        self._requests = [request for request in self._requests if request.request_id != request_id]
        self._show_alerts()
        self.run(self.maintenance.help_requests.resolve, request_id, self.session.actor)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Maintenance"))
        self.back_button.setText(self.tr("Sign out"))
        member = self.session.member
        roles = {"technician": self.tr("technician"), "finance": self.tr("finance"), "admin": self.tr("administrator")}
        self.signed_in.setText(self.tr("Signed in: %1 (%2), staff number %3")
                               .replace("%1", member.name if member else "-")
                               .replace("%2", roles.get(member.role.value, member.role.value) if member else "-")
                               .replace("%3", member.staff_id if member else "-"))
        out = self.maintenance.service_switch.out_of_service
        self.service_state.setText(self.tr("This kiosk is OUT OF SERVICE: patients are sent to %1.")
                                   .replace("%1", self.help_desk()) if out else "")
        self.service_state.setVisible(out)
        self.panel_buttons["staff_devices"].setText(self.tr("Devices and self-tests"))
        self.panel_buttons["staff_consumables"].setText(self.tr("Paper and reprints"))
        self.panel_buttons["staff_payments"].setText(self.tr("Payments and refunds"))
        self.panel_buttons["staff_wheelchairs"].setText(self.tr("Wheelchairs and labels"))
        self.panel_buttons["staff_enrolments"].setText(self.tr("Face check-in enrolments"))
        self.panel_buttons["staff_audit"].setText(self.tr("Audit log"))
        self.panel_buttons["staff_accounts"].setText(self.tr("Staff accounts"))
        self.panel_buttons["staff_overdue"].setText(self.tr("Overdue pay-later accounts"))
        self.panel_buttons["staff_kiosk"].setText(self.tr("Kiosk: out of service, settings, exit"))
        self._show_alerts()
