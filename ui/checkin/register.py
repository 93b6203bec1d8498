"""Same-day registration (当日挂号) at the kiosk: department → doctor and time → confirm → ticket.

The confirm step is in ui/checkin/register_confirm.py.

A patient with no appointment today comes here straight from "your visit today" (no tap), so the
ticket is three taps away: a department, a doctor, "Register and check in". The choice is kept by the
check-in journey's controller (ui/checkin/journey.py), which forgets it with the session.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.checkin.registration import RegistrationChoices
from kiosk.his.port import Department, Slot
from kiosk.money import format_yuan
from ui.checkin.journey import DOCTOR, REGISTER, VISIT, CheckInJourney
from ui.screens.base import Screen
from ui.theme import PAGE, PRIMARY_MIN_HEIGHT
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

def department_name(department: Department, language: str) -> str:
    return department.name_zh if language == "zh_CN" else department.name_en


def place_words(department: Department, language: str) -> str:
    if language == "zh_CN":
        return f"{department.floor}楼 {department.room}室"
    return f"Floor {department.floor}, Room {department.room}"


class _ListScreen(Screen):
    """Title, explanation, a scrolling list of big buttons (two columns in landscape), buttons underneath."""

    journey = "checkin"

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self.loading = False
        self.error = ""
        self.title = text_label("title", self, f"{self.name}Title")
        self.explain = text_label("body", self, f"{self.name}Explain")
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        self._list = QWidget()
        self._list.setObjectName(f"{self.name}List")
        self._list.setStyleSheet(f"QWidget#{self.name}List {{ background: {PAGE}; }}")
        self._list_layout = QGridLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(20)
        area.setWidget(self._list)
        self.items: list[QWidget] = []
        self._columns = 1
        self._row = QHBoxLayout()
        self._row.setSpacing(24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addWidget(area, 1)
        layout.addLayout(self._row)

    @property
    def buttons(self) -> list[QPushButton]:
        return [w for w in self.items if isinstance(w, QPushButton)]

    def apply_orientation(self, landscape: bool) -> None:
        self._columns = 2 if landscape else 1
        self._place_items()

    def _clear_list(self) -> None:
        for widget in self.items:
            widget.deleteLater()
        self.items = []
        self._place_items()

    def _add_item(self, widget: QWidget) -> None:
        widget.ensurePolished()  # the style sheet's font first, so two-line buttons get their full height
        self.items.append(widget)

    def _place_items(self) -> None:
        """Buttons fill the columns row by row; a heading (a label) takes a whole row of its own."""
        while self._list_layout.count():
            self._list_layout.takeAt(0)
        row, column = 0, 0
        for widget in self.items:
            widget.show()  # at once, not on the layout's next pass: the list is complete when it says so
            if isinstance(widget, QPushButton):
                self._list_layout.addWidget(widget, row, column)
                column += 1
                if column == self._columns:
                    row, column = row + 1, 0
            else:
                row += 1 if column else 0
                self._list_layout.addWidget(widget, row, 0, 1, self._columns)
                row, column = row + 1, 0
        for index in range(self._list_layout.columnCount()):
            self._list_layout.setColumnStretch(index, 1 if index < self._columns else 0)
        for index in range(self._list_layout.rowCount()):
            self._list_layout.setRowStretch(index, 0)
        self._list_layout.setRowStretch(row + 1, 1)

    def _fit_heights(self) -> None:
        """Two-line buttons keep their full height: a scroll area would otherwise squeeze them to the minimum."""
        for button in self.buttons:
            button.setMinimumHeight(max(PRIMARY_MIN_HEIGHT, button.sizeHint().height()))

    def _loaded(self) -> None:
        self.loading = False
        self._place_items()
        self.retranslate()
        self._list.adjustSize()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_error(self, error: Exception) -> None:
        self.loading = False
        self.error = str(error) or type(error).__name__
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def instruction(self) -> str:
        return "" if self.loading else self.explain.text()


class RegisterDepartmentScreen(_ListScreen):
    name = REGISTER

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window, journey)
        self.call_button = primary_button(self, "checkinRegisterCallStaff")
        self.call_button.clicked.connect(window.call_staff)
        self._row.addWidget(self.call_button)
        self.retranslate()

    @property
    def choices(self) -> RegistrationChoices | None:
        """The departments as they are for this patient (already registered here?): the journey's."""
        return self._journey.choices

    @choices.setter
    def choices(self, choices: RegistrationChoices | None) -> None:
        self._journey.choices = choices

    def entered(self) -> None:
        patient_id = self._journey.patient_id
        self.choices, self.error, self.loading = None, "", True
        self._clear_list()
        self.retranslate()
        if patient_id is None:
            self.navigate.emit(VISIT)  # identify first
            return
        self._window.runner.submit(self._window.services.checkin.registration.choices, patient_id,
                                   on_done=self._show_choices, on_error=self._on_error)

    def forget(self) -> None:
        """The list shows where the patient is already registered: it goes with the patient."""
        self.choices, self.error = None, ""
        self._clear_list()
        self.retranslate()

    def _show_choices(self, choices: RegistrationChoices) -> None:
        if self._window.current is not self:
            return
        self.choices = choices
        if not choices.closed_for_today:
            for index, choice in enumerate(choices.departments):
                button = primary_button(self._list, f"registerDepartment{index}")
                button.setProperty("department", choice.department.code)
                button.clicked.connect(lambda _=False, d=choice.department: self.choose(d))
                self._add_item(button)
        self._loaded()

    def choose(self, department: Department) -> None:
        self._journey.choose_department(department)

    def retranslate(self) -> None:
        language = self._window.languages.language
        desk = self._window.help_desk()
        self.call_button.setText(self.tr("Call staff"))
        closed = self.choices is not None and self.choices.closed_for_today
        self.call_button.setVisible(closed or bool(self.error))
        if self.choices is None:
            self.title.setText(self.tr("Register for a doctor today"))
        elif any(c.already_registered for c in self.choices.departments):
            self.title.setText(self.tr("Register for another department"))
        else:
            self.title.setText(self.tr("You have no appointment today"))
        if self.error:
            self.explain.setText(self.tr("Registration is not possible at this kiosk just now. Please go to %1; "
                                         "the staff there can register you.").replace("%1", desk))
        elif self.loading or self.choices is None:
            self.explain.setText(self.tr("One moment, please…"))
        elif closed:
            self.explain.setText(self.tr("Today's clinics have finished. Please come back tomorrow. If you need a "
                                         "doctor now, please ask at %1.").replace("%1", desk))
        else:
            self.explain.setText(self.tr("To register for a doctor today, press a department."))
        choices = {c.department.code: c for c in self.choices.departments} if self.choices else {}
        for button in self.buttons:
            choice = choices[button.property("department")]
            if choice.already_registered:
                state = self.tr("you already have an appointment here")
            elif choice.open_places:
                state = self.tr("%n places left", "", choice.open_places)
            else:
                state = self.tr("no places left today")
            button.setText(f"{department_name(choice.department, language)}\n"
                           f"{place_words(choice.department, language)} · {state}")
        self._fit_heights()


class RegisterDoctorScreen(_ListScreen):
    name = DOCTOR

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window, journey)
        self.slots: list[Slot] = []
        self.back_button = secondary_button(self, "registerOtherDepartments")
        self.back_button.clicked.connect(lambda: self.navigate.emit(REGISTER))
        self._row.addWidget(self.back_button)
        self.retranslate()

    @property
    def department(self) -> Department | None:
        """The department the patient chose (``CheckInJourney.choose_department``)."""
        return self._journey.department

    def entered(self) -> None:
        self.slots, self.error, self.loading = [], "", True
        self._clear_list()
        self.retranslate()
        if self.department is None:
            self.navigate.emit(REGISTER)
            return
        self._window.runner.submit(self._window.services.checkin.registration.slots, self.department.code,
                                   on_done=self._show_slots, on_error=self._on_error)

    def _show_slots(self, slots: list[Slot]) -> None:
        if self._window.current is not self:
            return
        self.slots = slots
        session_shown = ""
        for index, slot in enumerate(slots):
            if slot.session != session_shown:
                heading = text_label("title", self._list, f"registerSession{index}")
                heading.setProperty("session", slot.session)
                self._add_item(heading)
                session_shown = slot.session
            button = primary_button(self._list, f"registerSlot{index}")
            button.setProperty("slot", slot)
            button.clicked.connect(lambda _=False, s=slot: self.choose(s))
            self._add_item(button)
        self._loaded()

    def choose(self, slot: Slot) -> None:
        self._journey.choose_slot(slot)

    def retranslate(self) -> None:
        language = self._window.languages.language
        desk = self._window.help_desk()
        self.back_button.setText(self.tr("Other departments"))
        name = department_name(self.department, language) if self.department else ""
        self.title.setText(name)
        if self.error:
            self.explain.setText(self.tr("The doctors' times cannot be shown just now. Please go to %1.")
                                 .replace("%1", desk))
        elif self.loading:
            self.explain.setText(self.tr("One moment, please…"))
        elif not self.slots:
            self.explain.setText(self.tr("No places are left today in %1. Please choose another department, "
                                         "or go to %2.").replace("%1", name).replace("%2", desk))
        else:
            self.explain.setText(self.tr("Press the doctor and time you want. The fee goes on today's bill."))
        for item in self.items:
            session = item.property("session")
            if session:
                item.setText(self.tr("This morning") if session == "morning" else self.tr("This afternoon"))
                continue
            slot: Slot = item.property("slot")
            places = self.tr("%n places left", "", slot.remaining)
            terms = self.tr("%1, fee %2, %3").replace("%1", slot.time.strftime("%H:%M")).replace(
                "%2", format_yuan(slot.fee_fen)).replace("%3", places)
            item.setText(f"{doctor_line(slot, language)}\n{terms}")
        self._fit_heights()


def doctor_line(slot: Slot, language: str) -> str:
    """"Dr 曹梅, Chief Physician" / "曹梅 主任医师"."""
    if language == "zh_CN":
        return f"{slot.doctor_name} {slot.title_zh}"
    return f"Dr {slot.doctor_name}, {slot.title_en}"
