"""``opencv:`` camera: a webcam through ``cv2.VideoCapture``.

Examples: ``opencv:0`` (device index), ``opencv:/dev/video2`` (device path), ``opencv:0?width=1280&
height=720&fps=30`` (asked of the camera; it may pick the nearest mode it supports).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from devices.base import Device, DeviceError, DeviceUrl, Health
from devices.drivers.opencv_support import require_cv2
from devices.urlparams import float_param, int_param
from devices.words import Words


class OpenCVCamera(Device):
    kind = "camera"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        target = url.target or "0"
        self.source: int | str = int(target) if target.isdigit() else target
        self.requested_width = int_param(url, "width", 0, low=0)
        self.requested_height = int_param(url, "height", 0, low=0)
        self.requested_fps = float_param(url, "fps", 0.0, low=0.0)
        self.frames_served = 0
        self._capture: Any = None
        self._failing = False

    def _open(self) -> None:
        cv2 = require_cv2("webcam driver")
        capture = cv2.VideoCapture(self.source)
        if not capture.isOpened():
            capture.release()
            raise DeviceError(f"camera {self.source} could not be opened — is it plugged in?")
        for prop, value in ((cv2.CAP_PROP_FRAME_WIDTH, self.requested_width),
                            (cv2.CAP_PROP_FRAME_HEIGHT, self.requested_height),
                            (cv2.CAP_PROP_FPS, self.requested_fps)):
            if value:
                capture.set(prop, value)
        self._capture = capture
        self._failing = False

    def _close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def read(self) -> np.ndarray | None:
        """The next frame (blocks until the camera delivers one), or None when it sends nothing."""
        with self._lock:
            if self._capture is None:
                raise DeviceError(f"camera {self.source} is not open")
            ok, frame = self._capture.read()
            if not ok or frame is None:
                self._failing = True
                self.last_error = Words("camera stopped sending frames", "camera.no_frames")
                self.count("read_failures")
                return None
            self._failing = False
            self.frames_served += 1
            self.count("read")
            return frame

    def _health(self) -> Health:
        if self._failing:
            return Health.fault(Words("camera stopped sending frames", "camera.no_frames"))
        return Health.ok(Words(f"camera {self.source}, {self.frames_served} frames so far", "camera.ok",
                               source=self.source, frames=self.frames_served))
