"""Liveness: a randomised challenge — blink, or turn the head left or right — judged against the
person's own baseline, with a long, patient time window. It must be *done as asked*, not merely
happen: a still photo cannot move, and a slideshow of photos jumps where a live face moves through.

The first few usable frames set the baseline (open-eye EAR, resting yaw): an elderly person's open eye
can measure 0.24, where a fixed 0.3 "closed" threshold would fire on open eyes.

- Turn: the yaw must move in the asked direction by ``TURN_DELTA`` eye distances, pass through at least
  one in-between frame on the way (a live head turns; a slideshow cuts from one pose to the next), and
  stay turned for ``HOLD_S`` over at least two frames. A turn the wrong way is refused: the person
  must come back to the middle first, and after ``MAX_WRONG_WAY`` wrong turns the check fails.
- Blink: the eye aspect ratio dips below ``CLOSED_FRACTION`` of the baseline and reopens above
  ``REOPENED_FRACTION`` within ``BLINK_MAX_S``, with at least one half-closed frame on the way down or
  up (eyelids move; a cut from an open-eyed to a closed-eyed photo has no half-way frame).

Turning a flat photo in front of the camera scales the nose offset and the eye distance alike, so
its yaw ratio barely moves. Directions are the patient's own: "turn left" moves the nose towards the
right of the (unmirrored) camera image, which is a positive yaw.
"""
from __future__ import annotations

import enum
import random
import statistics
from dataclasses import dataclass, field

from kiosk.face.engine import FrameAnalysis

BASELINE_FRAMES = 4
CLOSED_FRACTION = 0.72
REOPENED_FRACTION = 0.88
BLINK_MAX_S = 2.0
TURN_DELTA = 0.18
AT_REST = TURN_DELTA / 3  # |yaw − baseline| below this: facing the camera
HOLD_S = 0.4
MAX_WRONG_WAY = 2
WINDOW_S = 15.0


class Challenge(str, enum.Enum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


class LivenessState(str, enum.Enum):
    BASELINE = "baseline"  # measuring the person at rest
    WAITING = "waiting"  # challenge asked, not seen yet
    WRONG_WAY = "wrong_way"  # turned the other way: back to the middle, then the asked way
    HOLDING = "holding"  # turned as asked: hold it a moment
    PASSED = "passed"
    FAILED = "failed"  # window ran out, or turned the wrong way too often


def choose_challenge(landmarks: str, rng: random.Random | None = None) -> Challenge:
    """Any of the three with the 68-point model; head turns only with 5 points (no eyelids)."""
    rng = rng or random.SystemRandom()
    options = [Challenge.BLINK, Challenge.TURN_LEFT, Challenge.TURN_RIGHT] if landmarks == "68" else \
        [Challenge.TURN_LEFT, Challenge.TURN_RIGHT]
    return rng.choice(options)


@dataclass
class LivenessCheck:
    challenge: Challenge
    started_at: float
    window_s: float = WINDOW_S
    state: LivenessState = LivenessState.BASELINE
    wrong_turns: int = 0
    _ears: list[float] = field(default_factory=list)
    _yaws: list[float] = field(default_factory=list)
    _on_the_way: bool = False  # an in-between frame (half turned, half closed) was seen
    _held_since: float | None = None
    _held_frames: int = 0
    _closed_at: float | None = None

    def feed(self, analysis: FrameAnalysis, now: float) -> LivenessState:
        """One frame with exactly one face and landmarks; other frames only let the clock run."""
        if self.state in (LivenessState.PASSED, LivenessState.FAILED):
            return self.state
        if now - self.started_at > self.window_s:
            self.state = LivenessState.FAILED
            return self.state
        if analysis.landmarks is None or len(analysis.faces) != 1:
            return self.state
        if self.state is LivenessState.BASELINE:
            if analysis.yaw is not None and abs(analysis.yaw) < 0.3:
                self._yaws.append(analysis.yaw)
                if analysis.eye_aspect_ratio is not None:
                    self._ears.append(analysis.eye_aspect_ratio)
            if len(self._yaws) >= BASELINE_FRAMES:
                if self.challenge is Challenge.BLINK and len(self._ears) < BASELINE_FRAMES:
                    self.challenge = Challenge.TURN_LEFT  # no eyelid points: fall back to a turn
                self.state = LivenessState.WAITING
            return self.state
        if self.challenge is Challenge.BLINK:
            self._judge_blink(analysis, now)
        else:
            self._judge_turn(analysis, now)
        return self.state

    @property
    def baseline_ear(self) -> float | None:
        return statistics.median(self._ears) if self._ears else None

    @property
    def baseline_yaw(self) -> float | None:
        return statistics.median(self._yaws) if self._yaws else None

    def _judge_blink(self, analysis: FrameAnalysis, now: float) -> None:
        baseline, ear = self.baseline_ear, analysis.eye_aspect_ratio
        if baseline is None or ear is None or baseline <= 0:
            return
        if ear < baseline * CLOSED_FRACTION:
            if self._closed_at is None:
                self._closed_at = now
            return
        half_way = ear < baseline * REOPENED_FRACTION
        if half_way:
            self._on_the_way = True  # closing or reopening: the lids are moving
            return
        if self._closed_at is not None:  # open again
            if self._on_the_way and now - self._closed_at <= BLINK_MAX_S:
                self.state = LivenessState.PASSED
                return
            self._closed_at = None  # too long closed, or no lid movement between: not a blink
        self._on_the_way = False

    def _judge_turn(self, analysis: FrameAnalysis, now: float) -> None:
        baseline, yaw = self.baseline_yaw, analysis.yaw
        if baseline is None or yaw is None:
            return
        direction = 1.0 if self.challenge is Challenge.TURN_LEFT else -1.0
        turned = (yaw - baseline) * direction  # > 0: the asked way
        if self.state is LivenessState.WRONG_WAY:
            if abs(turned) < AT_REST:
                self.state, self._on_the_way = LivenessState.WAITING, False
            return
        if turned <= -TURN_DELTA:
            self.wrong_turns += 1
            self._held_since, self._held_frames = None, 0
            self.state = LivenessState.FAILED if self.wrong_turns >= MAX_WRONG_WAY else LivenessState.WRONG_WAY
            return
        if turned >= TURN_DELTA:
            if not self._on_the_way:
                return  # from facing the camera to turned with nothing between: a cut, not a turn
            if self._held_since is None:
                self._held_since, self._held_frames = now, 0
                self.state = LivenessState.HOLDING
            self._held_frames += 1
            if self._held_frames >= 2 and now - self._held_since >= HOLD_S:
                self.state = LivenessState.PASSED
            return
        self._held_since, self._held_frames = None, 0
        self.state = LivenessState.WAITING
        if turned >= AT_REST:
            self._on_the_way = True
        elif turned < AT_REST / 2:
            self._on_the_way = False  # back at rest: the next turn must pass through again
