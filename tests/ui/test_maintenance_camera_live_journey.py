"""Live camera test through the real window with the simulated camera: pictures keep coming with the
plain-words line, a real face gets a box and four passing scores, and leaving the screen stops the
camera thread (audited, nothing stored)."""
from __future__ import annotations

import threading

import cv2
import pytest

from face_photos import KIOSK_FRAME, needs_faces, photo
from kiosk.face.engine import Quality
from staff_screens import click, sign_in_staff

WAIT_MS = 15000


def _live_threads():
    return [thread for thread in threading.enumerate() if thread.name == "camera-live-check"]


def _open_live_view(window, qtbot):
    menu = sign_in_staff(window, qtbot, "1001")
    click(qtbot, menu.panel_buttons["staff_devices"])
    devices = window.current
    assert devices.live_button.isVisible()
    click(qtbot, devices.live_button)
    return window.current


def test_live_view_says_no_face_and_stops_when_leaving(window, qtbot, services):
    live = _open_live_view(window, qtbot)
    assert live.name == "staff_camera_live"
    qtbot.wait_until(lambda: live.last_reading is not None and live.last_reading.frame_number >= 3, timeout=WAIT_MS)
    assert live.last_reading.quality is Quality.NO_FACE and "没有找到人脸" in live.words.text()
    assert not live.picture.pixmap().isNull() and live.picture.pixmap().width() == 480
    assert not any(label.isVisible() for label in live.score_labels.values())
    assert len(_live_threads()) == 1

    click(qtbot, live.back_button)
    assert window.current is window.screens["staff_devices"]
    assert _live_threads() == [] and live.check is None
    events = [entry.detail for entry in services.audit.entries(action="maintenance.camera_live_view")]
    assert events[0]["event"] == "stopped" and events[0]["readings"] >= 3 and events[1] == {"event": "started"}


@pytest.mark.faces
@needs_faces
def test_a_face_gets_a_box_and_passing_scores(window, qtbot, services):
    frame = photo(KIOSK_FRAME)
    frame = cv2.resize(frame, (640, round(frame.shape[0] * 640 / frame.shape[1])), interpolation=cv2.INTER_CUBIC)
    services.devices.device("camera").play([frame])
    live = _open_live_view(window, qtbot)
    qtbot.wait_until(lambda: live.last_reading is not None and bool(live.last_reading.faces), timeout=WAIT_MS)
    assert live.last_reading.quality is Quality.OK and "一张人脸" in live.words.text()
    assert all(label.isVisible() for label in live.score_labels.values())
    assert all("不合格" not in label.text() for label in live.score_labels.values())
    window.go("home")  # leaving by "back to start" signs out and stops the camera too
    assert _live_threads() == []
