"""The decision rule: accept an identity only when the evidence is clear, and only from ≥ 2 frames.

A frame *votes* for an identity when its nearest template is within ``threshold`` AND the nearest
other identity is at least ``margin`` further away (a look-alike in the gallery makes the vote void).
An attempt is *accepted* once ``min_agreeing_frames`` frames vote for the same identity and no frame
voted for anybody else; it is *rejected* after ``max_frames_per_attempt`` frames without that, or at
once when two frames vote for different people.
"""
from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field

from kiosk.face.gallery import GalleryMatch
from kiosk.face.settings import FaceSettings


class Verdict(str, enum.Enum):
    UNDECIDED = "undecided"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def frame_vote(match: GalleryMatch | None, settings: FaceSettings) -> str | None:
    """The identity this one frame supports, or None."""
    if match is None or match.distance > settings.threshold:
        return None
    if match.runner_up_distance - match.distance < settings.margin:
        return None
    return match.identity


@dataclass
class IdentificationAttempt:
    """Frames of one attempt, fused. Feed ``add(match)`` per encoded frame until decided."""

    settings: FaceSettings
    frames: int = 0
    votes: Counter = field(default_factory=Counter)
    best_distance: dict[str, float] = field(default_factory=dict)

    def add(self, match: GalleryMatch | None) -> Verdict:
        self.frames += 1
        vote = frame_vote(match, self.settings)
        if vote is not None:
            self.votes[vote] += 1
            self.best_distance[vote] = min(self.best_distance.get(vote, float("inf")), match.distance)  # type: ignore[union-attr]
        return self.verdict

    @property
    def verdict(self) -> Verdict:
        if len(self.votes) > 1:
            return Verdict.REJECTED  # two people's evidence in one attempt: trust neither
        if self.votes and max(self.votes.values()) >= self.settings.min_agreeing_frames:
            return Verdict.ACCEPTED
        if self.frames >= self.settings.max_frames_per_attempt:
            return Verdict.REJECTED
        return Verdict.UNDECIDED

    @property
    def identity(self) -> str | None:
        return next(iter(self.votes)) if self.verdict is Verdict.ACCEPTED else None
