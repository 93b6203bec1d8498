"""Pay and wheelchair start on the face screen; with nobody in front of the camera it must not wait
for the idle timeout. The simulated camera shows a synthetic scene with no face in it."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from kiosk.face.engine import Quality
from kiosk.face.liveness import Challenge, LivenessState
from kiosk.face.attempt import Restart

NO_FACE_TIMEOUT_S = 2.0


@pytest.fixture
def camera_window(make_window, services):
    """One (synthetic) person enrolled, so the face screen is used; idle far later than the no-face timeout."""
    services.faces.record_consent("DEMO-001", "staff_assisted", staff_id="1001")
    vector = np.random.default_rng(1).normal(size=128).astype(np.float32)
    services.faces.enrol("DEMO-001", [vector / np.linalg.norm(vector)])
    services.faces.engine.settings = replace(services.faces.settings, no_face_timeout_s=NO_FACE_TIMEOUT_S)
    services.config = replace(services.config, idle_timeout_s=60)
    services.devices.poll()
    return make_window


def open_pay(window, qtbot):
    qtbot.mouseClick(window.home.tiles["pay"], Qt.MouseButton.LeftButton)


def open_wheelchair(window, qtbot):
    qtbot.mouseClick(window.home.tiles["wheelchair"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.screens["wheelchair"].free_chair_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("start", [open_pay, open_wheelchair], ids=["pay", "wheelchair"])
def test_no_face_in_view_is_said_plainly_with_the_other_ways(camera_window, services, qtbot, start):
    window = camera_window()
    start(window, qtbot)
    face = window.screens["checkin_face"]
    qtbot.wait_until(lambda: window.current is face, timeout=5000)
    qtbot.wait_until(lambda: face.pipeline.frames_analysed > 0, timeout=20_000)
    qtbot.wait_until(lambda: face._blocked == "no_face", timeout=30_000)
    assert window.current is face and services.sessions.current is not None  # not the idle wipe
    words = face.prompt.text()
    assert "摄像头没有看到人脸" in words and "身份证" in words and "医保码" in words and "手机号" in words
    assert window.help_desk() in words  # staff, by name
    assert services.devices.device("speaker").utterances[-1].text == words
    assert not face.preview.isVisible() and face.other_way_primary.isVisible()
    qtbot.mouseClick(face.other_way_primary, Qt.MouseButton.LeftButton)
    assert window.current.name == "identify"


def test_the_face_screen_never_asks_a_seated_patient_to_stand(camera_window):
    """Every prompt of the face screen, in both languages: 'come', 'look', 'face' — never 'stand'."""
    window = camera_window()
    face = window.screens["checkin_face"]
    for language in ("zh_CN", "en"):
        window.set_language(language)
        texts = [face._quality_text(quality) for quality in Quality]
        texts += [face._restart_text(why) for why in (*Restart, None)]
        texts += [face._challenge_text(challenge, state) for challenge in Challenge for state in LivenessState]
        for why in ("unavailable", "camera", "timeout", "no_face"):
            face._blocked = why
            face.retranslate()
            texts.append(face.prompt.text())
        face._blocked = ""
        assert texts and not [t for t in texts if "站" in t or "stand" in t.lower()], texts
