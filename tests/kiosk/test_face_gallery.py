"""The in-memory gallery and the decision rule, on synthetic 128-d templates (no photos needed)."""
from __future__ import annotations

import numpy as np
import pytest

from kiosk.face.decision import IdentificationAttempt, Verdict, frame_vote
from kiosk.face.gallery import FaceGallery, GalleryMatch
from kiosk.face.settings import FaceSettings


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return vector / np.linalg.norm(vector)


def near(vector: np.ndarray, distance: float, seed: int = 99) -> np.ndarray:
    step = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    step -= step.dot(vector) * vector
    return (vector + distance * step / np.linalg.norm(step)).astype(np.float32)


def test_search_finds_nearest_identity_and_runner_up_with_exact_distances():
    gallery = FaceGallery()
    gallery.load([("t1", "alice", unit(1)), ("t2", "alice", unit(2)), ("t3", "bob", unit(3))])
    query = near(unit(2), 0.3)
    match = gallery.search(query)
    assert match.identity == "alice"
    assert match.distance == pytest.approx(0.3, abs=1e-4)
    assert match.runner_up == "bob"
    assert match.runner_up_distance == pytest.approx(float(np.linalg.norm(unit(3) - query)), abs=1e-4)


def test_runner_up_is_another_identity_not_the_same_persons_second_template():
    gallery = FaceGallery()
    gallery.load([("a1", "alice", unit(1)), ("a2", "alice", near(unit(1), 0.05)), ("b1", "bob", unit(5))])
    match = gallery.search(unit(1))
    assert match.runner_up == "bob"


def test_within_limits_the_search_to_candidates_and_one_identity_has_no_runner_up():
    gallery = FaceGallery()
    gallery.load([("a", "alice", unit(1)), ("b", "bob", unit(2))])
    match = gallery.search(unit(1), within={"bob"})
    assert match.identity == "bob"
    assert match.runner_up is None and match.runner_up_distance == float("inf")
    assert gallery.search(unit(1), within={"nobody"}) is None
    assert FaceGallery().search(unit(1)) is None


def test_add_remove_identity_and_template_update_the_matrix():
    gallery = FaceGallery()
    gallery.add("a1", "alice", unit(1))
    gallery.add("a2", "alice", unit(2))
    gallery.add("b1", "bob", unit(3))
    assert len(gallery) == 3 and gallery.identities() == {"alice", "bob"}
    assert gallery.remove_template("a2")
    assert gallery.remove_identity("alice") == 1
    assert gallery.identities() == {"bob"}
    assert gallery.search(unit(1)).identity == "bob"
    assert gallery.remove_identity("alice") == 0


def test_bad_vectors_are_refused():
    gallery = FaceGallery()
    with pytest.raises(ValueError):
        gallery.add("x", "alice", np.zeros(64, dtype=np.float32))
    with pytest.raises(ValueError):
        gallery.add("x", "alice", np.full(128, np.nan, dtype=np.float32))


def test_frame_vote_needs_threshold_and_margin():
    settings = FaceSettings(threshold=0.45, margin=0.06)
    assert frame_vote(GalleryMatch("alice", 0.40, "bob", 0.70), settings) == "alice"
    assert frame_vote(GalleryMatch("alice", 0.50, "bob", 0.90), settings) is None  # too far
    assert frame_vote(GalleryMatch("alice", 0.40, "bob", 0.44), settings) is None  # look-alike too close
    assert frame_vote(GalleryMatch("alice", 0.40, None, float("inf")), settings) == "alice"
    assert frame_vote(None, settings) is None


def test_attempt_accepts_only_after_two_agreeing_frames():
    attempt = IdentificationAttempt(FaceSettings())
    assert attempt.add(GalleryMatch("alice", 0.3, "bob", 0.8)) is Verdict.UNDECIDED
    assert attempt.add(GalleryMatch("alice", 0.31, "bob", 0.8)) is Verdict.ACCEPTED  # within the 0.32 threshold
    assert attempt.identity == "alice"


def test_attempt_rejects_conflicting_votes_and_runs_out_of_frames():
    conflicting = IdentificationAttempt(FaceSettings())
    conflicting.add(GalleryMatch("alice", 0.3, "bob", 0.8))
    assert conflicting.add(GalleryMatch("bob", 0.3, "alice", 0.8)) is Verdict.REJECTED
    assert conflicting.identity is None
    unknown = IdentificationAttempt(FaceSettings(max_frames_per_attempt=3))
    verdicts = [unknown.add(GalleryMatch("alice", 0.7, "bob", 0.8)) for _ in range(3)]
    assert verdicts == [Verdict.UNDECIDED, Verdict.UNDECIDED, Verdict.REJECTED]


def test_settings_refuse_impossible_values():
    with pytest.raises(ValueError):
        FaceSettings(landmarks="81")
    with pytest.raises(ValueError):
        FaceSettings(min_agreeing_frames=3, max_frames_per_attempt=2)
