"""Chair labels read by the kiosk camera on the wheelchair scan screen (zxing-cpp on the camera worker),
with the simulated camera showing a printed label held up to it."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from devices.simulators.camera import frame_showing
from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.wheelchair.camera_codes import read_code_in_frame
from kiosk.wheelchair.label_sheet import label_qr_png, label_sheet_html

IDENTIFY_SCREENS = {"identify", "identify_id", "identify_phone", "checkin_face", "face"}


@pytest.fixture
def services(kiosk_config):
    built = bootstrap(kiosk_config, clock=FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def printed_label(services, chair_id: str) -> np.ndarray:
    """The label as maintenance prints it (the label sheet's QR picture), in grey."""
    _, images = label_sheet_html("H", [(chair_id, services.wheelchairs.label_for(chair_id))])
    return np.asarray(Image.open(io.BytesIO(images[f"qr-{chair_id}.png"])).convert("L"))


def held_up(picture: np.ndarray, frames: int = 4) -> list[np.ndarray]:
    return [frame_showing(picture, counter=counter) for counter in range(frames)]


def test_a_label_shown_to_the_camera_leads_to_that_chairs_price_card(window, qtbot, services):
    camera = services.devices.device("camera")
    camera.play(held_up(printed_label(services, "WC-003")))
    qtbot.mouseClick(window.home.tiles["wheelchair"], Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    assert not window.screens["wheelchair"].camera_reader.running  # left the scan screen: camera released
    window.identification.identified(services.his.patient("DEMO-001"))
    price = window.screens["wheelchair_price"]
    qtbot.wait_until(lambda: window.current is price, timeout=5000)  # after the overdue-chair check
    assert price.chair_id == "WC-003"
    assert "前 2 小时免费" in price.prices.text()


def test_a_forged_label_in_view_is_refused_once_not_on_every_frame(window, qtbot, services):
    genuine = services.wheelchairs.label_for("WC-001")  # its signature, copied onto another chair's number:
    forged = np.asarray(Image.open(io.BytesIO(label_qr_png(genuine.replace("WC-001", "WC-004")))).convert("L"))
    services.devices.device("camera").play(held_up(forged))
    speaker = services.devices.device("speaker")
    qtbot.mouseClick(window.home.tiles["wheelchair"], Qt.MouseButton.LeftButton)
    start = window.screens["wheelchair"]
    qtbot.wait_until(lambda: start.problem.isVisible(), timeout=5000)
    assert start.problem.text() == "这不是本院的轮椅标签。请换一辆，或到一楼服务台。"
    spoken_before = len(speaker.utterances)
    frames_before = start.camera_reader.frames_analysed
    qtbot.wait_until(lambda: start.camera_reader.frames_analysed > frames_before + 10, timeout=5000)
    assert len(speaker.utterances) == spoken_before and start.camera_reader.running
    assert services.db.execute("SELECT count(*) FROM wheelchair_rentals").fetchone() == (0,)


def test_the_decoder_reads_a_tilted_blurred_label_and_nothing_in_an_empty_frame(services):
    label = services.wheelchairs.label_for("WC-002")
    frame = frame_showing(printed_label(services, "WC-002"), size=0.35, tilt=0.15, blur_sigma=1.2)
    assert frame.shape == (480, 640, 3)
    assert read_code_in_frame(frame) == label
    assert read_code_in_frame(frame_showing(np.full((50, 50), 255, np.uint8))) is None
