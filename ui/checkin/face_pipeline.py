"""Camera thread → preview frames; face worker thread → ``FaceUpdate``s. Both report by Qt signals.

The camera thread reads as fast as the camera delivers (the drivers pace themselves), hands every
frame to the preview as a small QImage and keeps only the newest frame for the face worker, which
analyses whatever is newest when it is free — so the preview stays smooth (≥ 25 fps with a 30 fps
camera) while detection and encoding run at their own pace. Neither thread touches a widget, and no
frame is ever written anywhere.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from devices.base import DeviceError

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640
NO_FRAME_FAULT_S = 3.0


class FacePipeline(QObject):
    preview = Signal(QImage)
    update = Signal(object)  # kiosk.face.attempt.FaceUpdate
    camera_failed = Signal(str)
    worker_failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running = threading.Event()
        self._threads: list[threading.Thread] = []
        self._latest: np.ndarray | None = None
        self._latest_lock = threading.Condition()
        self.frames_read = 0
        self.frames_analysed = 0

    @property
    def running(self) -> bool:
        return self._running.is_set()

    def start(self, camera: Any, analyse: Callable[[np.ndarray, float], object]) -> None:
        """``analyse(frame, monotonic_seconds)`` runs on the face worker; its result is emitted."""
        self.stop()
        self._running.set()
        self._latest = None
        self._threads = [
            threading.Thread(target=self._capture, args=(camera,), name="camera", daemon=True),
            threading.Thread(target=self._analyse, args=(analyse,), name="face-worker", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._running.clear()
        with self._latest_lock:
            self._latest_lock.notify_all()
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads = []
        self._latest = None

    def _capture(self, camera: Any) -> None:
        last_frame_at = time.monotonic()
        while self._running.is_set():
            try:
                frame = camera.read()
            except DeviceError as exc:
                self._fail_camera(str(exc))
                return
            now = time.monotonic()
            if frame is None:
                if now - last_frame_at > NO_FRAME_FAULT_S:
                    self._fail_camera("the camera stopped sending pictures")
                    return
                time.sleep(0.02)
                continue
            last_frame_at = now
            self.frames_read += 1
            with self._latest_lock:
                self._latest = frame
                self._latest_lock.notify_all()
            self.preview.emit(_to_qimage(frame))

    def _analyse(self, analyse: Callable[[np.ndarray, float], object]) -> None:
        while self._running.is_set():
            with self._latest_lock:
                while self._latest is None and self._running.is_set():
                    self._latest_lock.wait(0.1)
                frame, self._latest = self._latest, None
            if frame is None:
                continue
            try:
                result = analyse(frame, time.monotonic())
            except Exception as exc:  # reported to the screen, which offers the other ways
                log.exception("face worker failed")
                self._running.clear()
                self.worker_failed.emit(type(exc).__name__)
                return
            self.frames_analysed += 1
            if self._running.is_set():
                self.update.emit(result)

    def _fail_camera(self, detail: str) -> None:
        log.warning("camera: %s", detail)
        self._running.clear()
        self.camera_failed.emit(detail)


def _to_qimage(frame: np.ndarray) -> QImage:
    """A mirrored RGB copy at preview size: patients expect to see themselves as in a mirror."""
    import cv2

    height, width = frame.shape[:2]
    if width > PREVIEW_WIDTH:
        frame = cv2.resize(frame, (PREVIEW_WIDTH, round(height * PREVIEW_WIDTH / width)), interpolation=cv2.INTER_AREA)
    rgb = np.ascontiguousarray(cv2.flip(frame, 1)[:, :, ::-1])
    image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels; the numpy buffer goes away
