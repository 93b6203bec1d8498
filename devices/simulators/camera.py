"""Simulated camera: synthetic moving-gradient frames, or a list of frames a test supplies.

URL parameters: ``width=640``, ``height=480``, ``fps=30`` (``read()`` paces itself like a real camera;
``fps=0`` returns at once), plus the common faults and ``fail=no_frames`` (``read()`` returns None and
health is fault "camera stopped sending frames").

Test hooks: ``play(frames, loop=True)``, ``play_synthetic()``, ``set_size(width, height)``,
``frames_served``.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from devices.base import DeviceError, DeviceUrl, Health
from devices.drivers.opencv_support import FramePacer
from devices.simulators.common import COMMON_FAILURES, SimulatedDevice
from devices.urlparams import float_param, int_param
from devices.words import Words


class SimCamera(SimulatedDevice):
    kind = "camera"
    FAULTS = {"fail": COMMON_FAILURES + ("no_frames",)}
    FAULT_DETAIL = "the camera reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.width = int_param(url, "width", 640, low=16, high=7680)
        self.height = int_param(url, "height", 480, low=16, high=4320)
        self.fps = float_param(url, "fps", 30.0, low=0.0, high=1000.0)
        self.frames_served = 0
        self._playlist: list[np.ndarray] = []
        self._loop_playlist = True
        self._playlist_pos = 0
        self._pacer = FramePacer(self.fps)

    def set_size(self, width: int, height: int) -> None:
        """Change the size of synthetic frames (a supplied playlist keeps its own sizes)."""
        if width < 16 or height < 16:
            raise DeviceError(f"a simulated frame must be at least 16×16, not {width}×{height}")
        with self._lock:
            self.width, self.height = width, height

    def play(self, frames: Sequence[np.ndarray], loop: bool = True) -> None:
        """Serve these BGR frames in order instead of synthetic ones; without loop, None after the last."""
        checked = []
        for index, frame in enumerate(frames):
            if not (isinstance(frame, np.ndarray) and frame.ndim == 3 and frame.shape[2] == 3):
                raise DeviceError(f"frame {index} is not an H×W×3 array")
            checked.append(np.ascontiguousarray(frame, dtype=np.uint8))
        if not checked:
            raise DeviceError("play() needs at least one frame")
        with self._lock:
            self._playlist = checked
            self._loop_playlist = loop
            self._playlist_pos = 0

    def play_synthetic(self) -> None:
        with self._lock:
            self._playlist = []

    def read(self) -> np.ndarray | None:
        self._begin("read")
        self._pacer.wait()
        with self._lock:
            if self.fault("fail") == "no_frames":
                self.count("read_failures")
                return None
            if self._playlist:
                frame = self._next_from_playlist()
            else:
                frame = synthetic_frame(self.width, self.height, self.frames_served)
            if frame is not None:
                self.frames_served += 1
            return frame

    def _next_from_playlist(self) -> np.ndarray | None:
        if self._playlist_pos >= len(self._playlist):
            if not self._loop_playlist:
                return None
            self._playlist_pos = 0
        frame = self._playlist[self._playlist_pos]
        self._playlist_pos += 1
        return frame.copy()

    def _sim_open(self) -> None:
        self._pacer = FramePacer(self.fps)

    def _sim_health(self) -> Health:
        if self.fault("fail") == "no_frames":
            return Health.fault(Words("camera stopped sending frames (simulated)", "sim.no_frames"))
        return Health.ok(Words(f"simulated {self.width}×{self.height}", "sim.camera_ok",
                               width=self.width, height=self.height))


@functools.cache
def _optional_cv2():
    try:
        import cv2
    except ImportError:
        return None
    return cv2


def synthetic_frame(width: int, height: int, counter: int) -> np.ndarray:
    """A BGR gradient that moves with ``counter``, with the counter written on it when OpenCV is present."""
    xs = (np.arange(width, dtype=np.uint32) * 255 // max(width - 1, 1) + counter * 4) % 256
    ys = np.arange(height, dtype=np.uint32) * 255 // max(height - 1, 1)
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[:, :, 0] = xs[np.newaxis, :]
    frame[:, :, 1] = ys[:, np.newaxis]
    frame[:, :, 2] = (counter * 3) % 256
    cv2 = _optional_cv2()
    if cv2 is None:
        return frame
    scale = max(height / 480, 0.3)
    cv2.putText(frame, f"SIM {counter}", (int(12 * scale), int(48 * scale)), cv2.FONT_HERSHEY_SIMPLEX,
                1.2 * scale, (255, 255, 255), max(int(2 * scale), 1), cv2.LINE_AA)
    return frame


def frame_showing(picture: np.ndarray, width: int = 640, height: int = 480, size: float = 0.45,
                  tilt: float = 0.15, blur_sigma: float = 1.2, counter: int = 0) -> np.ndarray:
    """A camera frame in which ``picture`` (a printed label or slip, grey or BGR) is held up to the
    lens: ``size`` of the frame's height, leaning back by ``tilt`` (perspective), slightly out of focus,
    over the moving synthetic background. Without OpenCV it is pasted flat. For ``play()``."""
    frame = synthetic_frame(width, height, counter)
    if picture.ndim == 2:
        picture = np.repeat(picture[:, :, np.newaxis], 3, axis=2)
    side = max(int(height * size), 16)
    cv2 = _optional_cv2()
    if cv2 is None:
        step_y, step_x = max(picture.shape[0] // side, 1), max(picture.shape[1] // side, 1)
        small = picture[::step_y, ::step_x][:side, :side]
        top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
        frame[top:top + small.shape[0], left:left + small.shape[1]] = small
        return frame
    source = np.float32([[0, 0], [picture.shape[1], 0], [picture.shape[1], picture.shape[0]], [0, picture.shape[0]]])
    left, top = (width - side) / 2, (height - side) / 2
    inset = side * tilt / 2  # the far (top) edge looks narrower
    target = np.float32([[left + inset, top], [left + side - inset, top], [left + side, top + side], [left, top + side]])
    warp = cv2.getPerspectiveTransform(source, target)
    cv2.warpPerspective(np.ascontiguousarray(picture, dtype=np.uint8), warp, (width, height), dst=frame,
                        borderMode=cv2.BORDER_TRANSPARENT, flags=cv2.INTER_AREA)
    if blur_sigma > 0:
        frame = cv2.GaussianBlur(frame, (0, 0), blur_sigma)
    return frame
