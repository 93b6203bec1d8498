"""Every tunable of the face pipeline in one frozen value, with the defaults the kiosk ships.

The decision numbers (``threshold``, ``margin``) belong to the encoder (each has its own distance
scale): ``FaceSettings.for_encoder`` takes the measured ones from ``ENCODER_DEFAULTS``; the figures
behind them are in the README (``onevisit faces evaluate`` / ``benchmarks/face_bench.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.face.encoders import ENCODER_DEFAULTS, ENCODER_NAMES

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
    # the whole attempt, from the first good frame to the verdict, ends after this many seconds
    max_attempt_s: float = 20.0
    # an identification attempt with no face in any frame for this long ends (NO_FACE): the screen
    # then offers the other ways instead of waiting for the idle timeout
    no_face_timeout_s: float = 20.0
    # the same tracked face: box centre may move at most this many box widths between analysed frames,
    # and a template may lie at most this far from the attempt's first one (encoder distance units)
    max_box_shift: float = 0.6
    max_template_jump: float = 0.40
    # which encoder turns a face into a template (kiosk/face/encoders.py)
    encoder: str = "dlib-resnet"
    # decision rule (see kiosk/face/decision.py)
    threshold: float = 0.32
    margin: float = 0.06
    min_agreeing_frames: int = 2
    max_frames_per_attempt: int = 6
    # open 1:N search up to this many enrolled people; above it a second factor (birth month/day or the
    # phone's last 4 digits) first. The measured default per encoder: kiosk/face/policy.py, README
    open_search_max: int = 9
    max_templates_per_person: int = 5

    @classmethod
    def for_encoder(cls, encoder: str = "dlib-resnet", **overrides) -> "FaceSettings":
        """The settings with the encoder's measured threshold, margin, template-jump and 1:N limit."""
        if encoder not in ENCODER_DEFAULTS:
            raise ValueError(f"encoder must be one of {ENCODER_NAMES}, not {encoder!r}")
        measured = ENCODER_DEFAULTS[encoder]
        base = cls(encoder=encoder, threshold=measured.threshold, margin=measured.margin,
                   max_template_jump=measured.template_jump, open_search_max=measured.open_search_max)
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    @classmethod
    def from_config(cls, config) -> "FaceSettings":
        """The kiosk's face settings from its ``KioskConfig`` ("auto" values: the encoder's measured ones)."""
        return cls.for_encoder(config.face_encoder, landmarks=config.face_landmarks,
                               threshold=config.face_threshold, margin=config.face_margin,
                               open_search_max=config.face_second_factor_above,
                               max_attempt_s=float(config.face_max_attempt_s),
                               no_face_timeout_s=float(config.face_no_face_timeout_s))

    def __post_init__(self) -> None:
        if self.encoder not in ENCODER_NAMES:
            raise ValueError(f"encoder must be one of {ENCODER_NAMES}, not {self.encoder!r}")
        if self.landmarks not in LANDMARK_MODELS:
            raise ValueError(f"landmarks must be one of {LANDMARK_MODELS}, not {self.landmarks!r}")
        if not 0 < self.threshold < 2 or not 0 <= self.margin < 1:
            raise ValueError("threshold must be in (0, 2) and margin in [0, 1)")
        if self.min_agreeing_frames < 1 or self.max_frames_per_attempt < self.min_agreeing_frames:
            raise ValueError("max_frames_per_attempt must be at least min_agreeing_frames (≥ 1)")
