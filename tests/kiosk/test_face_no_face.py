"""An identification attempt that never sees a face ends (NO_FACE) instead of waiting for the idle
timeout; an enrolment, which the patient asked for, keeps waiting. Frames carry their own times."""
from __future__ import annotations

from pathlib import Path

import pytest

from devices.simulators.camera import synthetic_frame
from kiosk.config import ConfigError, load_config
from kiosk.face.attempt import FaceAttempt, FaceEnrolment, Stage
from kiosk.face.engine import FaceEngine, Quality
from kiosk.face.gallery import FaceGallery
from kiosk.face.settings import FaceSettings


@pytest.fixture(scope="module")
def engine():
    built = FaceEngine(FaceSettings(no_face_timeout_s=3.0))
    built.load()
    return built


def feed_empty_scene(attempt: FaceAttempt, seconds: float, every: float = 0.5) -> list:
    updates, now = [], 0.0
    while now <= seconds and not attempt.stage.finished:
        updates.append(attempt.feed(synthetic_frame(640, 480, int(now * 10)), now))
        now += every
    return updates


def test_an_attempt_with_no_face_in_any_frame_ends_after_the_timeout(engine):
    attempt = FaceAttempt(engine, FaceGallery(engine.dimensions), 0.0)
    updates = feed_empty_scene(attempt, 10.0)
    assert {u.quality for u in updates} <= {Quality.NO_FACE, Quality.BLANK_FRAME}
    assert updates[-1].stage is Stage.NO_FACE and updates[-2].stage is Stage.POSITIONING
    assert len(updates) == 8  # 0.0 … 3.5 s: the first frame past 3 s ends it


def test_an_enrolment_keeps_waiting_for_the_face(engine):
    enrolment = FaceEnrolment(engine, 0.0)
    updates = feed_empty_scene(enrolment, 10.0)
    assert updates[-1].stage is Stage.POSITIONING and len(updates) == 21


def test_the_timeout_comes_from_the_config_and_a_wrong_value_is_refused(tmp_path):
    demo = (Path(__file__).resolve().parents[2] / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    assert "no_face_timeout_s = 20" in demo
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(demo.replace("no_face_timeout_s = 20", "no_face_timeout_s = 12"), encoding="utf-8")
    assert FaceSettings.from_config(load_config(config_file)).no_face_timeout_s == 12.0
    config_file.write_text(demo.replace("no_face_timeout_s = 20", "no_face_timeout_s = 2"), encoding="utf-8")
    with pytest.raises(ConfigError, match="face.no_face_timeout_s"):
        load_config(config_file)
