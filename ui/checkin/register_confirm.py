"""Same-day registration, last step: what, when and how much, then register and check in off the GUI
thread and show the ticket. A refusal (full, already registered, session over, closed) says what to do next.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

from kiosk.checkin.registration import registration_key
from kiosk.checkin.service import CheckInResult
from kiosk.his.port import (
    AlreadyRegistered,
    Department,
    DepartmentClosed,
    DoctorNotAvailable,
    SessionOver,
    Slot,
    SlotFull,
)
from kiosk.money import format_yuan
from ui.checkin.journey import CONFIRM, DOCTOR, REGISTER, CheckInJourney
from ui.checkin.register import department_name, doctor_line, place_words
from ui.screens.base import Screen
from ui.theme import PAGE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class RegisterConfirmScreen(Screen):
    name = CONFIRM
    journey = "checkin"

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self.busy = False
        self.error: Exception | None = None
        self.title = text_label("title", self, "registerConfirmTitle")
        card = QFrame()
        card.setObjectName("card")
        self.where = text_label("body", card, "registerConfirmWhere")
        self.doctor = text_label("body", card, "registerConfirmDoctor")
        self.fee = text_label("title", card, "registerConfirmFee")
        self.bill = text_label("body", card, "registerConfirmBill")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(20)
        for widget in (self.where, self.doctor, self.fee, self.bill):
            inner.addWidget(widget)
        # The card scrolls, so long words in a narrow window never push the buttons off the screen.
        body = QWidget()
        body.setObjectName("registerConfirmBody")
        body.setStyleSheet(f"QWidget#registerConfirmBody {{ background: {PAGE}; }}")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(card)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.confirm_button = primary_button(self, "registerConfirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button = secondary_button(self, "registerBack")
        self.back_button.clicked.connect(lambda: self.navigate.emit(DOCTOR))
        self._buttons = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._buttons.setSpacing(24)
        self._buttons.addWidget(self.confirm_button, 2)
        self._buttons.addWidget(self.back_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._buttons)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._buttons.setDirection(QBoxLayout.Direction.RightToLeft if landscape else QBoxLayout.Direction.TopToBottom)

    @property
    def slot(self) -> Slot | None:
        """The doctor and time chosen: the journey's registration choice."""
        return self._journey.slot

    @property
    def department(self) -> Department | None:
        return self._journey.department

    def entered(self) -> None:
        self.busy, self.error = False, None
        self.retranslate()
        if self.slot is None or self.department is None:
            self.navigate.emit(REGISTER)

    def forget(self) -> None:
        """The choice went with the journey: the card shows nothing of it."""
        self.busy, self.error = False, None
        self.retranslate()

    def confirm(self) -> None:
        session = self._window.services.sessions.current
        if self.busy or self.slot is None or session is None or session.patient_id is None:
            return
        self.busy, self.error = True, None
        self.retranslate()
        self._window.runner.submit(self._window.services.checkin.registration.register_and_check_in,
                                   session.patient_id, self.slot, registration_key(session.session_id, self.slot),
                                   on_done=self._on_registered, on_error=self._on_error)

    def _on_registered(self, result: CheckInResult) -> None:
        self.busy = False
        if self._window.current is not self:
            return
        self._journey.checked_in(result)

    def _on_error(self, error: Exception) -> None:
        self.busy, self.error = False, error
        if self._window.current is not self:
            return
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def refusal(self) -> str:
        """Why registration failed, in plain words, with the next step."""
        desk = self._window.help_desk()
        error = self.error
        if isinstance(error, SlotFull):
            return self.tr("Someone took the last place with this doctor. Please press Back and choose "
                           "another doctor or time.")
        if isinstance(error, AlreadyRegistered):
            return self.tr("You already have an appointment with this department today. Please press "
                           "\"Back to start\" and check in for it.")
        if isinstance(error, SessionOver):
            return self.tr("This session has just ended. Please press Back and choose a later time.")
        if isinstance(error, DepartmentClosed):
            return self.tr("This department takes no more patients today. Please come back tomorrow, or go "
                           "to %1.").replace("%1", desk)
        if isinstance(error, DoctorNotAvailable):
            return self.tr("This doctor is not available at that time. Please press Back and choose another "
                           "doctor or time.")
        return self.tr("Registration did not work just now. Please go to %1; the staff there can register "
                       "you.").replace("%1", desk)

    def retranslate(self) -> None:
        language = self._window.languages.language
        self.back_button.setText(self.tr("Back"))
        self.confirm_button.setText(self.tr("Register and check in"))
        self.confirm_button.setVisible(self.error is None)
        self.confirm_button.setEnabled(not self.busy)
        if self.error is not None:
            self.title.setText(self.tr("Registration did not work"))
        elif self.busy:
            self.title.setText(self.tr("Registering, one moment please…"))
        else:
            self.title.setText(self.tr("Please check and confirm"))
        slot, department = self.slot, self.department
        if slot is None or department is None:
            for label in (self.where, self.doctor, self.fee, self.bill):
                label.setText("")
            return
        when = self.tr("this morning") if slot.session == "morning" else self.tr("this afternoon")
        comma = "，" if language == "zh_CN" else ", "
        self.where.setText(f"{department_name(department, language)}{comma}{place_words(department, language)}")
        self.doctor.setText(self.tr("%1, %2 %3").replace("%1", doctor_line(slot, language))
                            .replace("%2", when).replace("%3", slot.time.strftime("%H:%M")))
        self.fee.setText(self.tr("Registration fee: %1").replace("%1", format_yuan(slot.fee_fen)))
        if self.error is not None:
            self.bill.setText(self.refusal())
        else:
            self.bill.setText(self.tr("The fee goes on today's bill. Please pay it at \"Pay\" before you see the "
                                      "doctor, or pay later. You get your number at once."))

    def instruction(self) -> str:
        if self.error is not None:
            return self.bill.text()
        if self.slot is None:
            return ""
        return self.tr("Registration fee: %1").replace("%1", format_yuan(self.slot.fee_fen)) + " " + \
            self.tr("To register and get your number, press the big blue button.")
