"""The face pipeline on one frame: detect (HOG, downscaled), quality gate, landmarks, encoding.

dlib's HOG detector runs on a copy of the frame scaled down to ``detect_width`` with upsample 0
(12 ms at 320×240 against 197 ms for the library default of upsample 1 at 640×480); landmarks and the
encoding (kiosk/face/encoders.py) use the full-resolution frame, so quality is not lost to the downscale. The
engine never keeps a frame after ``analyse``/``encode`` return and never writes one anywhere.

Blocking and single-threaded: call from the face worker, one engine per worker.
"""
from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.face.encoders import FaceEncoder, FaceModelsMissing, make_encoder
from kiosk.face.settings import FaceSettings

ENCODING_SIZE = 128  # dlib ResNet's; other encoders say theirs (``FaceEngine.dimensions``)


class Quality(str, enum.Enum):
    """Why a frame cannot be used yet; each value maps to one plain-words prompt on screen."""

    OK = "ok"
    BLANK_FRAME = "blank_frame"  # black or uniform: lens covered, camera not delivering
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    TOO_SMALL = "too_small"  # come closer
    TOO_BIG = "too_big"  # step back a little
    OFF_CENTRE = "off_centre"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    BLURRY = "blurry"  # hold still
    TURNED_AWAY = "turned_away"  # look straight at the camera


@dataclass(frozen=True)
class FaceBox:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass(frozen=True)
class FrameAnalysis:
    """What one frame says about the person in front of the kiosk (no pixels kept beyond encoding)."""

    quality: Quality
    faces: tuple[FaceBox, ...]
    frame_width: int
    frame_height: int
    landmarks: np.ndarray | None = None  # N×2 float32, full-frame pixels, of the one face
    eye_aspect_ratio: float | None = None  # None with the 5-point model
    yaw: float | None = None  # nose offset from the eyes' middle / eye distance; + = towards image right
    brightness: float | None = None
    sharpness: float | None = None
    _shape: Any = field(default=None, repr=False, compare=False)
    _rgb: Any = field(default=None, repr=False, compare=False)

    @property
    def usable(self) -> bool:
        return self.quality is Quality.OK

    @property
    def face(self) -> FaceBox | None:
        return self.faces[0] if len(self.faces) == 1 else None

    def release_pixels(self) -> "FrameAnalysis":
        """The same analysis without the frame it came from."""
        return FrameAnalysis(self.quality, self.faces, self.frame_width, self.frame_height, self.landmarks,
                             self.eye_aspect_ratio, self.yaw, self.brightness, self.sharpness)


class FaceEngine:
    def __init__(self, settings: FaceSettings | None = None) -> None:
        self.settings = settings or FaceSettings()
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, Any, FaceEncoder] | None = None

    @property
    def dimensions(self) -> int:
        from kiosk.face.encoders import encoder_dimensions

        return encoder_dimensions(self.settings.encoder)

    # --- models ---------------------------------------------------------------------------

    def load(self) -> None:
        """Load dlib's detector, landmark model and the configured encoder (~1 s); later calls return at once."""
        self._models()

    def _models(self) -> tuple[Any, Any, Any, FaceEncoder]:
        with self._lock:
            if self._loaded is None:
                try:
                    import cv2
                    import dlib
                    import face_recognition_models as models
                except ImportError as exc:
                    raise FaceModelsMissing(f"face recognition is not installed ({exc.name}); run 'make setup'") from exc
                landmark_file = (models.pose_predictor_model_location() if self.settings.landmarks == "68"
                                 else models.pose_predictor_five_point_model_location())
                self._loaded = (
                    cv2,
                    dlib.get_frontal_face_detector(),
                    dlib.shape_predictor(landmark_file),
                    make_encoder(self.settings.encoder),
                )
            return self._loaded

    # --- per frame ------------------------------------------------------------------------

    def detect(self, frame_bgr: np.ndarray) -> tuple[FaceBox, ...]:
        """Faces in the frame, largest first, in full-frame pixels."""
        cv2, detector, _, _ = self._models()
        height, width = frame_bgr.shape[:2]
        grey = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
        scale = min(1.0, self.settings.detect_width / width)
        small = grey if scale == 1.0 else cv2.resize(grey, (round(width * scale), round(height * scale)),
                                                     interpolation=cv2.INTER_AREA)
        rects = detector(small, self.settings.upsample)
        boxes = [
            FaceBox(max(0, round(r.left() / scale)), max(0, round(r.top() / scale)),
                    min(width, round(r.right() / scale)), min(height, round(r.bottom() / scale)))
            for r in rects
        ]
        return tuple(sorted(boxes, key=lambda b: b.width * b.height, reverse=True))

    def analyse(self, frame_bgr: np.ndarray, *, gate: bool = True) -> FrameAnalysis:
        """Detect and measure one frame. ``gate=False`` (photo evaluation, enrolment from a still
        picture) skips the kiosk's distance/centring rules and measures the largest face."""
        cv2, _, predictor, _ = self._models()
        if frame_bgr is None or frame_bgr.ndim != 3 or frame_bgr.shape[2] != 3 or frame_bgr.size == 0:
            return FrameAnalysis(Quality.BLANK_FRAME, (), 0, 0)
        height, width = frame_bgr.shape[:2]
        if float(frame_bgr.std()) < 4.0:
            return FrameAnalysis(Quality.BLANK_FRAME, (), width, height)
        faces = self.detect(frame_bgr)
        if not faces:
            return FrameAnalysis(Quality.NO_FACE, (), width, height)
        if len(faces) > 1 and gate:
            return FrameAnalysis(Quality.SEVERAL_FACES, faces, width, height)
        face = faces[0]
        rgb = np.ascontiguousarray(frame_bgr[:, :, ::-1])
        shape = predictor(rgb, _dlib_rect(face))
        points = np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float32)
        grey = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
        crop = grey[face.top:face.bottom, face.left:face.right]
        brightness = float(crop.mean()) if crop.size else 0.0
        sharpness = float(cv2.Laplacian(cv2.resize(crop, (96, 96), interpolation=cv2.INTER_AREA), cv2.CV_64F).var()) if crop.size else 0.0
        analysis = FrameAnalysis(
            Quality.OK, (face,), width, height, points,
            eye_aspect_ratio(points) if len(points) == 68 else None, head_yaw(points),
            brightness, sharpness, shape, rgb,
        )
        quality = self._judge(analysis) if gate else Quality.OK
        if quality is Quality.OK:
            return analysis
        return FrameAnalysis(quality, (face,), width, height, points, analysis.eye_aspect_ratio, analysis.yaw,
                             brightness, sharpness, shape, rgb)  # still encodable: the attempt checks who it is

    def _judge(self, analysis: FrameAnalysis) -> Quality:
        s = self.settings
        face = analysis.faces[0]
        fraction = face.width / analysis.frame_width
        if fraction < s.min_face_fraction:
            return Quality.TOO_SMALL
        if fraction > s.max_face_fraction:
            return Quality.TOO_BIG
        cx, cy = face.centre
        if (abs(cx / analysis.frame_width - 0.5) > s.max_centre_offset
                or abs(cy / analysis.frame_height - 0.5) > s.max_centre_offset + 0.08):
            return Quality.OFF_CENTRE
        if analysis.brightness is not None and analysis.brightness < s.min_brightness:
            return Quality.TOO_DARK
        if analysis.brightness is not None and analysis.brightness > s.max_brightness:
            return Quality.TOO_BRIGHT
        if analysis.sharpness is not None and analysis.sharpness < s.min_sharpness:
            return Quality.BLURRY
        if analysis.yaw is not None and abs(analysis.yaw) > s.max_yaw:
            return Quality.TURNED_AWAY
        return Quality.OK

    def encode(self, analysis: FrameAnalysis) -> np.ndarray:
        """The template of the analysed face (float32); the analysis must be usable."""
        if analysis._shape is None or analysis._rgb is None:
            raise ValueError("this frame has no measurable face to encode (check analysis.usable first)")
        _, _, _, encoder = self._models()
        return encoder.encode(analysis._rgb, analysis._shape, self.settings.jitters)

    def encode_photo(self, image_bgr: np.ndarray) -> np.ndarray | None:
        """Largest face of a still photo, ungated (evaluation, staff enrolment); None when no face."""
        analysis = self.analyse(image_bgr, gate=False)
        if analysis._shape is None:
            return None
        return self.encode(analysis)


def _dlib_rect(box: FaceBox) -> Any:
    import dlib

    return dlib.rectangle(box.left, box.top, box.right, box.bottom)


def eye_aspect_ratio(points: np.ndarray) -> float:
    """Mean eye aspect ratio of both eyes (68-point model): falls towards 0 when the eyes close."""

    def one(eye: np.ndarray) -> float:
        vertical = np.linalg.norm(eye[1] - eye[5]) + np.linalg.norm(eye[2] - eye[4])
        horizontal = np.linalg.norm(eye[0] - eye[3])
        return float(vertical / (2.0 * horizontal)) if horizontal > 0 else 0.0

    return (one(points[36:42]) + one(points[42:48])) / 2.0


def head_yaw(points: np.ndarray) -> float:
    """How far the nose sits from the eyes' midpoint, in eye distances (0 = facing the camera).

    A flat photo turned in front of the camera shrinks all horizontal distances alike, so this ratio
    barely moves for a photo while a real head turn of 15–30° moves it by 0.2–0.5.
    """
    if len(points) == 68:
        left_eye, right_eye, nose = points[36:42].mean(axis=0), points[42:48].mean(axis=0), points[30]
    else:  # dlib 5-point: 0-1 one eye's corners, 2-3 the other's, 4 below the nose
        left_eye, right_eye, nose = points[2:4].mean(axis=0), points[0:2].mean(axis=0), points[4]
    eye_distance = float(np.linalg.norm(right_eye - left_eye))
    if eye_distance <= 0:
        return 0.0
    middle = (left_eye + right_eye) / 2.0
    return float((nose[0] - middle[0]) / eye_distance)
