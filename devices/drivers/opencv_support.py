"""OpenCV helpers shared by the camera drivers: a lazy import with an install hint, and frame pacing."""
from __future__ import annotations

import threading
import time
from types import ModuleType

from devices.base import DriverNotFound

OPENCV_INSTALL_HINT = "install it with: pip install opencv-python-headless"


def require_cv2(driver_words: str) -> ModuleType:
    try:
        import cv2
    except ImportError:
        raise DriverNotFound(f"the {driver_words} needs OpenCV, which is not installed — {OPENCV_INSTALL_HINT}") from None
    return cv2


class FramePacer:
    """Spaces calls ``1/fps`` seconds apart, as a real camera would; ``fps <= 0`` never waits."""

    def __init__(self, fps: float):
        self.fps = fps
        self._next_at = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if self.fps <= 0:
            return
        now = time.monotonic()
        with self._lock:
            due = max(self._next_at, now)
            self._next_at = due + 1.0 / self.fps
        if due > now:
            time.sleep(due - now)
