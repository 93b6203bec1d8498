"""Live camera self-test without Qt: quality scores against check-in's thresholds, face boxes in the
shown picture's pixels, a paced thread that stops, and plain failure words when the camera stops."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from devices.registry import open_device
from face_photos import GROUP, KIOSK_FRAME, needs_faces, photo, shared_engine
from kiosk.face.engine import Quality
from kiosk.maintenance.camera_check import SHOWN_WIDTH, LiveCameraCheck, read_frame


def _big(image, width=640):
    import cv2

    height = round(image.shape[0] * width / image.shape[1])
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_CUBIC)


@pytest.mark.faces
@needs_faces
def test_a_well_framed_face_passes_every_score_and_its_box_is_scaled():
    frame = _big(photo(KIOSK_FRAME))
    shown, reading = read_frame(frame, shared_engine(), 1)
    assert shown.shape[1] == SHOWN_WIDTH and reading.measured
    assert reading.quality is Quality.OK and len(reading.faces) == 1
    assert [score.name for score in reading.scores] == ["size", "sharpness", "brightness", "frontal"]
    assert all(score.ok for score in reading.scores), reading.scores
    box = reading.faces[0]
    assert 0 <= box.left < box.right <= SHOWN_WIDTH and 0 <= box.top < box.bottom <= shown.shape[0]


@pytest.mark.faces
@needs_faces
def test_a_dark_frame_is_too_dark_and_says_which_score_failed():
    frame = (_big(photo(KIOSK_FRAME)).astype(np.float32) * 0.25).astype(np.uint8)
    _, reading = read_frame(frame, shared_engine(), 1)
    if reading.faces:
        assert reading.quality is Quality.TOO_DARK
        brightness, = [score for score in reading.scores if score.name == "brightness"]
        assert not brightness.ok and brightness.value < brightness.low
    else:  # too dark even to find the face
        assert reading.quality is Quality.NO_FACE


@pytest.mark.faces
@needs_faces
def test_no_face_and_several_faces_give_no_scores():
    _, empty = read_frame(np.full((480, 640, 3), 128, np.uint8) + np.random.default_rng(1).integers(
        0, 40, (480, 640, 3), dtype=np.uint8), shared_engine(), 1)
    assert (empty.quality, empty.faces, empty.scores) == (Quality.NO_FACE, (), ())
    _, group = read_frame(photo(GROUP), shared_engine(), 2)
    assert group.quality is Quality.SEVERAL_FACES and len(group.faces) >= 2 and group.scores == ()


def test_without_the_face_engine_the_picture_still_shows():
    shown, reading = read_frame(np.zeros((480, 640, 3), np.uint8), None, 3)
    assert shown.shape == (360, 480, 3) and not reading.measured and reading.scores == ()


def test_the_thread_reads_at_the_set_pace_and_stops():
    camera = open_device("camera", "sim:?fps=0")
    readings, failures = [], []
    check = LiveCameraCheck(camera, None, lambda shown, reading: readings.append(reading.frame_number),
                            failures.append, fps=10)
    check.start()
    time.sleep(1.05)
    check.stop()
    served = camera.frames_served
    assert not check.running and 8 <= len(readings) <= 12 and readings == list(range(1, len(readings) + 1))
    assert served == check.readings  # a frame is read only when a reading is due: none read and thrown away
    assert check.readings - len(readings) in (0, 1)  # one may have been measured while stop() was asked
    time.sleep(0.2)
    assert camera.frames_served == served and failures == []
    assert not any(thread.name == "camera-live-check" for thread in threading.enumerate())


def test_a_camera_that_stops_sending_ends_the_check_with_words():
    camera = open_device("camera", "sim:?fps=0&fail=no_frames")
    failures = []
    check = LiveCameraCheck(camera, None, lambda *_: None, failures.append, fps=10)
    check.start()
    deadline = time.monotonic() + 6
    while not failures and time.monotonic() < deadline:
        time.sleep(0.05)
    check.stop()
    assert failures == ["the camera stopped sending pictures"] and not check.running
