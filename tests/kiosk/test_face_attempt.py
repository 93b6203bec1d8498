"""The face pipeline on real photos: quality gate, liveness against a still photo, identification."""
from __future__ import annotations

import numpy as np
import pytest

from face_photos import ENROL_PHOTOS, GROUP, KIOSK_FRAME, OTHER_PERSON, head_turned, needs_faces, photo, shared_engine
from kiosk.face.attempt import EnrolmentCapture, FaceAttempt, Stage
from kiosk.face.engine import Quality
from kiosk.face.gallery import FaceGallery
from kiosk.face.liveness import Challenge, LivenessState

pytestmark = [pytest.mark.faces, pytest.mark.slow, needs_faces]


@pytest.fixture(scope="module")
def gallery():
    engine = shared_engine()
    built = FaceGallery()
    for index, name in enumerate(ENROL_PHOTOS):
        built.add(f"o{index}", "DEMO-001", engine.encode_photo(photo(name)))
    built.add("b0", "DEMO-002", engine.encode_photo(photo("joe_biden/biden_biden2.jpg")))
    return built


def run(attempt: FaceAttempt, frames: list[np.ndarray], seconds_apart: float = 0.1):
    updates = []
    for index, frame in enumerate(frames):
        updates.append(attempt.feed(frame, index * seconds_apart))
        if updates[-1].stage.finished:
            break
    return updates


def test_quality_gate_names_the_problem():
    engine = shared_engine()
    frame = photo(KIOSK_FRAME)
    assert engine.analyse(frame).quality is Quality.OK
    assert engine.analyse(photo(GROUP)).quality is Quality.SEVERAL_FACES
    assert engine.analyse(np.zeros((240, 320, 3), dtype=np.uint8)).quality is Quality.BLANK_FRAME
    assert engine.analyse(photo("_no_face/dogs.jpg")).quality is Quality.NO_FACE
    import cv2

    far = np.full((480, 640, 3), 128, dtype=np.uint8)
    face = cv2.resize(frame, None, fx=1.25, fy=1.25)
    top, left = (480 - face.shape[0]) // 2, (640 - face.shape[1]) // 2
    far[top:top + face.shape[0], left:left + face.shape[1]] = face
    assert engine.analyse(far).quality is Quality.TOO_SMALL
    assert engine.analyse((frame * 0.2).astype(np.uint8)).quality is Quality.TOO_DARK


def test_eye_aspect_ratio_of_an_open_eyed_adult_is_below_the_textbook_blink_threshold():
    ear = shared_engine().analyse(photo(KIOSK_FRAME)).eye_aspect_ratio
    assert 0.18 < ear < 0.3  # why the baseline must be the person's own, not a fixed 0.3


def test_a_static_photo_fails_the_blink_challenge(gallery):
    attempt = FaceAttempt(shared_engine(), gallery, 0.0, challenge=Challenge.BLINK)
    updates = run(attempt, [photo(KIOSK_FRAME)] * 200, seconds_apart=0.2)
    assert updates[-1].stage is Stage.NOT_LIVE
    assert updates[-1].identity is None


def test_a_static_photo_fails_the_head_turn_challenge(gallery):
    attempt = FaceAttempt(shared_engine(), gallery, 0.0, challenge=Challenge.TURN_RIGHT)
    assert run(attempt, [photo(KIOSK_FRAME)] * 200, seconds_apart=0.2)[-1].stage is Stage.NOT_LIVE


def test_a_head_turn_passes_liveness_and_the_enrolled_person_is_identified(gallery):
    frame = photo(KIOSK_FRAME)
    frames = [frame] * 6 + [head_turned(frame)] * 2 + [frame] * 4
    attempt = FaceAttempt(shared_engine(), gallery, 0.0, challenge=Challenge.TURN_LEFT)
    updates = run(attempt, frames)
    stages = [u.stage for u in updates]
    assert Stage.CHALLENGE in stages and Stage.IDENTIFYING in stages
    assert updates[-1].stage is Stage.IDENTIFIED and updates[-1].identity == "DEMO-001"
    assert updates[-1].liveness is LivenessState.PASSED


def test_turning_the_wrong_way_does_not_pass(gallery):
    frame = photo(KIOSK_FRAME)
    attempt = FaceAttempt(shared_engine(), gallery, 0.0, challenge=Challenge.TURN_RIGHT)
    updates = run(attempt, [frame] * 6 + [head_turned(frame)] * 40, seconds_apart=0.5)
    assert updates[-1].stage is Stage.NOT_LIVE


def test_an_unknown_person_is_not_recognised(gallery):
    without_obama = FaceGallery()
    without_obama.add("b0", "DEMO-002", shared_engine().encode_photo(photo("joe_biden/biden_biden2.jpg")))
    frame = photo(KIOSK_FRAME)
    attempt = FaceAttempt(shared_engine(), without_obama, 0.0, challenge=Challenge.TURN_LEFT)
    updates = run(attempt, [frame] * 6 + [head_turned(frame)] * 2 + [frame] * 10)
    assert updates[-1].stage is Stage.NOT_RECOGNISED and updates[-1].identity is None


def test_a_second_face_sends_the_attempt_back_to_positioning(gallery):
    frame = photo(KIOSK_FRAME)
    attempt = FaceAttempt(shared_engine(), gallery, 0.0, challenge=Challenge.TURN_LEFT)
    run(attempt, [frame] * 4)
    assert attempt.stage is Stage.CHALLENGE
    update = attempt.feed(photo(GROUP), 1.0)
    assert update.quality is Quality.SEVERAL_FACES and update.stage is Stage.POSITIONING


def test_enrolment_capture_keeps_distinct_good_frames_and_stops_on_a_still_image():
    capture = EnrolmentCapture(shared_engine(), wanted=3)
    for _ in range(9):
        capture.feed(photo(KIOSK_FRAME))
    assert capture.complete and len(capture.templates) == 1  # identical frames add nothing
    other = shared_engine().encode_photo(photo(OTHER_PERSON))
    assert np.linalg.norm(capture.templates[0] - other) > 0.6
