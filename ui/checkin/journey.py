"""The check-in journey's controller: it owns what check-in learns of the patient — today's visit, the
ticket, the same-day registration choice (department, doctor and time), whether face enrolment was
offered — and moves between the check-in screens. The screens read that state here instead of from
each other or the session's scratch, and the window forgets it with the session (ui/journey.py).

The patient and how they were identified stay on the patient session (``sessions.current``), where
identification (``ui/identify``) puts them for every journey.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from kiosk.checkin.registration import RegistrationChoices
from kiosk.checkin.service import CheckInResult, VisitToday
from kiosk.face.service import enrolment_allowed
from kiosk.his.port import Department, Patient, Slot
from ui.journey import JourneyState

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow

JOURNEY = "checkin"
VISIT, FACE, TICKET = "checkin", "checkin_face", "checkin_ticket"
REGISTER, DOCTOR, CONFIRM = "checkin_register", "checkin_register_doctor", "checkin_register_confirm"
ENROL_OFFER, ENROL_CONSENT, ENROL_CAPTURE = "checkin_enrol_offer", "checkin_enrol_consent", "checkin_enrol_capture"
FACE_DELETE, SECOND_FACTOR = "checkin_face_delete", "checkin_second_factor"


class CheckInJourney(JourneyState):
    """Kept on the window as ``window.checkin``; every check-in screen gets it."""

    PATIENT_STATE = ("visit", "result", "choices", "department", "slot", "enrolment_offered")

    def __init__(self, window: "MainWindow", identification: "IdentificationFlow") -> None:
        self._window = window
        self._go: Callable[[str], None] = window.go
        self.identification = identification
        self.visit: VisitToday | None = None  # today's appointments, with the name masked
        self.result: CheckInResult | None = None  # the ticket: queue number, place, the visit after it
        self.choices: RegistrationChoices | None = None  # departments open for same-day registration
        self.department: Department | None = None  # the registration choice: department, then slot
        self.slot: Slot | None = None
        self.enrolment_offered: bool | None = None  # face enrolment is offered once per visit

    @property
    def patient_id(self) -> str | None:
        """The identified patient of this session (None before identification)."""
        session = self._window.services.sessions.current
        return session.patient_id if session is not None else None

    # --- finding the patient ----------------------------------------------------------------------

    def identify(self) -> None:
        """Find the patient (face first when it works); check-in goes on with them, or offers enrolment first."""
        self.identification.start(JOURNEY, self._identified)

    def _identified(self, patient: Patient) -> None:
        found_by_face = (self.identification.face_screen is not None
                         and self._window.current is self.identification.face_screen)
        if self.should_offer_enrolment(patient.id, found_by_face):
            self.enrolment_offered = True
            self._go(ENROL_OFFER)  # ends by coming back to the visit with the patient still in the session
            return
        self._go(VISIT)

    def should_offer_enrolment(self, patient_id: str, found_by_face: bool) -> bool:
        """Once per visit, only to a patient identified by a proof (chip, e-code), and only when it can work."""
        session = self._window.services.sessions.current
        faces = self._window.services.faces
        if found_by_face or session is None or self.enrolment_offered:
            return False
        if not enrolment_allowed(session.identified_by or ""):
            return False  # found by something anyone could type: no face may be enrolled on it
        camera = self._window.last_health.get("camera")
        usable = camera is not None and camera.usable and self._window.services.devices.device("camera") is not None
        return usable and faces.available and not faces.is_enrolled(patient_id)

    def continue_check_in(self) -> None:
        """After the enrolment screens (yes or no): the patient's place is kept, so check-in goes on."""
        self._go(VISIT)

    # --- the visit and the ticket -----------------------------------------------------------------

    def checked_in(self, result: CheckInResult) -> None:
        """Checked in (an appointment, or one just registered): the ticket screen shows it."""
        self.result = result
        self._go(TICKET)

    # --- same-day registration --------------------------------------------------------------------

    def choose_department(self, department: Department) -> None:
        self.department, self.slot = department, None
        self._go(DOCTOR)

    def choose_slot(self, slot: Slot) -> None:
        self.slot = slot
        self._go(CONFIRM)
