"""Check-in, first screen of the tile: find the patient (face first), then today's appointments.

Exactly one open appointment is checked in at once (zero taps); several get one big button each;
none today goes straight on to same-day registration (ui/checkin/register.py), which is also offered
here as "register for another department".
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from kiosk.checkin.service import AppointmentView, CheckInResult, OutsideCheckInWindow, VisitToday
from kiosk.checkin.window import WindowState
from kiosk.his.port import HisUnavailable
from ui.checkin.journey import REGISTER, VISIT, CheckInJourney
from ui.screens.base import Screen
from ui.theme import PAGE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def department_place(view: AppointmentView, language: str) -> tuple[str, str]:
    """(department name, "Floor 2, Room 215" / "2楼 215室") in the patient's language."""
    department = view.department
    if language == "zh_CN":
        return department.name_zh, f"{department.floor}楼 {department.room}室"
    return department.name_en, f"Floor {department.floor}, Room {department.room}"


class CheckInScreen(Screen):
    name = VISIT
    journey = "checkin"

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self._busy = False
        self._error = ""
        self._notice = ""  # why the tapped appointment cannot be checked in now (the check-in window)
        self.title = text_label("title", self, "checkinTitle")
        self.explain = text_label("body", self, "checkinExplain")
        self.list_area = QScrollArea(self)
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self._list = QWidget()
        self._list.setObjectName("checkinList")
        self._list.setStyleSheet(f"QWidget#checkinList {{ background: {PAGE}; }}")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setSpacing(20)
        self.list_area.setWidget(self._list)
        self.call_button = primary_button(self, "checkinCallStaff")
        self.call_button.clicked.connect(window.call_staff)
        self.register_button = secondary_button(self, "checkinRegisterAnother")
        self.register_button.clicked.connect(lambda: self.navigate.emit(REGISTER))
        self.appointment_buttons: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        for widget in (self.title, self.explain):
            layout.addWidget(widget)
        layout.addWidget(self.list_area, 1)
        layout.addWidget(self.register_button)
        layout.addWidget(self.call_button)
        self.retranslate()

    @property
    def visit(self) -> VisitToday | None:
        """Today's appointments on screen: the journey's, so they go with the session."""
        return self._journey.visit

    @visit.setter
    def visit(self, visit: VisitToday | None) -> None:
        self._journey.visit = visit

    def entered(self) -> None:
        patient_id = self._journey.patient_id
        self.visit, self._error, self._notice = None, "", ""
        self._show_buttons(())
        self.retranslate()
        if patient_id is None:
            QTimer.singleShot(0, self._identify_if_still_needed)
            return
        self._busy = True
        self._window.runner.submit(self._window.services.checkin.visit_today, patient_id,
                                   on_done=self._show_visit, on_error=self._on_error)

    def forget(self) -> None:
        """Today's appointments and the greeting by name go with the patient."""
        self.visit, self._error, self._notice = None, "", ""
        self._show_buttons(())
        self.clear_texts()

    def _identify_if_still_needed(self) -> None:
        if self._window.current is self and self._journey.patient_id is None:
            self._journey.identify()

    def _show_visit(self, visit: VisitToday) -> None:
        self._busy = False
        if self._window.current is not self:
            return
        self.visit = visit
        if not visit.appointments:
            self.navigate.emit(REGISTER)  # same-day registration: the offer is the next screen
            return
        open_ones = visit.open_appointments
        if len(open_ones) == 1 and len(visit.appointments) == 1 and open_ones[0].window is WindowState.OPEN:
            self.check_in(open_ones[0])  # nothing to choose: no tap needed
            return
        self._show_buttons(visit.appointments)
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def check_in(self, view: AppointmentView) -> None:
        if self._busy:
            return
        if not view.checked_in and view.window is not WindowState.OPEN:  # the hospital's check-in window
            self._notice = self._window_words(view)
            self.retranslate()
            self._window.services.voice.say(self._notice, self._window.languages.language)
            return
        self._busy = True
        self.retranslate()
        self._window.runner.submit(self._window.services.checkin.check_in, self._journey.patient_id,
                                   view.appointment.id, on_done=self._on_checked_in, on_error=self._on_error)

    def _on_checked_in(self, result: CheckInResult) -> None:
        self._busy = False
        self._journey.checked_in(result)

    def _window_words(self, view: AppointmentView) -> str:
        slot = view.appointment.slot_time.strftime("%H:%M")
        if view.window is WindowState.TOO_EARLY:
            opens = view.opens_at.strftime("%H:%M") if view.opens_at is not None else ""
            if view.opens_at is not None and view.opens_at.date() != view.appointment.day:
                opens = self.tr("midnight")
            return self.tr("It is too early to check in for your %1 appointment. Check-in opens at %2; "
                           "please come back then.").replace("%1", slot).replace("%2", opens)
        return self.tr("Your %1 appointment was too long ago to check in at this kiosk. Please go to %2.").replace(
            "%1", slot).replace("%2", self._window.help_desk())

    def _on_error(self, error: Exception) -> None:
        self._busy = False
        if isinstance(error, OutsideCheckInWindow):  # the window closed while the list was shown
            self._notice = self.tr("Check-in is not possible for this appointment now. Please go to %1.").replace(
                "%1", self._window.help_desk())
            self.retranslate()
            self._window.services.voice.say(self._notice, self._window.languages.language)
            return
        self._error = "outage" if isinstance(error, HisUnavailable) else str(error)
        self.retranslate()
        self._window.services.voice.say(f"{self.title.text()} {self.explain.text()}", self._window.languages.language)

    def _show_buttons(self, views: tuple[AppointmentView, ...]) -> None:
        for button in self.appointment_buttons:
            button.deleteLater()
        self.appointment_buttons = []
        while self._list_layout.count():
            self._list_layout.takeAt(0)
        for index, view in enumerate(views):
            button = primary_button(self._list, f"appointment{index}")
            button.clicked.connect(lambda _=False, v=view: self.check_in(v))
            button.setProperty("appointment", view)
            self._list_layout.addWidget(button)
            self.appointment_buttons.append(button)
        self._list_layout.addStretch(1)

    def retranslate(self) -> None:
        language = self._window.languages.language
        desk = self._window.help_desk()
        self.call_button.setText(self.tr("Call staff"))
        visit = self.visit
        no_appointments = visit is not None and not visit.appointments
        self.call_button.setVisible(no_appointments or bool(self._error))
        self.register_button.setText(self.tr("Register for another department"))
        self.register_button.setVisible(visit is not None and bool(visit.appointments) and not self._busy
                                        and not self._error)
        if self._error == "outage":
            self.title.setText(self.tr("The hospital system cannot be reached right now"))
            self.explain.setText(self.tr("Please go to %1; the staff there can check you in.").replace("%1", desk))
        elif self._error:
            self.title.setText(self.tr("Check-in did not work"))
            self.explain.setText(self.tr("Please go to %1; the staff there can check you in.").replace("%1", desk))
        elif visit is None or self._busy:
            self.title.setText(self.tr("Check in"))
            self.explain.setText(self.tr("One moment, please…"))
        elif no_appointments:
            self.title.setText(self.tr("Hello, %1").replace("%1", visit.masked_name))
            self.explain.setText(self.tr("You have no appointment today. To register for a doctor today, please go "
                                         "to %1, or press the button and a member of staff will come.").replace("%1", desk))
        else:
            self.title.setText(self.tr("Hello, %1").replace("%1", visit.masked_name))
            self.explain.setText(self._notice or self.tr("Which appointment are you here for? Press it to check in."))
        for button in self.appointment_buttons:
            view: AppointmentView = button.property("appointment")
            name, place = department_place(view, language)
            slot = view.appointment.slot_time.strftime("%H:%M")
            if view.checked_in:
                button.setText(self.tr("%1 %2 — checked in, show my number").replace("%1", slot).replace("%2", name))
            elif view.window is WindowState.TOO_EARLY:
                button.setText(self.tr("%1 %2 — too early to check in").replace("%1", slot).replace("%2", name))
            elif view.window is WindowState.TOO_LATE:
                button.setText(self.tr("%1 %2 — too late to check in here").replace("%1", slot).replace("%2", name))
            else:
                button.setText(self.tr("%1 %2, %3").replace("%1", slot).replace("%2", name).replace("%3", place))

    def instruction(self) -> str:
        if self.visit is None:
            return ""
        return self.explain.text()
