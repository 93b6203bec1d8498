"""Face check-in: the face step of identification, today's appointments, the queue number and
"your visit today". The face step is plugged into ``ui/identify`` as its ``face_step``, so every
journey that identifies the patient tries the face first when the camera works.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ui.checkin.enrol import EnrolCaptureScreen, EnrolConsentScreen, EnrolOfferScreen
from ui.checkin.face_step import FaceStepScreen
from ui.checkin.journey import CheckInJourney
from ui.checkin.privacy import FaceDeleteScreen, SecondFactorScreen
from ui.checkin.register import RegisterDepartmentScreen, RegisterDoctorScreen
from ui.checkin.register_confirm import RegisterConfirmScreen
from ui.checkin.ticket import TicketScreen
from ui.checkin.visit import CheckInScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["FaceStepScreen", "install", "SCENES"]


def install(window: "MainWindow") -> None:
    identification = window.identification  # the identify feature is installed first (ui/features.py)
    journey = window.add_journey(CheckInJourney(window, identification))
    window.checkin = journey
    face_step = FaceStepScreen(window, identification)
    for screen in (CheckInScreen(window, journey), face_step, TicketScreen(window, journey),
                   EnrolOfferScreen(window, journey), EnrolConsentScreen(window, journey), EnrolCaptureScreen(window),
                   FaceDeleteScreen(window), RegisterDepartmentScreen(window, journey),
                   RegisterDoctorScreen(window, journey), RegisterConfirmScreen(window, journey)):
        window.add_screen(screen)
    identification.plug_face_step(face_step)
    # part of identification: it takes the asking journey, and the code scanner works there too
    identification.add_screen(window.add_screen(SecondFactorScreen(window, identification)))


def _identified_as(window: "MainWindow", patient_id: str) -> None:
    window.go("checkin")
    window.services.sessions.current.patient_id = patient_id
    window.go("checkin")


def _wait_for(window: "MainWindow", screen: str, condition=lambda w: True, timeout_ms: int = 5000) -> None:
    """Screenshots and the accessibility walk need the background work done before they look."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThread

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < timeout_ms and not (window.current.name == screen and condition(window)):
        QCoreApplication.processEvents()
        QThread.msleep(10)


def _ticket(window: "MainWindow", patient_id: str, paper_out: bool = False) -> None:
    if paper_out:
        window.services.devices.device("receipt_printer").inject(paper="out")
    _identified_as(window, patient_id)
    _wait_for(window, "checkin_ticket", lambda w: w.checkin.result is not None)


def _choose(window: "MainWindow") -> None:
    _identified_as(window, "DEMO-002")
    _wait_for(window, "checkin", lambda w: bool(w.current.appointment_buttons))


def _no_appointment(window: "MainWindow") -> None:
    """DEMO-003 has no appointment today: the visit screen goes on to same-day registration."""
    _identified_as(window, "DEMO-003")
    _wait_for(window, "checkin_register", lambda w: not w.current.loading)
    _settle()


def _register_doctor(window: "MainWindow", department_code: str = "CARD") -> None:
    _no_appointment(window)
    # also after hours, when the department list shows no buttons: the doctor screen then says "no places"
    window.checkin.choose_department(next(d for d in window.services.his.departments() if d.code == department_code))
    _wait_for(window, "checkin_register_doctor", lambda w: not w.current.loading)
    _settle()


def _settle(rounds: int = 5) -> None:
    """A long list in a scroll area takes a few event-loop turns to lay out; pictures wait for that."""
    from PySide6.QtCore import QCoreApplication

    for _ in range(rounds):
        QCoreApplication.processEvents()


def _register_confirm(window: "MainWindow", refused: bool = False) -> None:
    """The confirm step; late in the day (no open times) with the first doctor's 10:30, as a picture."""
    from datetime import time

    from kiosk.his.port import Slot, SlotFull

    _register_doctor(window)
    doctor_screen = window.current
    if doctor_screen.slots:
        slot = doctor_screen.slots[0]
    else:
        doctor = window.services.his.doctors("CARD")[0]
        slot = Slot(doctor.id, doctor.name, "CARD", doctor.title_zh, doctor.title_en, "morning", time(10, 30),
                    doctor.registration_fee_fen, 3)
    window.checkin.choose_slot(slot)
    if refused:
        window.current._on_error(SlotFull("no places left"))


def _face_off(window: "MainWindow") -> None:
    """Nobody enrolled, and the patient asked for the face again: the screen says why not."""
    window.services.sessions.start("checkin").scratch["face_step_explained"] = True
    window.go("checkin_face")


def _face_live(window: "MainWindow") -> None:
    """The preview running on the simulated camera, with one (synthetic) person enrolled."""
    import numpy as np

    faces = window.services.faces
    if faces.enrolled_people == 0:
        faces.record_consent("DEMO-001", "staff_assisted", staff_id="0000")
        vector = np.random.default_rng(1).normal(size=128).astype(np.float32)
        faces.enrol("DEMO-001", [vector / np.linalg.norm(vector)])
    window.go("checkin_face")
    _wait_for(window, "checkin_face", lambda w: w.current.pipeline.frames_analysed > 2)


def _enrol_step(window: "MainWindow", screen: str) -> None:
    """DEMO-003 found by a fallback, not enrolled: the enrolment screens as the patient meets them."""
    session = window.services.sessions.start("checkin")
    session.patient_id = "DEMO-003"
    window.go(screen)


def _enrol_capture(window: "MainWindow") -> None:
    _enrol_step(window, "checkin_enrol_capture")
    _wait_for(window, "checkin_enrol_capture", lambda w: w.current.pipeline.frames_analysed > 1)


def _enrol_done(window: "MainWindow") -> None:
    _enrol_step(window, "checkin_enrol_capture")
    capture = window.current
    capture.pipeline.stop()
    capture.state = "done"
    capture.retranslate()


def _face_delete(window: "MainWindow", deleted: bool = False) -> None:
    _enrol_step(window, "checkin_face_delete")
    if deleted:
        window.current._finished("deleted")


def _face_timeout(window: "MainWindow") -> None:
    """The attempt ran past face.max_attempt_s: plain words and the other ways."""
    _face_live(window)
    window.current._block("timeout")


def _face_no_face(window: "MainWindow") -> None:
    """No face in view for face.no_face_timeout_s: plain words and the other ways."""
    _face_live(window)
    window.current._block("no_face")


def _second_factor_again(window: "MainWindow") -> None:
    """The first 4 numbers matched too many patients: the other 4 numbers narrow it."""
    _second_factor(window)
    window.current.ask_for_the_other_four(frozenset({"DEMO-001", "DEMO-002"}))


def _second_factor(window: "MainWindow") -> None:
    from ui.identify import start_identification

    start_identification(window, "checkin", lambda patient: None)
    window.go("checkin_second_factor")
    for key in "030":
        window.current.keypad.press(key)


SCENES = {
    "checkin-enrol-offer": lambda w: _enrol_step(w, "checkin_enrol_offer"),
    "checkin-enrol-consent": lambda w: _enrol_step(w, "checkin_enrol_consent"),
    "checkin-enrol-capture": _enrol_capture,
    "checkin-enrol-done": _enrol_done,
    "checkin-face-delete": _face_delete,
    "checkin-face-deleted": lambda w: _face_delete(w, deleted=True),
    "checkin-second-factor": _second_factor,
    "checkin-second-factor-again": _second_factor_again,
    "checkin-face-timeout": _face_timeout,
    "checkin-face-no-face": _face_no_face,
    "checkin-face-off": _face_off,
    "checkin-face": _face_live,
    "checkin-choose": _choose,
    "checkin-no-appointment": _no_appointment,
    "checkin-register-doctor": _register_doctor,
    "checkin-register-confirm": _register_confirm,
    "checkin-register-refused": lambda w: _register_confirm(w, refused=True),
    "checkin-ticket": lambda w: _ticket(w, "DEMO-001"),
    "checkin-ticket-no-paper": lambda w: _ticket(w, "DEMO-004", paper_out=True),
}
