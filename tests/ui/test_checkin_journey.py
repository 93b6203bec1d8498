"""Face check-in through the real window: the file camera plays real photos from ../shared/faces."""
from __future__ import annotations

import random
from dataclasses import replace

import cv2
import pytest
from PySide6.QtCore import Qt

from face_photos import ENROL_PHOTOS, GROUP, KIOSK_FRAME, live_person_frames, needs_faces, photo, shared_engine
from kiosk.face.liveness import Challenge, choose_challenge

pytestmark = [pytest.mark.faces, pytest.mark.slow, needs_faces]


def seed_for(challenge: Challenge) -> int:
    return next(s for s in range(100) if choose_challenge("68", random.Random(s)) is challenge)


@pytest.fixture
def camera_folder(tmp_path):
    """Frames for the ``file:`` camera, written to tmp_path (never into the repository)."""
    folder = tmp_path / "camera"
    folder.mkdir()
    return folder


def write_frames(folder, frames) -> None:
    for index, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"{index:03d}.png"), frame)


@pytest.fixture
def face_window(make_window, services, kiosk_config, camera_folder, qtbot):
    """The window with DEMO-001 enrolled and the camera swapped for ``file:`` on camera_folder."""
    from kiosk.device_board import open_slot

    def build(frames, challenge: Challenge = Challenge.TURN_LEFT, enrol: bool = True):
        write_frames(camera_folder, frames)
        services.devices.slots["camera"] = open_slot("camera", f"file:{camera_folder}?fps=10")
        services.devices.poll()
        if enrol:
            services.faces.record_consent("DEMO-001", "staff_assisted", staff_id="1001")
            services.faces.enrol("DEMO-001", [shared_engine().encode_photo(photo(p)) for p in ENROL_PHOTOS])
        services.faces.rng = random.Random(seed_for(challenge))
        # these journeys are about the face, not idling: the tests' 3 s idle timeout must not win a race
        # against face analysis on a busy machine
        services.config = replace(services.config, idle_timeout_s=30)
        return make_window()

    return build




def test_enrolled_person_turns_head_and_gets_a_printed_ticket(face_window, services, qtbot):
    window = face_window(live_person_frames())
    tile = window.home.tiles["checkin"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=30_000)
    ticket = window.screens["checkin_ticket"]
    assert ticket.result.ticket.number in ticket.number.text()
    printer = services.devices.device("receipt_printer")
    assert len(printer.jobs) == 1 and ticket.result.ticket.number.encode() in printer.jobs[0].data
    (status,) = services.db.execute("SELECT status FROM appointments WHERE patient_id = 'DEMO-001'").fetchone()
    assert status == "checked_in"
    assert services.db.execute("SELECT count(*) FROM queue_numbers WHERE patient_id = 'DEMO-001'").fetchone()[0] == 1
    window.screens["checkin_ticket"].finish_button.click()
    assert window.current is window.home and services.sessions.current is None


def test_a_static_photo_fails_liveness_three_times_then_the_fallbacks_show(face_window, services, qtbot):
    window = face_window([photo(KIOSK_FRAME)], challenge=Challenge.BLINK)
    face = window.screens["checkin_face"]
    face.retry_timer.setInterval(10)
    # the kiosk gives 15 s per challenge; the logic under test is the same with 1.5 s
    services.faces.engine.settings = replace(services.faces.settings, liveness_window_s=1.5)
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name == "checkin_face", timeout=5_000)
    qtbot.waitUntil(lambda: window.current.name == "identify", timeout=30_000)
    assert face.failures == 3
    assert services.sessions.current.patient_id is None
    assert services.devices.device("receipt_printer").jobs == []


def test_a_group_photo_asks_for_one_person_at_a_time(face_window, qtbot):
    window = face_window([photo(GROUP)])
    window.go("checkin")
    face = window.screens["checkin_face"]
    qtbot.waitUntil(lambda: window.current is face and face.pipeline.frames_analysed > 0, timeout=10_000)
    qtbot.waitUntil(lambda: face.prompt.text() == face.tr("One person at a time, please."), timeout=10_000)


def test_an_unknown_person_goes_to_the_other_ways_after_three_tries(face_window, services, qtbot):
    window = face_window(live_person_frames(), enrol=False)
    services.faces.record_consent("DEMO-002", "staff_assisted", staff_id="1001")
    services.faces.enrol("DEMO-002", [shared_engine().encode_photo(photo("joe_biden/biden_biden2.jpg"))])
    window.screens["checkin_face"].retry_timer.setInterval(10)
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name == "identify", timeout=60_000)
    assert services.sessions.current.patient_id is None


def test_after_withdrawal_the_face_no_longer_identifies(face_window, services, qtbot):
    window = face_window(live_person_frames())
    services.faces.withdraw("DEMO-001", actor="patient")
    window.go("checkin")
    face = window.screens["checkin_face"]
    qtbot.waitUntil(lambda: window.current.name == "identify", timeout=5_000)  # nobody enrolled: other ways
    window.go("checkin_face")  # "try my face again": now the screen says why not
    assert face.other_way_primary.isVisible() and not face.pipeline.running


def test_a_camera_that_stops_sending_pictures_offers_the_other_ways(make_window, services, qtbot):
    services.faces.record_consent("DEMO-001", "staff_assisted", staff_id="1001")
    services.faces.enrol("DEMO-001", [shared_engine().encode_photo(photo(ENROL_PHOTOS[0]))])
    # nobody is in front of the simulated camera: the tests' 3 s idle timeout would race the 3 s it
    # takes to call a silent camera broken
    services.config = replace(services.config, idle_timeout_s=30)
    window = make_window()
    window.go("checkin")
    face = window.screens["checkin_face"]
    qtbot.waitUntil(lambda: window.current is face and face.pipeline.running, timeout=5_000)
    services.devices.device("camera").inject(fail="no_frames")
    qtbot.waitUntil(lambda: face.other_way_primary.isVisible(), timeout=10_000)
    assert not face.pipeline.running


def test_an_id_card_on_the_face_step_makes_the_face_a_one_to_one_check_of_its_holder(face_window, services, qtbot):
    """人证核验: the card says who; the live face must be that patient (searched 1:1), then the ticket."""
    from kiosk.his.demo_cards import demo_card
    from ui.checkin.privacy import FACE_WITHIN

    window = face_window(live_person_frames())
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name == "checkin_face", timeout=10_000)
    services.devices.device("id_card_reader").present(demo_card("DEMO-001"))
    qtbot.waitUntil(lambda: services.sessions.current is not None
                    and services.sessions.current.scratch.get(FACE_WITHIN) == frozenset({"DEMO-001"}), timeout=10_000)
    assert window.current.name == "checkin_face"  # the card alone did not check the patient in
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=60_000)
    assert services.sessions.current.identified_by == "face"


def test_an_id_card_whose_holder_has_no_face_on_file_identifies_by_the_card(face_window, services, qtbot):
    from kiosk.his.demo_cards import demo_card

    window = face_window(live_person_frames())
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name == "checkin_face", timeout=10_000)
    services.devices.device("id_card_reader").present(demo_card("DEMO-002"))  # enrolled: DEMO-001 only
    qtbot.waitUntil(lambda: services.sessions.current is not None
                    and services.sessions.current.patient_id == "DEMO-002", timeout=10_000)
    assert services.sessions.current.identified_by == "id_card"
