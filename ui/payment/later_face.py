"""Pay-later confirmation by face: a fresh live face match of the bill's patient (1:1).

The camera preview and the camera/face-worker pipeline are check-in's (``ui.checkin``); the attempt
is narrowed to the one patient (``within``), so only their own templates can match, and the liveness
challenge runs as at check-in. Three failed attempts, a camera fault or no face in view for
``face.no_face_timeout_s`` end in ``failed``; the screen then offers the phone QR instead.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.face.attempt import FaceAttempt, FaceUpdate, Stage
from kiosk.face.engine import Quality
from kiosk.face.liveness import Challenge, LivenessState
from ui.checkin.face_pipeline import FacePipeline
from ui.checkin.face_step import CameraPreview
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MAX_FACE_TRIES = 3
RETRY_PAUSE_MS = 2000


class FaceConfirmPanel(QWidget):
    confirmed = Signal(object)  # the finished FaceAttempt that identified the patient
    failed = Signal(str)  # camera | not_matched | no_face

    def __init__(self, window: "MainWindow", parent: QWidget) -> None:
        super().__init__(parent)
        self._window = window
        self.attempt: FaceAttempt | None = None
        self.patient_id = ""
        self.tries = 0
        self.pipeline = FacePipeline(self)
        self.pipeline.preview.connect(self._on_preview)
        self.pipeline.update.connect(self._on_update)
        self.pipeline.camera_failed.connect(lambda _: self._fail("camera"))
        self.pipeline.worker_failed.connect(lambda _: self._fail("camera"))
        self.preview = CameraPreview(self)
        self.prompt = text_label("body", self, "payLaterFacePrompt", centred=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.prompt)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.setInterval(RETRY_PAUSE_MS)
        self.retry_timer.timeout.connect(self._start_attempt)

    @staticmethod
    def usable_for(window: "MainWindow", patient_id: str) -> bool:
        """Face confirmation needs working face check-in, the patient's templates and a camera."""
        faces = window.services.faces
        return (faces.available and faces.is_enrolled(patient_id)
                and window.services.devices.device("camera") is not None)

    def start(self, patient_id: str) -> None:
        self.patient_id, self.tries = patient_id, 0
        self._start_attempt()

    def stop(self) -> None:
        self.retry_timer.stop()
        self.pipeline.stop()

    def _start_attempt(self) -> None:
        camera = self._window.services.devices.device("camera")
        if camera is None:
            return self._fail("camera")
        self.attempt = self._window.services.faces.start_attempt(time.monotonic(), within={self.patient_id})
        self.preview.clear()
        self.prompt.setText(self._quality_text(Quality.NO_FACE))
        self.pipeline.start(camera, self.attempt.feed)

    def _fail(self, why: str) -> None:
        self.stop()
        self.failed.emit(why)

    def _on_preview(self, image) -> None:
        if self.pipeline.running:
            self.preview.show_frame(image)

    def _on_update(self, update: FaceUpdate) -> None:
        if not self.pipeline.running:
            return
        self.preview.face_ready = update.quality is Quality.OK
        if update.face is not None and self._window.idle.armed:
            self._window.idle.more_time()  # someone is in front of the camera: not idle
        if update.stage is Stage.IDENTIFIED and update.identity == self.patient_id:
            self.pipeline.stop()
            self.prompt.setText(self.tr("Thank you."))
            self.confirmed.emit(self.attempt)
        elif update.stage is Stage.NO_FACE:
            self._fail("no_face")  # nobody in view: trying twice more would only keep them waiting
        elif update.stage.finished:
            self.pipeline.stop()
            self.tries += 1
            if self.tries >= MAX_FACE_TRIES:
                self.failed.emit("not_matched")
                return
            self.prompt.setText(self.tr("We could not confirm your face. Let us try once more."))
            self.retry_timer.start()
        elif update.stage is Stage.CHALLENGE and update.quality is Quality.OK:
            self.prompt.setText(self._challenge_text(update.challenge, update.liveness))
        else:
            self.prompt.setText(self._quality_text(update.quality))

    def _quality_text(self, quality: Quality) -> str:
        if quality is Quality.OK:
            return self.tr("Good. Please hold still.")
        if quality is Quality.SEVERAL_FACES:
            return self.tr("One person at a time, please.")
        return self.tr("Please look at the camera, with your face inside the oval.")

    def _challenge_text(self, challenge: Challenge, state: LivenessState) -> str:
        if state is LivenessState.BASELINE:
            return self.tr("Good. Please hold still.")
        if challenge is Challenge.BLINK:
            return self.tr("Now please blink your eyes slowly.")
        if challenge is Challenge.TURN_LEFT:
            return self.tr("Now please turn your head slowly to your left.")
        return self.tr("Now please turn your head slowly to your right.")

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop()
        super().hideEvent(event)
