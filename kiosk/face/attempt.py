"""One face attempt at the kiosk, frame by frame: position → liveness challenge → identification.

Pure logic over ``FaceEngine`` results, no threads and no Qt: the UI's face worker feeds it the latest
camera frame and shows the returned ``FaceUpdate``; tests feed photos and pass their own times.

- POSITIONING: the quality gate must pass on ``STEADY_FRAMES`` frames in a row (prompts say why not).
- CHALLENGE: the liveness check (baseline, then blink or head turn) — failing it ends in NOT_LIVE.
- IDENTIFYING: good frames are encoded and fused by the decision rule → IDENTIFIED / NOT_RECOGNISED.
Losing the face for more than ``CONTINUITY_S`` (or a second person appearing) after positioning sends
the attempt back to POSITIONING, so the live person and the identified person are the same one.
"""
from __future__ import annotations

import enum
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np

from kiosk.face.decision import IdentificationAttempt, Verdict
from kiosk.face.engine import FaceBox, FaceEngine, FrameAnalysis, Quality
from kiosk.face.gallery import FaceGallery
from kiosk.face.liveness import Challenge, LivenessCheck, LivenessState, choose_challenge
from kiosk.face.settings import FaceSettings

STEADY_FRAMES = 2
CONTINUITY_S = 1.5
ENROL_FRAMES = 3
ENROL_MIN_SPREAD = 0.02  # frames this close to one already taken add nothing


class Stage(str, enum.Enum):
    POSITIONING = "positioning"
    CHALLENGE = "challenge"
    IDENTIFYING = "identifying"
    IDENTIFIED = "identified"
    NOT_RECOGNISED = "not_recognised"
    NOT_LIVE = "not_live"

    @property
    def finished(self) -> bool:
        return self in (Stage.IDENTIFIED, Stage.NOT_RECOGNISED, Stage.NOT_LIVE)


@dataclass(frozen=True)
class FaceUpdate:
    """What the screen needs after one frame: the stage, why the frame was not good, and the result."""

    stage: Stage
    quality: Quality
    challenge: Challenge
    liveness: LivenessState
    face: FaceBox | None = None
    frame_size: tuple[int, int] = (0, 0)
    identity: str | None = None  # set when IDENTIFIED


class FaceAttempt:
    def __init__(self, engine: FaceEngine, gallery: FaceGallery, started_at: float,
                 within: Collection[str] | None = None, challenge: Challenge | None = None,
                 rng: random.Random | None = None, on_finished: Callable[[Stage], None] | None = None) -> None:
        self._engine = engine
        self._on_finished = on_finished  # told the outcome once (the kiosk's face metrics)
        self._gallery = gallery
        self._settings: FaceSettings = engine.settings
        self._within = within
        self.challenge = challenge or choose_challenge(self._settings.landmarks, rng)
        self.stage = Stage.POSITIONING
        self._steady = 0
        self._last_face_at = started_at
        self._liveness = LivenessCheck(self.challenge, started_at, self._settings.liveness_window_s)
        self._decision = IdentificationAttempt(self._settings)
        self.identity: str | None = None

    def feed(self, frame: np.ndarray, now: float) -> FaceUpdate:
        analysis = self._engine.analyse(frame)
        if not self.stage.finished:
            self._advance(analysis, now)
            if self.stage.finished and self._on_finished is not None:
                self._on_finished(self.stage)
        return FaceUpdate(self.stage, analysis.quality, self._liveness.challenge, self._liveness.state,
                          analysis.faces[0] if analysis.faces else None,
                          (analysis.frame_width, analysis.frame_height), self.identity)

    def _advance(self, analysis: FrameAnalysis, now: float) -> None:
        one_face = len(analysis.faces) == 1 and analysis.landmarks is not None
        if self.stage is not Stage.POSITIONING:
            if analysis.quality is Quality.SEVERAL_FACES or (not one_face and now - self._last_face_at > CONTINUITY_S):
                self._restart(now)
                return
        if one_face:
            self._last_face_at = now
        if self.stage is Stage.POSITIONING:
            self._steady = self._steady + 1 if analysis.usable else 0
            if self._steady >= STEADY_FRAMES:
                self.stage = Stage.CHALLENGE
                self._liveness = LivenessCheck(self.challenge, now, self._settings.liveness_window_s)
                self._liveness.feed(analysis, now)
        elif self.stage is Stage.CHALLENGE:
            state = self._liveness.feed(analysis, now)
            if state is LivenessState.PASSED:
                self.stage = Stage.IDENTIFYING
            elif state is LivenessState.FAILED:
                self.stage = Stage.NOT_LIVE
        elif self.stage is Stage.IDENTIFYING and analysis.usable:
            match = self._gallery.search(self._engine.encode(analysis), within=self._within)
            verdict = self._decision.add(match)
            if verdict is Verdict.ACCEPTED:
                self.identity = self._decision.identity
                self.stage = Stage.IDENTIFIED
            elif verdict is Verdict.REJECTED:
                self.stage = Stage.NOT_RECOGNISED

    def _restart(self, now: float) -> None:
        self.stage = Stage.POSITIONING
        self._steady = 0
        self._last_face_at = now
        self._liveness = LivenessCheck(self.challenge, now, self._settings.liveness_window_s)
        self._decision = IdentificationAttempt(self._settings)


class EnrolmentCapture:
    """Collects up to ``ENROL_FRAMES`` distinct good templates of one person for enrolment.

    Identical frames (a frozen or still image) add nothing; after ``3 × wanted`` good frames the
    capture ends with what it has, so it never waits forever.
    """

    def __init__(self, engine: FaceEngine, wanted: int = ENROL_FRAMES) -> None:
        self._engine = engine
        self.wanted = wanted
        self.good_frames = 0
        self.templates: list[np.ndarray] = []

    @property
    def complete(self) -> bool:
        return len(self.templates) >= self.wanted or (self.good_frames >= 3 * self.wanted and bool(self.templates))

    def feed(self, frame: np.ndarray) -> Quality:
        analysis = self._engine.analyse(frame)
        if analysis.usable and not self.complete:
            self.good_frames += 1
            vector = self._engine.encode(analysis)
            if all(np.linalg.norm(vector - kept) >= ENROL_MIN_SPREAD for kept in self.templates):
                self.templates.append(vector)
        return analysis.quality
