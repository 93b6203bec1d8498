"""Face enrolment: self-service after a proof, or staff-assisted from maintenance.

Self-service is offered once per visit, and only to a patient identified by something a stranger
cannot type: the ID card chip (``id_card``) or a dynamic insurance e-code (``insurance_ecode``). The
typed routes (ID number, phone + birth date) never lead here. offer ("check in by face next time?")
→ consent notice (shown and spoken) → capture → enrol → done → back to the patient's check-in. Whether
it is offered is the check-in journey's call (``CheckInJourney.should_offer_enrolment``).

The capture runs the same liveness challenge and one-face tracking as check-in (``FaceEnrolment``):
a still photo cannot enrol. Staff-assisted enrolment (ui/maintenance/enrol_capture.py) is the same
capture screen with a staff consent, returning to maintenance. Saying no at any
point stores nothing; no face image is written anywhere (only templates).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import time

from PySide6.QtGui import QHideEvent, QImage
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from kiosk.face.attempt import FaceEnrolment, FaceUpdate, Stage
from kiosk.face.engine import Quality
from kiosk.face.liveness import Challenge, LivenessState
from kiosk.face.service import FaceAlreadyEnrolled
from ui.checkin.face_pipeline import FacePipeline
from ui.checkin.face_step import CameraPreview
from ui.checkin.journey import ENROL_CAPTURE, ENROL_CONSENT, ENROL_OFFER, VISIT, CheckInJourney
from ui.screens.base import Screen
from ui.theme import PAGE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

class _ChoiceScreen(Screen):
    """A title, a text that may be long (it scrolls), one big "yes" and one big "no, thanks"."""

    journey = "checkin"

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self.title = text_label("title", self, f"{self.name}Title")
        self.body = text_label("body", None, f"{self.name}Body")
        body = QWidget()
        body.setObjectName(f"{self.name}Scroll")
        body.setStyleSheet(f"QWidget#{self.name}Scroll {{ background: {PAGE}; }}")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.body)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumHeight(96)  # a long notice scrolls instead of pushing the window off the screen
        self.yes_button = primary_button(self, f"{self.name}Yes")
        self.no_button = primary_button(self, f"{self.name}No")
        self.yes_button.clicked.connect(self.accepted)
        self.no_button.clicked.connect(journey.continue_check_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.yes_button)
        layout.addWidget(self.no_button)

    def accepted(self) -> None:
        """What "yes" does."""

    def instruction(self) -> str:
        return f"{self.title.text()} {self.body.text()}"


class EnrolOfferScreen(_ChoiceScreen):
    name = ENROL_OFFER

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window, journey)
        self.retranslate()

    def accepted(self) -> None:
        self.navigate.emit(ENROL_CONSENT)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Check in by face next time?"))
        self.body.setText(self.tr("Next time you could check in just by looking at the camera, without your ID "
                                  "card or phone number. It is your choice, and you can change your mind at any time."))
        self.yes_button.setText(self.tr("Yes, tell me more"))
        self.no_button.setText(self.tr("No, thanks — continue"))


class EnrolConsentScreen(_ChoiceScreen):
    name = ENROL_CONSENT

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window, journey)
        self._busy = False
        self.retranslate()

    def entered(self) -> None:
        self._busy = False
        self.yes_button.setEnabled(True)

    def accepted(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.yes_button.setEnabled(False)
        session = self._window.services.sessions.current
        patient_id = session.patient_id
        self._window.runner.submit(self._window.services.faces.record_consent, patient_id, "self_service", "",
                                   (session.identified_by or ""),
                                   on_done=lambda _: self.navigate.emit(ENROL_CAPTURE),
                                   on_error=lambda _: self._journey.continue_check_in())

    def retranslate(self) -> None:
        desk = self._window.help_desk()
        self.title.setText(self.tr("Before we start"))
        self.body.setText(self.tr(
            "What we keep: a few rows of numbers calculated from your face, locked with a key. We do not keep "
            "a photo or a video of you.\n\n"
            "Why: only to find your appointments when you look at the camera at this hospital's kiosks.\n\n"
            "For how long: until you ask us to delete it.\n\n"
            "How to delete it: press \"Delete my face data\" on your ticket screen at this kiosk, or ask at %1."
        ).replace("%1", desk))
        self.yes_button.setText(self.tr("I agree — take my picture"))
        self.no_button.setText(self.tr("No, thanks — continue"))


class EnrolCaptureScreen(Screen):
    """Live preview and oval, the liveness challenge, then several good frames of the same live face
    become the templates (frames are not kept)."""

    name = ENROL_CAPTURE
    journey = "checkin"

    def __init__(self, window: "MainWindow", staff_screen: str = "") -> None:
        super().__init__(window.stack)
        self._window = window
        if staff_screen:  # the maintenance variant (ui/maintenance/enrol_capture.py): staff session, staff timeout
            self.name, self.journey, self.is_patient_journey = staff_screen, "staff", False
            self.idle_timeout_s = window.services.maintenance.idle_timeout_s
        self._enrolment: FaceEnrolment | None = None
        self._prompt_text = ""
        self._patient_id = ""
        self._staff_id = ""  # set for staff-assisted enrolment
        self._return_to = ""  # where "continue" goes ("" = the patient's check-in)
        self.state = "capturing"  # capturing | saving | done | already_known | not_live | failed
        self.pipeline = FacePipeline(self)
        self.pipeline.preview.connect(self._on_preview)
        self.pipeline.update.connect(self._on_progress)
        self.pipeline.camera_failed.connect(lambda _: self._failed())
        self.pipeline.worker_failed.connect(lambda _: self._failed())
        self.title = text_label("title", self, "enrolTitle", centred=True)
        self.preview = CameraPreview(self)
        self.prompt = text_label("title", self, "enrolPrompt", centred=True)
        self.continue_button = primary_button(self, "enrolContinue")
        self.continue_button.clicked.connect(self._continue)
        self.cancel_button = secondary_button(self, "enrolCancel")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.continue_button)
        layout.addWidget(self.cancel_button)
        self.retranslate()

    def begin(self, patient_id: str, staff_id: str = "", return_to: str = "") -> None:
        """Staff-assisted: who is enrolled, by whom, and where to go afterwards; call before showing."""
        self._patient_id, self._staff_id, self._return_to = patient_id, staff_id, return_to

    def entered(self) -> None:
        self.state, self._prompt_text = "capturing", self._quality_text(Quality.NO_FACE)
        self.preview.clear()
        session = self._window.services.sessions.current
        if not self._staff_id:  # self-service: the patient of this session (found by a proof)
            self._patient_id = session.patient_id if session is not None and session.patient_id else ""
        camera = self._window.services.devices.device("camera")
        if camera is None or not self._patient_id:
            self._failed()
            return
        faces = self._window.services.faces
        self._enrolment = faces.start_enrolment(time.monotonic())
        self.pipeline.start(camera, self._enrolment.feed)
        self.retranslate()

    def hideEvent(self, event: QHideEvent) -> None:
        if self.state == "capturing":  # left by "back to start" or the idle timeout: nothing was stored
            self._finished("failed")
        self.pipeline.stop()
        if self.state != "saving":
            self._patient_id, self._staff_id = "", ""  # nothing of this patient stays in the screen
        super().hideEvent(event)

    def _on_preview(self, image: QImage) -> None:
        if self.pipeline.running:
            self.preview.show_frame(image)

    def _on_progress(self, update: FaceUpdate) -> None:
        if self.state != "capturing" or self._window.current is not self:
            return
        self.preview.face_ready = update.quality is Quality.OK
        if self._window.idle.armed and update.face is not None:
            self._window.idle.more_time()
        if update.stage is Stage.CAPTURED:
            self._save()
            return
        if update.stage in (Stage.NOT_LIVE, Stage.TIMED_OUT):
            self._finished("not_live")
            return
        if update.stage is Stage.CHALLENGE and update.quality in (Quality.OK, Quality.TURNED_AWAY, Quality.BLURRY):
            text = self._challenge_text(update.challenge, update.liveness)
        elif update.stage is Stage.IDENTIFYING:
            text = self.tr("Good. Please hold still while we take a few pictures.")
        else:
            text = self._quality_text(update.quality)
        if text != self._prompt_text:
            self._prompt_text = text
            self.retranslate()
            self._say(text)

    def _save(self) -> None:
        self.pipeline.stop()
        self.state = "saving"
        self.retranslate()
        templates = list(self._enrolment.templates)
        self._enrolment = None  # the templates go to the store; nothing of the frames stays here
        self._window.runner.submit(self._store, self._patient_id, self._staff_id, templates,
                                   on_done=lambda _: self._finished("done"), on_error=self._enrol_error)

    def _store(self, patient_id: str, staff_id: str, templates: list) -> list[str]:
        """Blocking: a staff-assisted consent is recorded with the templates, in that order."""
        faces = self._window.services.faces
        if staff_id:
            faces.record_consent(patient_id, "staff_assisted", staff_id)
        return faces.enrol(patient_id, templates)

    def _enrol_error(self, error: Exception) -> None:
        self._finished("already_known" if isinstance(error, FaceAlreadyEnrolled) else "failed")

    def _failed(self) -> None:
        if self.state in ("capturing", "saving"):
            self._finished("failed")

    def _finished(self, state: str) -> None:
        self.pipeline.stop()
        self._enrolment = None
        self.state = state
        if state != "done":
            self._withdraw_consent()
        self.retranslate()
        if self._window.current is self:
            self._say(f"{self.title.text()} {self.prompt.text()}")

    def _withdraw_consent(self) -> None:
        """No templates were stored: the consent given for them is closed again, so nothing is left."""
        if self._patient_id:
            self._window.runner.submit(self._window.services.faces.withdraw, self._patient_id,
                                       self._staff_id or "patient", on_done=lambda _: None, on_error=lambda _: None)

    def _cancel(self) -> None:
        if self.state in ("capturing", "saving"):
            self._finished("failed")
        self._continue()

    def _continue(self) -> None:
        """Back where the enrolment began: maintenance (staff-assisted), else the patient's check-in,
        whose place is kept (the session still holds the patient)."""
        self.navigate.emit(self._return_to or VISIT)

    def _say(self, text: str) -> None:
        self._window.services.voice.say(text, self._window.languages.language)

    def _quality_text(self, quality: Quality | None) -> str:
        texts = {
            Quality.OK: self.tr("Good. Please hold still."),
            Quality.BLANK_FRAME: self.tr("The camera sees nothing. Is something covering it?"),
            Quality.NO_FACE: self.tr("Please look at the camera and keep your face inside the oval."),
            Quality.SEVERAL_FACES: self.tr("One person at a time, please."),
            Quality.TOO_SMALL: self.tr("Please come a little closer."),
            Quality.TOO_BIG: self.tr("Please step back a little."),
            Quality.OFF_CENTRE: self.tr("Please move so that your face is inside the oval."),
            Quality.TOO_DARK: self.tr("It is too dark to see your face. Please face the light."),
            Quality.TOO_BRIGHT: self.tr("There is too much light on your face. Please move a little."),
            Quality.BLURRY: self.tr("Please hold still for a moment."),
            Quality.TURNED_AWAY: self.tr("Please look straight at the camera."),
        }
        return texts.get(quality, texts[Quality.NO_FACE])

    def _challenge_text(self, challenge: Challenge, state: LivenessState) -> str:
        if state is LivenessState.BASELINE:
            return self.tr("Good. Please hold still.")
        if state is LivenessState.HOLDING:
            return self.tr("Good. Hold it there for a moment.")
        if challenge is Challenge.BLINK:
            return self.tr("Now please blink your eyes slowly.")
        if state is LivenessState.WRONG_WAY:
            return self.tr("The other way, please. Look at the camera, then turn the other way slowly.")
        if challenge is Challenge.TURN_LEFT:
            return self.tr("Now please turn your head slowly to your left.")
        return self.tr("Now please turn your head slowly to your right.")

    def retranslate(self) -> None:
        desk = self._window.help_desk()
        capturing = self.state in ("capturing", "saving")
        self.preview.setVisible(capturing)
        self.cancel_button.setVisible(capturing)
        self.continue_button.setVisible(not capturing)
        staff = bool(self._staff_id)
        self.cancel_button.setText(self.tr("Stop — back to maintenance") if staff
                                   else self.tr("Stop — continue without face check-in"))
        self.continue_button.setText(self.tr("Back to maintenance") if staff else self.tr("Continue to my check-in"))
        if self.state == "capturing":
            self.title.setText(self.tr("Please look at the camera"))
            self.prompt.setText(self._prompt_text or self._quality_text(Quality.NO_FACE))
        elif self.state == "saving":
            self.title.setText(self.tr("Please look at the camera"))
            self.prompt.setText(self.tr("Thank you. Saving…"))
        elif self.state == "done":
            self.title.setText(self.tr("Done"))
            self.prompt.setText(self.tr("Next time, choose check-in and look at the camera."))
        elif self.state == "already_known":
            self.title.setText(self.tr("We could not save your face"))
            self.prompt.setText(self.tr("Your face looks very like another patient's. Nothing was saved. The staff "
                                        "at %1 can help.").replace("%1", desk))
        elif self.state == "not_live":
            self.title.setText(self.tr("We could not save your face"))
            self.prompt.setText(self.tr("We could not see you move as asked, so nothing was saved. You can try again "
                                        "next time, or ask at %1.").replace("%1", desk))
        else:
            self.title.setText(self.tr("We could not save your face"))
            self.prompt.setText(self.tr("Nothing was saved. You can try again next time, or ask at %1.")
                                .replace("%1", desk))

    def instruction(self) -> str:
        return f"{self.title.text()} {self.prompt.text()}"
