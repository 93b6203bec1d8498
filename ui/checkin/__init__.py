"""Face check-in: the face step of identification, today's appointments, the queue number and
"your visit today". The face step is plugged into ``ui/identify`` as its ``face_step``, so every
journey that identifies the patient tries the face first when the camera works.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ui.checkin.face_step import FaceStepScreen
from ui.checkin.ticket import TicketScreen
from ui.checkin.visit import CheckInScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["FaceStepScreen", "install", "SCENES"]


def install(window: "MainWindow") -> None:
    for screen in (CheckInScreen(window), FaceStepScreen(window), TicketScreen(window)):
        window.add_screen(screen)
    identification = getattr(window, "identification", None)
    if identification is not None:
        identification.face_step = FaceStepScreen.name


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
    _wait_for(window, "checkin_ticket", lambda w: w.screens["checkin_ticket"].result is not None)


def _choose(window: "MainWindow") -> None:
    _identified_as(window, "DEMO-002")
    _wait_for(window, "checkin", lambda w: bool(w.screens["checkin"].appointment_buttons))


def _no_appointment(window: "MainWindow") -> None:
    _identified_as(window, "DEMO-003")
    _wait_for(window, "checkin", lambda w: w.screens["checkin"].visit is not None)


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
    _wait_for(window, "checkin_face", lambda w: w.screens["checkin_face"].pipeline.frames_analysed > 2)


SCENES = {
    "checkin-face-off": _face_off,
    "checkin-face": _face_live,
    "checkin-choose": _choose,
    "checkin-no-appointment": _no_appointment,
    "checkin-ticket": lambda w: _ticket(w, "DEMO-001"),
    "checkin-ticket-no-paper": lambda w: _ticket(w, "DEMO-004", paper_out=True),
}
