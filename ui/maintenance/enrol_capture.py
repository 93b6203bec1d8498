"""Staff-assisted face enrolment: the patient stands at the kiosk with a member of staff, who has
checked who they are (ID card in hand) and found them in the enrolments panel.

The capture is check-in's ``EnrolCaptureScreen`` (the same liveness challenge and one-face tracking)
built as a maintenance screen: the staff session stays open, the staff idle timeout applies, the
consent is recorded as ``staff_assisted`` with the staff member's id, and "continue" returns to the
panel.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ui.checkin.enrol import EnrolCaptureScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow

STAFF_CAPTURE_SCREEN = "staff_enrol_capture"
PANEL = "staff_enrolments"


def staff_enrol_capture_screen(window: "MainWindow") -> EnrolCaptureScreen:
    return EnrolCaptureScreen(window, staff_screen=STAFF_CAPTURE_SCREEN)


def start_staff_enrolment(window: "MainWindow", capture: EnrolCaptureScreen, patient_id: str, staff_id: str) -> None:
    capture.begin(patient_id, staff_id=staff_id, return_to=PANEL)
    window.go(STAFF_CAPTURE_SCREEN)
