"""The face step of identification: a large mirrored preview with an oval guide, spoken prompts,
a liveness challenge, and the result handed to the identify journey (``IdentificationFlow``).

It is the ``face_step`` of ``ui/identify``'s flow: it ends with ``identification.identified(patient)``
or sends the patient to the other ways ("identify") — after three failed attempts, a camera fault,
or when face check-in cannot work here (no one enrolled, key problem). With more people enrolled
than the policy allows for open 1:N search, the second factor comes first (``SecondFactorScreen``).
An attempt that runs past ``face.max_attempt_s``, or sees no face at all for ``face.no_face_timeout_s``,
stops with plain words and the other ways (spoken). No words here ask the patient to stand: many of
them sit in a wheelchair.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.face.attempt import FaceAttempt, FaceUpdate, Restart, Stage
from kiosk.face.engine import Quality
from kiosk.face.liveness import Challenge, LivenessState
from ui.checkin.face_pipeline import FacePipeline
from ui.checkin.journey import FACE, SECOND_FACTOR
from ui.checkin.privacy import FACE_WITHIN
from ui.screens.base import Screen
from ui.theme import INK, WHITE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from kiosk.his.port import Patient
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow

MAX_FAILED_ATTEMPTS = 3
RETRY_PAUSE_MS = 2500
SPEAK_EVERY_S = 4.0
GUIDE_READY = QColor("#00C853")


class CameraPreview(QWidget):
    """Paints the newest frame, scaled to fill, with the oval the face should fill; counts fps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraPreview")
        self.setMinimumSize(240, 160)  # small minimum: the window must fit a landscape screen with a fault banner
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image: QImage | None = None
        self.face_ready = False
        self._painted: list[float] = []

    def show_frame(self, image: QImage) -> None:
        self._image = image
        self.update()

    def clear(self) -> None:
        self._image = None
        self._painted.clear()
        self.update()

    @property
    def fps(self) -> float:
        """Frames painted per second over the last two seconds."""
        now = time.monotonic()
        recent = [t for t in self._painted if now - t <= 2.0]
        return (len(recent) - 1) / (recent[-1] - recent[0]) if len(recent) > 2 and recent[-1] > recent[0] else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor(INK))
        if self._image is not None:
            scaled = self._image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                        Qt.TransformationMode.FastTransformation)
            painter.drawImage((self.width() - scaled.width()) // 2, (self.height() - scaled.height()) // 2, scaled)
            self._painted = [t for t in self._painted[-120:]] + [time.monotonic()]
        side = min(self.width(), self.height())
        oval = QRectF(0, 0, side * 0.62, side * 0.8)
        oval.moveCenter(QRectF(self.rect()).center())
        painter.setPen(QPen(GUIDE_READY if self.face_ready else QColor(WHITE), 12))
        painter.drawEllipse(oval)
        painter.end()


class FaceStepScreen(Screen):
    name = FACE
    journey = "checkin"

    def __init__(self, window: "MainWindow", identification: "IdentificationFlow") -> None:
        super().__init__(window.stack)
        self._window = window
        self._identification = identification
        self._attempt: FaceAttempt | None = None
        self._prompt_key = ""
        self._spoken_at = 0.0
        self._blocked = ""  # why the camera is not used now ("", "unavailable", "camera", "timeout", "no_face")
        self._restarts = 0
        self.pipeline = FacePipeline(self)
        self.pipeline.preview.connect(self._on_preview)
        self.pipeline.update.connect(self._on_update)
        self.pipeline.camera_failed.connect(lambda _: self._block("camera"))
        self.pipeline.worker_failed.connect(lambda _: self._block("camera"))
        self.title = text_label("title", self, "faceTitle", centred=True)
        self.preview = CameraPreview(self)
        self.prompt = text_label("title", self, "facePrompt", centred=True)
        self.other_way = secondary_button(self, "faceOtherWay")
        self.other_way_primary = primary_button(self, "faceOtherWayPrimary")
        for button in (self.other_way, self.other_way_primary):
            button.clicked.connect(self._use_another_way)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.other_way)
        layout.addWidget(self.other_way_primary)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.setInterval(RETRY_PAUSE_MS)
        self.retry_timer.timeout.connect(self._start_attempt)
        self.retranslate()

    # --- life cycle -----------------------------------------------------------------------

    @property
    def failures(self) -> int:
        session = self._window.services.sessions.current
        return int(session.scratch.get("face_failures", 0)) if session else 0

    def _count_failure(self) -> int:
        session = self._window.services.sessions.current
        if session is None:
            return MAX_FAILED_ATTEMPTS
        session.scratch["face_failures"] = self.failures + 1
        return self.failures

    def entered(self) -> None:
        faces = self._window.services.faces
        self._blocked = ""
        self.preview.clear()
        session = self._window.services.sessions.current
        if (faces.available and faces.enrolled_people and faces.needs_second_factor and session is not None
                and FACE_WITHIN not in session.scratch and self._window.services.devices.device("camera")):
            QTimer.singleShot(0, self._ask_second_factor)  # a large gallery: narrow it first (1:few)
            return
        if not faces.available or faces.enrolled_people == 0:
            session = self._window.services.sessions.current
            if session is not None and not session.scratch.get("face_step_explained"):
                # First time in this session: go straight to the other ways. Asked for again (the
                # "try my face" button), the screen says in plain words why the face cannot be used.
                session.scratch["face_step_explained"] = True
                self._blocked = "unavailable"
                QTimer.singleShot(0, self._leave_if_still_here)
                return
            self._block("unavailable")
            return
        if self._window.services.devices.device("camera") is None:
            self._block("camera")
            return
        self._start_attempt()

    def verify_card_holder(self, patient: Patient) -> bool:
        """An ID card put down during face check-in (人证核验): when its holder has a face on file, the
        attempt restarts as 1:1 verification against that patient only. False: the card alone decides."""
        session = self._window.services.sessions.current
        if self._blocked or session is None or not self._window.services.faces.is_enrolled(patient.id):
            return False
        session.scratch[FACE_WITHIN] = frozenset({patient.id})
        self.pipeline.stop()
        self._start_attempt()
        self._set_prompt("card-holder", self.tr("Thank you. Now look at the camera, so we know the card is yours."),
                         force_speak=True)
        return True

    def _start_attempt(self) -> None:
        if self._window.current is not self or self._blocked:
            return
        faces = self._window.services.faces
        session = self._window.services.sessions.current
        # narrowed by a second factor (1:few), or one known patient (1:1, e.g. an ID card on the reader)
        within = session.scratch.get(FACE_WITHIN) if session is not None else None
        self._attempt = faces.start_attempt(time.monotonic(), within=within)
        self._restarts = 0
        self._set_prompt("position", self._quality_text(Quality.NO_FACE))
        self.pipeline.start(self._window.services.devices.device("camera"), self._attempt.feed)
        self.retranslate()

    def hideEvent(self, event: QHideEvent) -> None:
        self.pipeline.stop()
        self.retry_timer.stop()
        super().hideEvent(event)

    def _block(self, why: str) -> None:
        self.pipeline.stop()
        self._blocked = why
        self.retranslate()
        if self._identification.cards is not None:
            self._identification.cards.refit()  # the explanation takes room from the card prompt
        if self._window.current is self:
            self._window.services.voice.say(self.prompt.text(), self._window.languages.language)

    def _ask_second_factor(self) -> None:
        if self._window.current is self:
            self.navigate.emit(SECOND_FACTOR)

    def _leave_if_still_here(self) -> None:
        if self._window.current is self:
            self.navigate.emit("identify")

    def _use_another_way(self) -> None:
        self.pipeline.stop()
        self.navigate.emit("identify")

    # --- results from the face worker -----------------------------------------------------

    def _on_preview(self, image: QImage) -> None:
        if self.pipeline.running:
            self.preview.show_frame(image)

    def _on_update(self, update: FaceUpdate) -> None:
        if not self.pipeline.running or self._window.current is not self:
            return
        self.preview.face_ready = update.quality is Quality.OK
        if update.face is not None and self._window.idle.armed:
            self._window.idle.more_time()  # someone is in front of the camera: not idle
        if update.stage is Stage.IDENTIFIED:
            self.pipeline.stop()
            self._set_prompt("found", self.tr("Thank you. Finding your details…"))
            identification = self._identification
            self._window.runner.submit(self._window.services.his.patient, update.identity,
                                       on_done=identification.for_this_patient(
                                           lambda patient: identification.identified(patient, "face")),
                                       on_error=identification.for_this_patient(lambda _: self._block("camera")))
        elif update.stage is Stage.TIMED_OUT:
            self._block("timeout")
        elif update.stage is Stage.NO_FACE:
            self._block("no_face")
        elif update.stage in (Stage.NOT_LIVE, Stage.NOT_RECOGNISED):
            self.pipeline.stop()
            self._attempt_failed(update.stage)
        elif update.restarts != self._restarts:
            self._restarts = update.restarts
            self._set_prompt(f"restart-{update.restarts}", self._restart_text(update.last_restart), force_speak=True)
        elif update.stage is Stage.CHALLENGE and update.quality in (Quality.OK, Quality.TURNED_AWAY, Quality.BLURRY):
            self._set_prompt(f"challenge-{update.liveness.value}-{update.challenge.value}",
                             self._challenge_text(update.challenge, update.liveness))
        elif update.stage is Stage.IDENTIFYING and update.quality is Quality.OK:
            self._set_prompt("identifying", self.tr("Thank you. Please keep looking at the camera."))
        else:
            self._set_prompt(f"quality-{update.quality.value}", self._quality_text(update.quality))

    def _attempt_failed(self, stage: Stage) -> None:
        failures = self._count_failure()
        if failures >= MAX_FAILED_ATTEMPTS:
            self._use_another_way()
            return
        text = (self.tr("We could not see you move. Let us try once more.") if stage is Stage.NOT_LIVE
                else self.tr("We could not find you by your face. Let us try once more."))
        self._set_prompt(f"failed-{failures}", text, force_speak=True)
        self.retry_timer.start()

    def _set_prompt(self, key: str, text: str, force_speak: bool = False) -> None:
        self.prompt.setText(text)
        now = time.monotonic()
        if key != self._prompt_key and (force_speak or now - self._spoken_at >= SPEAK_EVERY_S):
            self._window.services.voice.say(text, self._window.languages.language)
            self._spoken_at = now
        self._prompt_key = key

    # --- texts ----------------------------------------------------------------------------

    def _quality_text(self, quality: Quality) -> str:
        texts = {
            Quality.OK: self.tr("Good. Please hold still."),
            Quality.BLANK_FRAME: self.tr("The camera sees nothing. Is something covering it?"),
            Quality.NO_FACE: self.tr("Please come in front of the screen and look at the camera."),
            Quality.SEVERAL_FACES: self.tr("One person at a time, please."),
            Quality.TOO_SMALL: self.tr("Please come a little closer."),
            Quality.TOO_BIG: self.tr("Please step back a little."),
            Quality.OFF_CENTRE: self.tr("Please move so that your face is inside the oval."),
            Quality.TOO_DARK: self.tr("It is too dark to see your face. Please face the light."),
            Quality.TOO_BRIGHT: self.tr("There is too much light on your face. Please move a little."),
            Quality.BLURRY: self.tr("Please hold still for a moment."),
            Quality.TURNED_AWAY: self.tr("Please look straight at the camera."),
        }
        return texts[quality]

    def _restart_text(self, why: Restart | None) -> str:
        if why is Restart.SECOND_FACE:
            return self.tr("One person at a time, please. Let us start again.")
        return self.tr("Please stay in front of the camera until we are done. Let us start again.")

    def _challenge_text(self, challenge: Challenge, state: LivenessState) -> str:
        if state is LivenessState.BASELINE:
            return self.tr("Good. Please hold still.")
        if state is LivenessState.HOLDING:
            return self.tr("Good. Hold it there for a moment.")
        if state is LivenessState.WRONG_WAY:
            return (self.tr("The other way, please. Look at the camera, then turn slowly to your left.")
                    if challenge is Challenge.TURN_LEFT else
                    self.tr("The other way, please. Look at the camera, then turn slowly to your right."))
        if challenge is Challenge.BLINK:
            return self.tr("Now please blink your eyes slowly.")
        if challenge is Challenge.TURN_LEFT:
            return self.tr("Now please turn your head slowly to your left.")
        return self.tr("Now please turn your head slowly to your right.")

    def retranslate(self) -> None:
        desk = self._help_desk()
        self.title.setText(self.tr("Please look at the camera"))
        self.other_way.setText(self.tr("Use another way"))
        self.other_way_primary.setText(self.tr("Use another way"))
        blocked = {
            "unavailable": self.tr("Face check-in is not set up for you here. Please use another way, or go to %1."),
            "camera": self.tr("The camera is not working right now. Please use another way, or go to %1."),
            "timeout": self.tr("We could not check your face this time. Please use your ID card, your insurance "
                               "code or your phone number instead, or go to %1."),
            "no_face": self.tr("The camera did not see a face. Please use your ID card, your insurance code or "
                               "your phone number instead, or ask the staff at %1."),
        }
        if self._blocked:
            self.prompt.setText(blocked[self._blocked].replace("%1", desk))
        elif not self.prompt.text():
            self.prompt.setText(self._quality_text(Quality.NO_FACE))
        self.preview.setVisible(not self._blocked)
        self.other_way.setVisible(not self._blocked)
        self.other_way_primary.setVisible(bool(self._blocked))

    def _help_desk(self) -> str:
        return self._window.help_desk()

    def instruction(self) -> str:
        if self._blocked:
            return self.prompt.text()
        return self.tr("Please look at the camera.")
