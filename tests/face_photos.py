"""Real photos from ../shared/faces for the face tests, and frames made from them.

Never copies a photo into the repository; tests that use these skip when the folder is absent.
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

SHARED_FACES = Path(__file__).resolve().parents[1].parent / "shared" / "faces"
needs_faces = pytest.mark.skipif(not SHARED_FACES.is_dir(),
                                 reason=f"{SHARED_FACES} is absent: the face tests need its real photos")

# A 320×240 camera-like frame of one person, framed the way the kiosk's quality gate wants.
KIOSK_FRAME = "barack_obama/obama_small.jpg"
ENROL_PHOTOS = ("barack_obama/obama-480p.jpg", "barack_obama/obama1.jpg", "barack_obama/obama_obama.jpg")
OTHER_PERSON = "joe_biden/biden.jpg"
GROUP = "_groups/two_people.jpg"


def photo(relative: str) -> np.ndarray:
    import cv2

    image = cv2.imdecode(np.fromfile(str(SHARED_FACES / relative), dtype=np.uint8), cv2.IMREAD_COLOR)
    assert image is not None, relative
    return image


@functools.cache
def shared_engine():
    """One loaded engine for the whole test run (loading dlib's models takes about a second)."""
    from kiosk.face.engine import FaceEngine

    engine = FaceEngine()
    engine.load()
    return engine


def head_turned(image: np.ndarray, towards_image_right: float = 0.6) -> np.ndarray:
    """The same face with the nose region pushed sideways, as a real head turn moves it.

    A flat photo turned in front of a camera cannot do this (it scales nose offset and eye distance
    alike); the warp stands in for a live person's head turn in journey tests.
    """
    import cv2

    points = shared_engine().analyse(image, gate=False).landmarks
    nose = points[27:36].mean(axis=0)
    eye_distance = float(np.linalg.norm(points[42:48].mean(axis=0) - points[36:42].mean(axis=0)))
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    weight = np.exp(-((xs - nose[0]) ** 2 + (ys - nose[1]) ** 2) / (2 * (0.6 * eye_distance) ** 2))
    return cv2.remap(image, xs - towards_image_right * eye_distance * weight, ys, cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REFLECT)


def kiosk_framed(relative: str) -> np.ndarray:
    """A photo cropped to 4:3 around its middle and scaled to 320×240, as the kiosk camera frames it."""
    import cv2

    image = photo(relative)
    height, width = image.shape[:2]
    if width / height > 4 / 3:
        keep = int(height * 4 / 3)
        image = image[:, (width - keep) // 2:(width - keep) // 2 + keep]
    else:
        keep = int(width * 3 / 4)
        image = image[(height - keep) // 2:(height - keep) // 2 + keep]
    return cv2.resize(image, (320, 240), interpolation=cv2.INTER_AREA)


def eyes_closed(image: np.ndarray, amount: float) -> np.ndarray:
    """The same face with the eyelids drawn over the eyes (0 open … ~0.8 shut), by warping the eye region.

    0.12 gives a half-closed eye (EAR ≈ 83 % of open), 0.8 a closed one (≈ 61 %) on KIOSK_FRAME.
    """
    import cv2

    points = shared_engine().analyse(image, gate=False).landmarks
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    source_y = ys.copy()
    for eye in (points[36:42], points[42:48]):
        cx, cy = eye.mean(axis=0)
        eye_width = float(np.linalg.norm(eye[3] - eye[0]))
        weight = np.exp(-(((xs - cx) / (0.9 * eye_width)) ** 2 + ((ys - cy) / (0.6 * eye_width)) ** 2))
        source_y += weight * (ys - cy) * amount * 1.5  # skin above and below is drawn towards the eye's middle
    return cv2.remap(image, xs, source_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def blink(image: np.ndarray) -> list[np.ndarray]:
    """A slow blink: the lids half down, shut for two frames, half up (a live eye passes through)."""
    half, shut = eyes_closed(image, 0.12), eyes_closed(image, 0.8)
    return [half, shut, shut, half]


def head_turn(image: np.ndarray, towards_image_right: float = 0.6) -> list[np.ndarray]:
    """A live head turn: through two in-between poses to the turned one (held by the caller)."""
    return [head_turned(image, towards_image_right * 0.35), head_turned(image, towards_image_right * 0.65)]


def live_person_frames() -> list[np.ndarray]:
    """A live person at the kiosk camera (play at fps=10): facing it for 4 s, a slow head turn to their
    left through two in-between poses, held 1.5 s, then looking at the camera with small movements."""
    frame = photo(KIOSK_FRAME)
    looking = [frame, head_turned(frame, 0.08), frame, head_turned(frame, -0.08)]
    return ([frame] * 40 + [pose for pose in head_turn(frame) for _ in range(8)] + [head_turned(frame)] * 15
            + looking * 15)
