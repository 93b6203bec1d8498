"""``file:`` camera: plays an image, a folder of images or a video file through OpenCV, looping.

Examples: ``file:demo/faces.mp4`` (relative to the working directory), ``file:/abs/dir``,
``file:///abs/photo.png``. Parameters: ``fps=`` (default: the video's own rate, 10 for images;
``0`` returns frames as fast as asked), ``loop=1`` (``0``: ``read()`` returns None after the last
frame and health turns degraded), ``width=``/``height=`` (resize every frame).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from devices.base import Device, DeviceError, DeviceUrlError, DeviceUrl, Health
from devices.drivers.opencv_support import FramePacer, require_cv2
from devices.urlparams import choice_param, float_param, int_param
from devices.words import Words

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")


class FileCamera(Device):
    kind = "camera"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        if not url.target:
            raise DeviceUrlError(f"'{url.raw}': the file camera needs a path, e.g. file:demo/faces.mp4")
        self.path = Path(url.target).expanduser()
        self.loop = choice_param(url, "loop", ("0", "1"), "1") == "1"
        self._fps_param = float_param(url, "fps", -1.0, high=1000.0)
        self.size = (int_param(url, "width", 0, low=0), int_param(url, "height", 0, low=0))
        self.frames_served = 0
        self._cv2: Any = None
        self._images: list[Path] = []
        self._cached_image: np.ndarray | None = None
        self._capture: Any = None
        self._position = 0
        self._ended = False
        self._problem = ""
        self._pacer = FramePacer(0)

    def _open(self) -> None:
        self._cv2 = require_cv2("file camera")
        if not self.path.exists():
            raise DeviceError(f"camera file '{self.path}' does not exist")
        native_fps = 10.0
        if self.path.is_dir():
            self._images = sorted(p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            if not self._images:
                raise DeviceError(f"camera folder '{self.path}' holds no images ({', '.join(IMAGE_SUFFIXES)})")
        elif self.path.suffix.lower() in IMAGE_SUFFIXES:
            self._cached_image = self._decode(self.path)
            if self._cached_image is None:
                raise DeviceError(f"camera image '{self.path}' could not be read — is it a valid image?")
        else:
            self._capture = self._open_video()
            reported = self._capture.get(self._cv2.CAP_PROP_FPS)
            native_fps = reported if 0 < reported < 1000 else 25.0
        self._pacer = FramePacer(native_fps if self._fps_param < 0 else self._fps_param)
        self._position, self._ended, self._problem = 0, False, ""

    def _close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
        self._cached_image = None

    def read(self) -> np.ndarray | None:
        if not self.is_open:
            raise DeviceError("the file camera is not open")
        self._pacer.wait()
        with self._lock:
            if self._ended:
                return None
            if self._capture is not None:
                frame = self._next_video_frame()
            elif self._images:
                frame = self._next_folder_image()
            else:
                frame = self._cached_image.copy()
            if frame is None:
                return None
            self._problem = ""
            self.frames_served += 1
            self.count("read")
            return self._resized(frame)

    def _next_video_frame(self) -> np.ndarray | None:
        ok, frame = self._capture.read()
        if ok:
            return frame
        if not self.loop:
            self._ended = True
            return None
        # Reopening is more reliable than seeking back for many containers.
        self._capture.release()
        self._capture = self._open_video()
        ok, frame = self._capture.read()
        if not ok:
            self._problem = f"video '{self.path}' has no readable frames"
            self.last_error = self._problem
            self.count("read_failures")
            return None
        return frame

    def _next_folder_image(self) -> np.ndarray | None:
        if self._position >= len(self._images):
            if not self.loop:
                self._ended = True
                return None
            self._position = 0
        path = self._images[self._position]
        self._position += 1
        frame = self._decode(path)
        if frame is None:
            self._problem = f"image '{path.name}' could not be read"
            self.last_error = self._problem
            self.count("read_failures")
        return frame

    def _open_video(self) -> Any:
        capture = self._cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            raise DeviceError(f"'{self.path}' is neither an image nor a video OpenCV can read")
        return capture

    def _decode(self, path: Path) -> np.ndarray | None:
        # imdecode copes with any file name; imread does not on every platform.
        data = np.fromfile(str(path), dtype=np.uint8)
        return self._cv2.imdecode(data, self._cv2.IMREAD_COLOR) if data.size else None

    def _resized(self, frame: np.ndarray) -> np.ndarray:
        width, height = self.size
        if not width and not height:
            return frame
        frame_height, frame_width = frame.shape[:2]
        width = width or round(frame_width * height / frame_height)
        height = height or round(frame_height * width / frame_width)
        return self._cv2.resize(frame, (width, height), interpolation=self._cv2.INTER_AREA)

    def _health(self) -> Health:
        if self._problem:
            return Health.fault(self._problem)
        if self._ended:
            return Health.degraded(Words(f"end of '{self.path.name}' reached (loop=0)", "camera.file_ended",
                                         file=self.path.name))
        return Health.ok(Words(f"playing '{self.path.name}'", "camera.file_playing", file=self.path.name))
