"""Face enrolment only on proof, withdrawal by the patient, staff-assisted enrolment, and the second
factor — through the real window, with the ``file:`` camera playing real photos from ../shared/faces."""
from __future__ import annotations

import random
from dataclasses import replace

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from face_photos import ENROL_PHOTOS, KIOSK_FRAME, OTHER_PERSON, live_person_frames, needs_faces, photo, shared_engine
from kiosk.face.liveness import Challenge, choose_challenge

pytestmark = [pytest.mark.faces, pytest.mark.slow, needs_faces]

DEMO_001_ID_NUMBER = "330102195001011236"
DEMO_001_ECODE = "ECODE:" + DEMO_001_ID_NUMBER  # a dynamic insurance e-code under the scanner
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".ppm", ".pgm"}


@pytest.fixture
def camera_window(make_window, services, tmp_path):
    """The window with the camera swapped for ``file:`` frames written outside the repository."""
    from kiosk.device_board import open_slot

    folder = tmp_path / "camera"
    folder.mkdir()
    for index, frame in enumerate(live_person_frames()):
        cv2.imwrite(str(folder / f"{index:03d}.png"), frame)
    services.devices.slots["camera"] = open_slot("camera", f"file:{folder}?fps=10")
    services.devices.poll()
    services.faces.rng = random.Random(seed_for(Challenge.TURN_LEFT))
    # a busy test machine analyses 1-2 frames a second: the kiosk's 15 s / 20 s limits (their own tests are
    # in tests/kiosk/test_face_attempt.py) must not decide these journeys
    services.faces.engine.settings = replace(services.faces.engine.settings, liveness_window_s=60.0,
                                             max_attempt_s=90.0)
    services.config = replace(services.config, idle_timeout_s=30)  # nor the tests' 3 s idle timeout
    return make_window


def next_challenge_is_a_left_turn(services) -> None:
    """The patient steps up and turns left when asked: the camera plays the live frames from the start
    (once, so the attempt never begins mid-turn), and the next attempt asks for a left turn."""
    from kiosk.device_board import open_slot

    folder = services.devices.slots["camera"].url.split(":", 1)[1].split("?")[0]
    services.devices.slots["camera"] = open_slot("camera", f"file:{folder}?fps=10")  # opened anew: from frame 0
    services.faces.rng = random.Random(seed_for(Challenge.TURN_LEFT))


def seed_for(challenge: Challenge) -> int:
    return next(s for s in range(100) if choose_challenge("68", random.Random(s)) is challenge)


def identify_by_id_number(window, qtbot) -> None:
    """Nobody (or not this face) found: the patient types the ID card number."""
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5_000)
    window.go("identify_id")
    screen = window.screens["identify_id"]
    for key in DEMO_001_ID_NUMBER:
        screen.keypad.press(key)
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)


def identify_by_ecode(window, qtbot, services) -> None:
    """The patient shows the insurance e-code on their phone to the scanner (nothing typed)."""
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5_000)
    if window.current.name == "checkin_face":
        window.go("identify")
    services.devices.device("scanner").present(DEMO_001_ECODE)


def count(services, sql: str) -> int:
    return int(services.db.execute(sql).fetchone()[0])


def test_a_typed_id_number_never_leads_to_enrolment(camera_window, services, qtbot):
    window = camera_window()
    identify_by_id_number(window, qtbot)
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=10_000)  # straight on, no offer
    assert count(services, "SELECT count(*) FROM face_consents") == 0
    assert not window.screens["checkin_ticket"].delete_face_button.isVisible()


def test_found_by_ecode_consents_enrols_live_and_next_time_the_face_finds_them(camera_window, services, qtbot,
                                                                                tmp_path):
    window = camera_window()
    identify_by_ecode(window, qtbot, services)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_offer", timeout=10_000)
    qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    assert window.current.name == "checkin_enrol_consent"
    assert count(services, "SELECT count(*) FROM face_consents") == 0  # reading the notice stores nothing
    next_challenge_is_a_left_turn(services)
    qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_capture", timeout=5_000)
    capture = window.screens["checkin_enrol_capture"]
    seen = []
    capture.pipeline.update.connect(seen.append)
    qtbot.waitUntil(lambda: capture.state not in ("capturing", "saving"), timeout=120_000)
    assert capture.state == "done", " ".join(f"{u.stage.value[:4]}/{u.liveness.value[:4]}/{u.quality.value[:6]}" for u in seen)
    assert "identified_by" in services.db.execute(
        "SELECT detail_json FROM audit_log WHERE action = 'face.consent_recorded'").fetchone()[0]

    templates = count(services, "SELECT count(*) FROM face_templates WHERE patient_id = 'DEMO-001'")
    assert 1 <= templates <= 3 and services.faces.is_enrolled("DEMO-001")
    (method, withdrawn) = services.db.execute(
        "SELECT method, withdrawn_utc FROM face_consents WHERE patient_id = 'DEMO-001'").fetchone()
    assert method == "self_service" and withdrawn is None
    # encrypted at rest: no stored row holds the template's plain float32 bytes
    plain = shared_engine().encode_photo(photo(KIOSK_FRAME)).astype("<f4").tobytes()[:16]
    for (ciphertext,) in services.db.execute("SELECT ciphertext FROM face_templates"):
        assert plain not in ciphertext
    written = [p for p in tmp_path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and "camera" not in p.parts]
    assert written == []  # no face image anywhere but the test's own camera frames

    # their place is kept: on to today's appointment and the printed ticket
    qtbot.mouseClick(capture.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=10_000)
    ticket = window.screens["checkin_ticket"]
    assert len(services.devices.device("receipt_printer").jobs) == 1
    assert ticket.delete_face_button.isVisible()
    qtbot.mouseClick(ticket.finish_button, Qt.MouseButton.LeftButton)
    assert services.sessions.current is None

    # next visit: the face alone finds the patient
    next_challenge_is_a_left_turn(services)
    qtbot.mouseClick(window.home.tiles["checkin"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_face", timeout=5_000)
    qtbot.waitUntil(lambda: window.current.name == "checkin" and window.screens["checkin"].visit is not None,
                    timeout=120_000)
    assert services.sessions.current.patient_id == "DEMO-001"
    assert window.screens["checkin"].appointment_buttons  # already checked in: "show my number"


@pytest.mark.parametrize("declined_on", ["checkin_enrol_offer", "checkin_enrol_consent"])
def test_declining_stores_nothing_and_goes_on_to_check_in(camera_window, services, qtbot, declined_on):
    window = camera_window()
    identify_by_ecode(window, qtbot, services)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_offer", timeout=10_000)
    if declined_on == "checkin_enrol_consent":
        qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    assert window.current.name == declined_on
    qtbot.mouseClick(window.current.no_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=10_000)
    assert count(services, "SELECT count(*) FROM face_consents") == 0
    assert count(services, "SELECT count(*) FROM face_templates") == 0
    assert not window.screens["checkin_ticket"].delete_face_button.isVisible()
    window.go("checkin")  # "my other appointments": the offer is not made twice in one visit
    assert window.current.name == "checkin"


def test_leaving_during_the_capture_closes_the_consent_and_stores_nothing(camera_window, services, qtbot, tmp_path):
    from kiosk.device_board import open_slot

    window = camera_window()
    empty_room = tmp_path / "empty-room"
    empty_room.mkdir()
    cv2.imwrite(str(empty_room / "000.png"), np.full((480, 640, 3), 128, np.uint8))  # nobody in front yet
    identify_by_ecode(window, qtbot, services)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_offer", timeout=10_000)
    services.devices.slots["camera"] = open_slot("camera", f"file:{empty_room}?fps=30")
    qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_capture", timeout=5_000)
    assert count(services, "SELECT count(*) FROM face_consents WHERE withdrawn_utc IS NULL") == 1

    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)  # "back to start" in the middle
    qtbot.waitUntil(lambda: count(services, "SELECT count(*) FROM face_consents WHERE withdrawn_utc IS NULL") == 0,
                    timeout=5_000)
    assert count(services, "SELECT count(*) FROM face_templates") == 0
    assert window.current.name == "home"


def test_a_still_photo_cannot_enrol_and_nothing_is_kept(camera_window, services, qtbot, tmp_path):
    from kiosk.device_board import open_slot

    window = camera_window()
    services.faces.engine.settings = replace(services.faces.engine.settings, liveness_window_s=2.0)
    still = tmp_path / "still"
    still.mkdir()
    cv2.imwrite(str(still / "000.png"), photo(KIOSK_FRAME))  # the patient's photo held up to the camera
    identify_by_ecode(window, qtbot, services)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_offer", timeout=10_000)
    services.devices.slots["camera"] = open_slot("camera", f"file:{still}?fps=20")
    services.devices.poll()
    qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.current.yes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_enrol_capture", timeout=10_000)
    capture = window.screens["checkin_enrol_capture"]
    qtbot.waitUntil(lambda: capture.state not in ("capturing", "saving"), timeout=60_000)
    assert capture.state == "not_live"
    assert capture.continue_button.isVisible() and not capture.preview.isVisible()
    qtbot.waitUntil(lambda: count(services, "SELECT count(*) FROM face_consents WHERE withdrawn_utc IS NULL") == 0,
                    timeout=5_000)
    assert count(services, "SELECT count(*) FROM face_templates") == 0


def test_staff_enrol_a_patient_at_the_kiosk_from_maintenance(camera_window, services, qtbot):
    from ui.maintenance import sign_in_for_demo

    window = camera_window()
    sign_in_for_demo(window, "9001")  # an administrator: face data is personal data
    window.go("staff_enrolments")
    panel = window.screens["staff_enrolments"]
    assert "1:N" in panel.mode.text()  # a small gallery: open search, and the limit it is allowed up to
    for key in DEMO_001_ID_NUMBER:
        panel.keypad.press(key)
    qtbot.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.patient is not None, timeout=5_000)
    assert panel.enrol_button.isVisible() and "张" not in panel.found.text()[1:2]
    next_challenge_is_a_left_turn(services)
    qtbot.mouseClick(panel.enrol_button, Qt.MouseButton.LeftButton)
    capture = window.screens["staff_enrol_capture"]
    assert window.current is capture and services.maintenance.session.member is not None  # staff stay signed in
    qtbot.waitUntil(lambda: capture.state == "done", timeout=120_000)
    (method, staff) = services.db.execute("SELECT method, staff_id FROM face_consents").fetchone()
    assert (method, staff) == ("staff_assisted", "9001") and services.faces.is_enrolled("DEMO-001")
    qtbot.mouseClick(capture.continue_button, Qt.MouseButton.LeftButton)
    assert window.current is panel
    qtbot.waitUntil(lambda: panel.enrolled == 1, timeout=10_000)


def test_the_patient_deletes_their_face_data_from_the_ticket_screen(camera_window, services, qtbot):
    services.faces.record_consent("DEMO-001", "self_service", identified_by="id_card")
    services.faces.enrol("DEMO-001", [shared_engine().encode_photo(photo(p)) for p in ENROL_PHOTOS])
    window = camera_window()
    window.go("checkin")
    face = window.screens["checkin_face"]
    seen = []
    face.pipeline.update.connect(seen.append)
    qtbot.waitUntil(lambda: window.current.name != "checkin_face", timeout=120_000)
    assert window.current.name in ("checkin", "checkin_ticket"), " ".join(
        f"{u.stage.value[:4]}/{u.liveness.value[:4]}/{u.quality.value[:6]}" for u in seen)
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=60_000)  # found by face
    ticket = window.screens["checkin_ticket"]
    qtbot.mouseClick(ticket.delete_face_button, Qt.MouseButton.LeftButton)
    delete = window.screens["checkin_face_delete"]
    assert window.current is delete and delete.state == "confirm"
    qtbot.mouseClick(delete.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: delete.state == "deleted", timeout=5_000)
    assert not services.faces.is_enrolled("DEMO-001") and services.faces.enrolled_people == 0
    assert count(services, "SELECT count(*) FROM face_templates") == 0
    assert count(services, "SELECT count(*) FROM face_consents WHERE withdrawn_utc IS NULL") == 0
    qtbot.mouseClick(delete.back_button, Qt.MouseButton.LeftButton)
    assert window.current is ticket and not ticket.delete_face_button.isVisible()


def test_a_large_gallery_asks_four_numbers_first_and_matches_only_those_people(camera_window, services, qtbot):
    services.faces.settings = replace(services.faces.settings, open_search_max=1)
    for patient_id, photos in (("DEMO-001", ENROL_PHOTOS), ("DEMO-002", (OTHER_PERSON,))):
        services.faces.record_consent(patient_id, "staff_assisted", staff_id="1001")
        services.faces.enrol(patient_id, [shared_engine().encode_photo(photo(p)) for p in photos])
    assert services.faces.needs_second_factor
    window = camera_window()
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name == "checkin_second_factor", timeout=5_000)
    second = window.screens["checkin_second_factor"]
    for key in "1231":  # nobody enrolled has this birthday or phone ending
        second.keypad.press(key)
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.error.isVisible(), timeout=5_000)
    assert window.current is second
    second.keypad.clear()
    for key in "0101":  # DEMO-001 was born on 1 January
        second.keypad.press(key)
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_face", timeout=5_000)
    face = window.screens["checkin_face"]
    assert set(face._attempt._within) == {"DEMO-001"}
    qtbot.waitUntil(lambda: window.current.name == "checkin_ticket", timeout=120_000)
    assert services.sessions.current.patient_id == "DEMO-001"


def test_the_second_factor_narrows_the_search_to_the_matching_people(services):
    vector = np.random.default_rng(3).normal(size=128).astype(np.float32)
    for patient_id in ("DEMO-001", "DEMO-002", "DEMO-004"):
        services.faces.record_consent(patient_id, "staff_assisted", staff_id="1001")
        services.faces.enrol(patient_id, [vector / np.linalg.norm(vector)])
        vector = np.roll(vector, 7)
    assert services.faces.candidates("0101") == {"DEMO-001"}
    assert services.faces.candidates("abcd") == set()


def test_numbers_shared_by_too_many_ask_for_the_other_four(camera_window, services, qtbot):
    services.faces.settings = replace(services.faces.settings, open_search_max=1)
    vector = np.random.default_rng(3).normal(size=128).astype(np.float32)
    for patient_id in ("DEMO-001", "DEMO-002"):
        services.faces.record_consent(patient_id, "staff_assisted", staff_id="1001")
        services.faces.enrol(patient_id, [vector / np.linalg.norm(vector)])
        vector = np.roll(vector, 7)
    window = camera_window()
    window.go("checkin")
    qtbot.waitUntil(lambda: window.current.name == "checkin_second_factor", timeout=5_000)
    second = window.screens["checkin_second_factor"]
    # the demo hospital's DEMO-002 shares DEMO-001's birthday here (what a real hospital has by the hundred)
    services.db.execute("UPDATE patients SET birth_date = '1950-01-01' WHERE id = 'DEMO-002'")
    for key in "0101":  # both were born on 1 January
        second.keypad.press(key)
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    asked = second.tr("Several people match. Please type the other 4 too.")
    qtbot.waitUntil(lambda: second.error.text() == asked, timeout=5_000)
    assert window.current is second and second.title.text() == second.tr("And the other 4 numbers")
    for key in services.his.patient("DEMO-001").phone[-4:]:
        second.keypad.press(key)
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.name == "checkin_face", timeout=5_000)
    assert set(window.screens["checkin_face"]._attempt._within) == {"DEMO-001"}
