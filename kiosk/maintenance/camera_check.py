"""Live camera self-test: pictures a few times a second with face boxes and the face engine's quality
scores (size, sharpness, brightness, frontal), so a technician can see why check-in would refuse.

``LiveCameraCheck`` runs one thread: at most ``fps`` times a second it reads a frame, analyses it with
the same ``FaceEngine.analyse`` and thresholds check-in uses, and hand a small copy of the frame
plus a ``CameraReading`` to ``on_reading``. The frame is dropped right after; nothing is stored.
``on_reading`` runs on that thread: a Qt caller turns it into a signal. No Qt here.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from devices.base import DeviceError
from kiosk.face.engine import FaceBox, FaceEngine, FrameAnalysis, Quality
from kiosk.face.settings import FaceSettings

DEFAULT_FPS = 8.0
SHOWN_WIDTH = 480  # pictures are scaled down to this before they leave the thread
NO_FRAME_GIVE_UP_S = 3.0


@dataclass(frozen=True)
class QualityScore:
    """One measurement against the check-in thresholds: ``low``..``high`` is what passes."""

    name: str  # size | sharpness | brightness | frontal
    value: float
    low: float | None
    high: float | None

    @property
    def ok(self) -> bool:
        return (self.low is None or self.value >= self.low) and (self.high is None or self.value <= self.high)


@dataclass(frozen=True)
class CameraReading:
    quality: Quality  # what check-in would say about this frame (ok, no_face, too_dark …)
    faces: tuple[FaceBox, ...]  # in the shown picture's pixels
    scores: tuple[QualityScore, ...]  # empty when no single face could be measured
    frame_number: int
    measured: bool  # False when the face engine is not available: picture only


def quality_scores(analysis: FrameAnalysis, settings: FaceSettings) -> tuple[QualityScore, ...]:
    """The four numbers check-in's quality gate looks at, with its thresholds."""
    face = analysis.face
    if face is None or analysis.frame_width == 0:
        return ()
    scores = [QualityScore("size", face.width / analysis.frame_width, settings.min_face_fraction,
                           settings.max_face_fraction)]
    if analysis.sharpness is not None:
        scores.append(QualityScore("sharpness", analysis.sharpness, settings.min_sharpness, None))
    if analysis.brightness is not None:
        scores.append(QualityScore("brightness", analysis.brightness, settings.min_brightness,
                                   settings.max_brightness))
    if analysis.yaw is not None:
        scores.append(QualityScore("frontal", abs(analysis.yaw), None, settings.max_yaw))
    return tuple(scores)


def read_frame(frame: np.ndarray, engine: FaceEngine | None, frame_number: int) -> tuple[np.ndarray, CameraReading]:
    """Analyse one frame (blocking, ~50 ms at 640×480) and return the small picture and its reading."""
    import cv2

    height, width = frame.shape[:2]
    scale = min(1.0, SHOWN_WIDTH / width)
    shown = frame if scale == 1.0 else cv2.resize(frame, (round(width * scale), round(height * scale)),
                                                  interpolation=cv2.INTER_AREA)
    if engine is None:
        return shown, CameraReading(Quality.OK, (), (), frame_number, measured=False)
    analysis = engine.analyse(frame).release_pixels()
    faces = tuple(FaceBox(round(b.left * scale), round(b.top * scale), round(b.right * scale),
                          round(b.bottom * scale)) for b in analysis.faces)
    return shown, CameraReading(analysis.quality, faces, quality_scores(analysis, engine.settings), frame_number,
                                measured=True)


class LiveCameraCheck:
    def __init__(self, camera: Any, engine: FaceEngine | None,
                 on_reading: Callable[[np.ndarray, CameraReading], None],
                 on_failed: Callable[[str], None], fps: float = DEFAULT_FPS,
                 on_finished: Callable[[int], None] | None = None) -> None:
        """``on_finished(readings)`` runs on the thread as it ends (stopped or failed), e.g. to audit."""
        self._camera = camera
        self._engine = engine
        self._on_reading = on_reading
        self._on_failed = on_failed
        self._on_finished = on_finished
        self._interval = 1.0 / fps
        self._running = threading.Event()
        self._thread: threading.Thread | None = None
        self.readings = 0

    @property
    def running(self) -> bool:
        return self._running.is_set()

    def start(self) -> None:
        self.stop()
        self._running.set()
        self._thread = threading.Thread(target=self._loop, name="camera-live-check", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._running.clear()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _loop(self) -> None:
        try:
            self._read_until_stopped()
        finally:
            if self._on_finished is not None:
                self._on_finished(self.readings)

    def _read_until_stopped(self) -> None:
        next_at = time.monotonic()
        last_frame_at = next_at
        while self._running.is_set():
            wait = next_at - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, 0.05))  # not due yet; short naps so stop() is quick
                continue
            try:
                frame = self._camera.read()
            except DeviceError as exc:
                return self._fail(str(exc) or type(exc).__name__)
            now = time.monotonic()
            if frame is None:
                if now - last_frame_at > NO_FRAME_GIVE_UP_S:
                    return self._fail("the camera stopped sending pictures")
                time.sleep(0.02)
                continue
            last_frame_at = now
            next_at = now + self._interval
            try:
                shown, reading = read_frame(frame, self._engine, self.readings + 1)
            except Exception as exc:  # the engine failing must end the test with words, not hang it
                return self._fail(f"{type(exc).__name__}: {exc}")
            del frame
            self.readings += 1
            if self._running.is_set():
                self._on_reading(shown, reading)

    def _fail(self, detail: str) -> None:
        self._running.clear()
        self._on_failed(detail)
