"""Live camera self-test (Devices panel → camera): the picture about 8 times a second with face boxes,
the four quality scores check-in's gate uses (size, sharpness, brightness, frontal) against their
thresholds, and one plain-words line ("No face", "Too dark" …).

Frames are read and analysed on ``kiosk.maintenance.camera_check.LiveCameraCheck``'s thread; only a
small QImage with the boxes drawn in comes to the GUI thread, and nothing is stored. The check stops
as soon as the screen is hidden (back, sign-out, idle timeout, window closed). Start and stop are audited.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import QLabel

from kiosk.audit import AuditLog
from kiosk.face.engine import FaceEngine, FaceModelsMissing, Quality
from kiosk.maintenance.camera_check import CameraReading, LiveCameraCheck, QualityScore
from kiosk.maintenance.staff_session import PermissionDenied
from ui.maintenance.common import PanelScreen
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

CAMERA_LIVE = "staff_camera_live"
DEVICES = "staff_devices"
GOOD_BOX_BGR = (0, 150, 0)
BAD_BOX_BGR = (0, 0, 210)


class _Bridge(QObject):
    """Carries readings from the check's thread to the GUI thread (queued signals)."""

    reading = Signal(QImage, object)
    failed = Signal(str)


def picture_with_boxes(shown: np.ndarray, reading: CameraReading) -> QImage:
    """Worker thread: draw the face boxes (green when check-in would accept the frame) on a copy."""
    import cv2

    canvas = np.ascontiguousarray(shown).copy()
    colour = GOOD_BOX_BGR if reading.quality is Quality.OK else BAD_BOX_BGR
    for box in reading.faces:
        cv2.rectangle(canvas, (box.left, box.top), (box.right, box.bottom), colour, 4)
    rgb = np.ascontiguousarray(canvas[:, :, ::-1])
    return QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888).copy()


def _prepare(engine: FaceEngine, audit: AuditLog, actor: str) -> FaceEngine | None:
    """Blocking (~1 s the first time): audit the start; the engine with its models, or None when they
    are not installed (the picture is still shown)."""
    audit.record(actor, "maintenance.camera_live_view", {"event": "started"})
    try:
        engine.load()
    except FaceModelsMissing:
        return None
    return engine


class CameraLiveScreen(PanelScreen):
    name = CAMERA_LIVE
    permissions = ("devices",)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.back_button.clicked.disconnect()
        self.back_button.clicked.connect(lambda: self.navigate.emit(DEVICES))
        self.words = text_label("body", self.card, "cameraLiveWords")
        self.picture = QLabel(self.card)
        self.picture.setObjectName("cameraLivePicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(360)
        self.score_labels = {name: text_label("body", self.card, f"cameraLive_{name}")
                             for name in ("size", "sharpness", "brightness", "frontal")}
        self.rate = text_label("small", self.card, "cameraLiveRate")
        self.body.addWidget(self.words)
        self.body.addWidget(self.picture)
        for label in self.score_labels.values():
            self.body.addWidget(label)
        self.body.addWidget(self.rate)
        self.body.addStretch(1)
        self._bridge = _Bridge(self)
        self._bridge.reading.connect(self._on_reading)
        self._bridge.failed.connect(self._on_failed)
        self.check: LiveCameraCheck | None = None
        self.last_reading: CameraReading | None = None
        self.failure = ""
        self._times: list[float] = []
        self._actor = ""
        self.retranslate()

    def entered(self) -> None:
        self.last_reading, self.failure, self._times = None, "", []
        self.picture.clear()
        try:
            self._actor = self.session.require("devices")
        except PermissionDenied:
            self.navigate.emit(DEVICES)
            return
        camera = self._window.services.devices.device("camera")
        if camera is None:
            self.failure = self.tr("There is no working camera on this kiosk (see the Devices panel).")
            self.retranslate()
            return
        self.retranslate()
        services = self._window.services
        self.run(_prepare, services.faces.engine, services.audit, self._actor,
                 on_done=lambda ready: self._start(camera, ready))

    def _start(self, camera, engine: FaceEngine | None) -> None:
        audit, actor = self._window.services.audit, self._actor

        def finished(readings: int) -> None:  # on the check's thread, which stop() waits for
            audit.record(actor, "maintenance.camera_live_view", {"event": "stopped", "readings": readings})

        self.check = LiveCameraCheck(camera, engine, self._emit_reading, self._bridge.failed.emit,
                                     on_finished=finished)
        self.check.start()

    def _emit_reading(self, shown: np.ndarray, reading: CameraReading) -> None:
        self._bridge.reading.emit(picture_with_boxes(shown, reading), reading)

    def stop(self) -> None:
        """Stop the camera thread (idempotent; it audits how many pictures were shown as it ends)."""
        check, self.check = self.check, None
        if check is not None:
            check.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop()
        super().hideEvent(event)

    def _on_reading(self, image: QImage, reading: CameraReading) -> None:
        if self.check is None:
            return  # a late reading after leaving the screen
        self.last_reading = reading
        now = time.monotonic()
        self._times = [t for t in self._times if now - t < 2.0] + [now]
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.retranslate()

    def _on_failed(self, detail: str) -> None:
        self.stop()
        self.failure = self.tr("The camera test stopped: %1").replace("%1", detail)
        self.retranslate()

    # --- words ---------------------------------------------------------------------------------------

    def quality_words(self, reading: CameraReading) -> str:
        if not reading.measured:
            return self.tr("Face measurements are not installed on this kiosk; the picture shows the camera works.")
        return {
            Quality.OK: self.tr("One face, good enough for face check-in."),
            Quality.NO_FACE: self.tr("No face found. Face the camera."),
            Quality.SEVERAL_FACES: self.tr("Several faces: only one person should be in front of the camera."),
            Quality.TOO_SMALL: self.tr("Face too small: come closer."),
            Quality.TOO_BIG: self.tr("Face too close: step back a little."),
            Quality.OFF_CENTRE: self.tr("Face not in the middle of the picture."),
            Quality.TOO_DARK: self.tr("Too dark: check the light in front of the kiosk."),
            Quality.TOO_BRIGHT: self.tr("Too bright: strong light on the face or behind it."),
            Quality.BLURRY: self.tr("Blurred: hold still, or clean the camera lens."),
            Quality.TURNED_AWAY: self.tr("Face turned away: look straight at the camera."),
            Quality.BLANK_FRAME: self.tr("Blank picture: the lens may be covered."),
        }[reading.quality]

    def score_words(self, score: QualityScore) -> str:
        verdict = self.tr("OK") if score.ok else self.tr("NOT OK")
        if score.name == "size":
            text = self.tr("Size: %1 % of the picture width (check-in needs %2–%3 %)").replace(
                "%1", f"{score.value * 100:.0f}").replace("%2", f"{score.low * 100:.0f}").replace(
                "%3", f"{score.high * 100:.0f}")
        elif score.name == "sharpness":
            text = self.tr("Sharpness: %1 (check-in needs at least %2)").replace(
                "%1", f"{score.value:.0f}").replace("%2", f"{score.low:.0f}")
        elif score.name == "brightness":
            text = self.tr("Brightness: %1 of 255 (check-in needs %2–%3)").replace(
                "%1", f"{score.value:.0f}").replace("%2", f"{score.low:.0f}").replace("%3", f"{score.high:.0f}")
        else:
            text = self.tr("Facing the camera: head turned %1 (check-in allows up to %2)").replace(
                "%1", f"{score.value:.2f}").replace("%2", f"{score.high:.2f}")
        return f"{text} — {verdict}"

    def retranslate(self) -> None:
        super().retranslate()
        self.back_button.setText(self.tr("Back to devices"))
        self.title.setText(self.tr("Camera: live test"))
        reading = self.last_reading
        if self.failure:
            self.words.setText(self.failure)
        elif reading is None:
            self.words.setText(self.tr("Starting the camera…"))
        else:
            self.words.setText(self.quality_words(reading))
        self.words.setProperty("role", "error" if self.failure or (reading and reading.quality is not Quality.OK)
                               else "body")
        self.words.style().unpolish(self.words)
        self.words.style().polish(self.words)
        scores = {score.name: score for score in reading.scores} if reading else {}
        for name, label in self.score_labels.items():
            label.setVisible(name in scores)
            if name in scores:
                label.setText(self.score_words(scores[name]))
        times = self._times
        per_second = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0
        if per_second > 0:
            self.rate.setText(self.tr("About %1 pictures a second. Nothing is recorded.").replace(
                "%1", f"{per_second:.0f}"))
        else:
            self.rate.setText(self.tr("Nothing is recorded."))
