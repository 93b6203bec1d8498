"""Liveness: a randomised challenge — blink, or turn the head left or right — judged against the
person's own baseline, with a long, patient time window.

The first few usable frames set the baseline (open-eye EAR, resting yaw): an elderly person's open eye
can measure 0.24, where a fixed 0.3 "closed" threshold would fire on open eyes. A blink is a dip below
``CLOSED_FRACTION`` of the baseline followed by reopening; a turn is a yaw change of ``TURN_DELTA`` eye
distances in the asked direction. A printed photo or a frozen frame cannot blink, and turning a flat
photo scales the nose offset and the eye distance alike, so its yaw ratio stays where it was.

Directions are the patient's own: "turn left" moves the nose towards the right of the (unmirrored)
camera image, which is a positive yaw.
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
TURN_DELTA = 0.18
WINDOW_S = 15.0


class Challenge(str, enum.Enum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


class LivenessState(str, enum.Enum):
    BASELINE = "baseline"  # measuring the person at rest
    WAITING = "waiting"  # challenge asked, not seen yet
    PASSED = "passed"
    FAILED = "failed"  # window ran out


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
    _ears: list[float] = field(default_factory=list)
    _yaws: list[float] = field(default_factory=list)
    _eyes_closed: bool = False

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
            self._judge_blink(analysis)
        else:
            self._judge_turn(analysis)
        return self.state

    @property
    def baseline_ear(self) -> float | None:
        return statistics.median(self._ears) if self._ears else None

    @property
    def baseline_yaw(self) -> float | None:
        return statistics.median(self._yaws) if self._yaws else None

    def _judge_blink(self, analysis: FrameAnalysis) -> None:
        baseline, ear = self.baseline_ear, analysis.eye_aspect_ratio
        if baseline is None or ear is None or baseline <= 0:
            return
        if ear < baseline * CLOSED_FRACTION:
            self._eyes_closed = True
        elif self._eyes_closed and ear > baseline * REOPENED_FRACTION:
            self.state = LivenessState.PASSED

    def _judge_turn(self, analysis: FrameAnalysis) -> None:
        baseline, yaw = self.baseline_yaw, analysis.yaw
        if baseline is None or yaw is None:
            return
        direction = 1.0 if self.challenge is Challenge.TURN_LEFT else -1.0
        if (yaw - baseline) * direction >= TURN_DELTA:
            self.state = LivenessState.PASSED
