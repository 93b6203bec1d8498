"""Every tunable of the face pipeline in one frozen value, with the defaults the kiosk ships.

The decision numbers (``threshold``, ``margin``) were measured on ../shared/faces with
``benchmarks/face_bench.py`` / ``onevisit faces evaluate``: 0.6 (face_recognition's default) let
different people match, 0.5 missed too many genuine probes with one gallery photo; see the README of
the benchmark output for the figures behind the chosen values.
"""
from __future__ import annotations

from dataclasses import dataclass

LANDMARK_MODELS = ("68", "5")


@dataclass(frozen=True)
class FaceSettings:
    # detection: HOG, upsample 0, on a copy scaled down to this width (12 ms at 320, 50 ms at 640); HOG
    # finds faces of ≥ 80 px there, so at 400 a face must fill ≥ 20 % of the frame width
    detect_width: int = 400
    upsample: int = 0
    # "68": eye contours, so blinks can be measured (iBUG 300-W, non-commercial terms);
    # "5": eye corners and nose only (no licence restriction) — liveness then uses head turns only.
    landmarks: str = "68"
    jitters: int = 1
    # quality gate, in fractions of the full frame
    min_face_fraction: float = 0.22  # face width / frame width below this: "come closer"
    max_face_fraction: float = 0.75  # above this: "step back a little"
    max_centre_offset: float = 0.22  # face centre this far (fraction of frame) from the middle: "move to the middle"
    min_brightness: float = 55.0  # mean grey level of the face box (0..255)
    max_brightness: float = 215.0
    min_sharpness: float = 12.0  # variance of the Laplacian on a 96×96 grey face crop
    max_yaw: float = 0.35  # |nose offset| / eye distance; larger means the head is turned away
    # liveness: how long the patient has for the challenge (long: elderly people move slowly)
    liveness_window_s: float = 15.0
    # decision rule (see module docstring)
    threshold: float = 0.45
    margin: float = 0.06
    min_agreeing_frames: int = 2
    max_frames_per_attempt: int = 6
    # galleries larger than this ask a second factor (birth month/day or last 4 phone digits) first
    second_factor_above: int = 2000
    max_templates_per_person: int = 5

    def __post_init__(self) -> None:
        if self.landmarks not in LANDMARK_MODELS:
            raise ValueError(f"landmarks must be one of {LANDMARK_MODELS}, not {self.landmarks!r}")
        if not 0 < self.threshold < 1.5 or not 0 <= self.margin < 1:
            raise ValueError("threshold must be in (0, 1.5) and margin in [0, 1)")
        if self.min_agreeing_frames < 1 or self.max_frames_per_attempt < self.min_agreeing_frames:
            raise ValueError("max_frames_per_attempt must be at least min_agreeing_frames (≥ 1)")
