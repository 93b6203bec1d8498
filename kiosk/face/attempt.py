"""One face attempt at the kiosk, frame by frame: position → liveness challenge → identification,
all by ONE tracked face.

Pure logic over ``FaceEngine`` results, no threads and no Qt: the UI's face worker feeds it the latest
camera frame and shows the returned ``FaceUpdate``; tests feed frames and pass their own times.

- POSITIONING: the quality gate must pass on ``STEADY_FRAMES`` frames in a row (prompts say why not).
  The face is then *tracked*: its box, and a reference template encoded from that frame.
- CHALLENGE: the liveness check (kiosk/face/liveness.py) — failing it ends in NOT_LIVE.
- IDENTIFYING: good frames are encoded and fused by the decision rule → IDENTIFIED / NOT_RECOGNISED.

From positioning to the verdict the face must stay the same one (``FaceTrack``): its box may move
only a little between frames, and a template is re-encoded and must lie within ``max_template_jump``
of the reference on the first frame after the face was lost, on every identifying frame, and at least
every ``CHECK_EVERY_S`` while the face looks at the camera during the challenge. (A turned head changes
the template more than a jump allows, so turned frames rely on the box; the identifying frames that
follow face the camera again and are checked.) A gap longer than ``GAP_S``, a second face, a box
jump or a template jump restarts the attempt at POSITIONING, so the person who answered the challenge
is the person identified. The whole attempt ends in TIMED_OUT after ``max_attempt_s`` from the first
face seen, however often it restarted; an identification attempt in which no face at all was seen
ends in NO_FACE after ``no_face_timeout_s`` (nobody in view, or a seated patient below the camera).

``FaceEnrolment`` runs the same stages and checks, but the last stage collects the person's distinct
templates instead of searching (CAPTURED).
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
from kiosk.face.liveness import TURN_DELTA, Challenge, LivenessCheck, LivenessState, choose_challenge
from kiosk.face.settings import FaceSettings

STEADY_FRAMES = 2
GAP_S = 0.8
CHECK_EVERY_S = 0.5
MAX_SIZE_CHANGE = 1.5  # box width may grow or shrink by at most this factor between frames
ENROL_FRAMES = 3
ENROL_MIN_SPREAD = 0.02  # frames this close to one already taken add nothing


class Stage(str, enum.Enum):
    POSITIONING = "positioning"
    CHALLENGE = "challenge"
    IDENTIFYING = "identifying"
    IDENTIFIED = "identified"
    NOT_RECOGNISED = "not_recognised"
    NOT_LIVE = "not_live"
    TIMED_OUT = "timed_out"
    NO_FACE = "no_face"  # no face in any frame for ``no_face_timeout_s``
    CAPTURED = "captured"  # enrolment: the templates are ready

    @property
    def finished(self) -> bool:
        return self in (Stage.IDENTIFIED, Stage.NOT_RECOGNISED, Stage.NOT_LIVE, Stage.TIMED_OUT, Stage.NO_FACE,
                        Stage.CAPTURED)


class Restart(str, enum.Enum):
    """Why the attempt went back to positioning (the screen may say so)."""

    GAP = "gap"  # the face was gone too long
    SECOND_FACE = "second_face"
    MOVED = "moved"  # the box jumped: not the same face moving
    OTHER_FACE = "other_face"  # the template changed: someone (or something) else


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
    restarts: int = 0
    last_restart: Restart | None = None


class FaceTrack:
    """The one face an attempt follows: where its box was, and the template it started with."""

    def __init__(self, box: FaceBox, reference: np.ndarray, now: float, settings: FaceSettings) -> None:
        self.box, self.reference = box, reference
        self.last_seen = self.checked_at = now
        self.lost = False
        self._settings = settings

    def follows(self, box: FaceBox) -> bool:
        """The new box is this face having moved a little, not a different face elsewhere."""
        (x0, y0), (x1, y1) = self.box.centre, box.centre
        shift = float(np.hypot(x1 - x0, y1 - y0)) / max(self.box.width, 1)
        ratio = box.width / max(self.box.width, 1)
        return shift <= self._settings.max_box_shift and 1 / MAX_SIZE_CHANGE <= ratio <= MAX_SIZE_CHANGE

    def same_person(self, vector: np.ndarray) -> bool:
        return float(np.linalg.norm(vector - self.reference)) <= self._settings.max_template_jump

    def seen(self, box: FaceBox, now: float) -> None:
        self.box, self.last_seen, self.lost = box, now, False


class FaceAttempt:
    waits_for_a_face = False  # enrolment: the patient asked for it and is there; identification gives up

    def __init__(self, engine: FaceEngine, gallery: FaceGallery, started_at: float,
                 within: Collection[str] | None = None, challenge: Challenge | None = None,
                 rng: random.Random | None = None, on_finished: Callable[[Stage], None] | None = None,
                 before_search: Callable[[], object] | None = None) -> None:
        self._engine = engine
        self._on_finished = on_finished  # told the outcome once (the kiosk's face metrics)
        self._before_search = before_search  # brings the gallery up to date (other kiosks' enrolments)
        self._gallery = gallery
        self._settings: FaceSettings = engine.settings
        self._within = within
        self.challenge = challenge or choose_challenge(self._settings.landmarks, rng)
        self.stage = Stage.POSITIONING
        self.started_at = started_at
        self.first_face_at: float | None = None
        self.restarts = 0
        self.last_restart: Restart | None = None
        self._steady = 0
        self._track: FaceTrack | None = None
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
                          (analysis.frame_width, analysis.frame_height), self.identity,
                          self.restarts, self.last_restart)

    def _advance(self, analysis: FrameAnalysis, now: float) -> None:
        if self.first_face_at is None and analysis.faces:
            self.first_face_at = now
        if (self.first_face_at is None and not self.waits_for_a_face
                and now - self.started_at > self._settings.no_face_timeout_s):
            self.stage = Stage.NO_FACE
            return
        if self.first_face_at is not None and now - self.first_face_at > self._settings.max_attempt_s:
            self.stage = Stage.TIMED_OUT
            return
        if self.stage is Stage.POSITIONING:
            self._position(analysis, now)
            return
        track = self._track
        assert track is not None
        if len(analysis.faces) > 1:
            self._restart(Restart.SECOND_FACE, now)
            return
        if analysis.face is None or analysis.landmarks is None:
            track.lost = True
            if now - track.last_seen > GAP_S:
                self._restart(Restart.GAP, now)
            elif self.stage is Stage.CHALLENGE:
                self._liveness.feed(analysis, now)  # lets the challenge's clock run
            return
        if not track.follows(analysis.face):
            self._restart(Restart.MOVED, now)
            return
        vector = None
        facing = self._facing_camera(analysis)
        due = now - track.checked_at >= CHECK_EVERY_S and facing
        if track.lost or due or (self.stage is Stage.IDENTIFYING and facing):
            vector = self._engine.encode(analysis)
            if not track.same_person(vector):
                self._restart(Restart.OTHER_FACE, now)
                return
            track.checked_at = now
        track.seen(analysis.face, now)
        if self.stage is Stage.CHALLENGE:
            state = self._liveness.feed(analysis, now)
            if state is LivenessState.PASSED:
                self.stage = Stage.IDENTIFYING
            elif state is LivenessState.FAILED:
                self.stage = Stage.NOT_LIVE
        elif self.stage is Stage.IDENTIFYING and analysis.usable and vector is not None:
            self._use(vector)

    def _facing_camera(self, analysis: FrameAnalysis) -> bool:
        baseline = self._liveness.baseline_yaw
        return analysis.yaw is None or baseline is None or abs(analysis.yaw - baseline) < TURN_DELTA / 2

    def _position(self, analysis: FrameAnalysis, now: float) -> None:
        self._steady = self._steady + 1 if analysis.usable else 0
        if self._steady < STEADY_FRAMES:
            return
        self._track = FaceTrack(analysis.faces[0], self._engine.encode(analysis), now, self._settings)
        self.stage = Stage.CHALLENGE
        self._liveness = LivenessCheck(self.challenge, now, self._settings.liveness_window_s)
        self._liveness.feed(analysis, now)

    def _use(self, vector: np.ndarray) -> None:
        """An identifying frame of the tracked, live face."""
        if self._before_search is not None:
            self._before_search()
        verdict = self._decision.add(self._gallery.search(vector, within=self._within))
        if verdict is Verdict.ACCEPTED:
            self.identity = self._decision.identity
            self.stage = Stage.IDENTIFIED
        elif verdict is Verdict.REJECTED:
            self.stage = Stage.NOT_RECOGNISED

    def _restart(self, why: Restart, now: float) -> None:
        self.stage = Stage.POSITIONING
        self.restarts += 1
        self.last_restart = why
        self._steady = 0
        self._track = None
        self._liveness = LivenessCheck(self.challenge, now, self._settings.liveness_window_s)
        self._decision = IdentificationAttempt(self._settings)


class FaceEnrolment(FaceAttempt):
    """Enrolment with the same liveness and tracking: up to ``wanted`` distinct templates of the live face.

    Identical frames add nothing; after ``3 × wanted`` good frames it ends with what it has.
    """

    waits_for_a_face = True

    def __init__(self, engine: FaceEngine, started_at: float, wanted: int = ENROL_FRAMES,
                 challenge: Challenge | None = None, rng: random.Random | None = None) -> None:
        super().__init__(engine, FaceGallery(engine.dimensions), started_at, challenge=challenge, rng=rng)
        self.wanted = wanted
        self.good_frames = 0
        self.templates: list[np.ndarray] = []

    def _use(self, vector: np.ndarray) -> None:
        self.good_frames += 1
        if all(np.linalg.norm(vector - kept) >= ENROL_MIN_SPREAD for kept in self.templates):
            self.templates.append(vector)
        if len(self.templates) >= self.wanted or self.good_frames >= 3 * self.wanted:
            self.stage = Stage.CAPTURED

    def _restart(self, why: Restart, now: float) -> None:
        super()._restart(why, now)
        self.good_frames = 0
        self.templates = []
