"""Pay-later confirmed by the credit PIN (wrong PINs, lockout, the phone QR instead) and by a fresh
live face match, through the real window; each ends in credit_debts rows (amount, due date)."""
from __future__ import annotations

import json
import random
from dataclasses import replace

import cv2
import pytest

from face_photos import ENROL_PHOTOS, OTHER_PERSON, live_person_frames, needs_faces, photo, shared_engine
from kiosk.face.liveness import Challenge, choose_challenge
from kiosk.payment.credit_pin import MAX_WRONG_PINS
from ui.payment import open_bill_for


def type_pin(later, pin: str) -> None:
    for key in pin:
        later.keypad.press(key)
    later.confirm_button.click()


def reach_pay_later(window, qtbot, patient_id: str):
    open_bill_for(window, patient_id)
    window.go("pay_later")
    later = window.screens["pay_later"]
    qtbot.waitUntil(lambda: later.offer is not None, timeout=30_000)  # a credit check on a busy machine
    return later


def test_pin_digits_are_big_and_masked(window, qtbot):
    later = reach_pay_later(window, qtbot, "DEMO-003")
    for key in "1357":
        later.keypad.press(key)
    assert (later.digits.filled, later.digits.length) == (4, 6)  # dots, never the digits
    digit = later.keypad.keys["5"]
    assert digit.font().pixelSize() >= 48 or digit.fontInfo().pixelSize() >= 48
    assert digit.height() >= 96


def test_a_mismatched_repeat_starts_over_then_the_pin_confirms_and_the_debt_is_written(window, qtbot):
    later = reach_pay_later(window, qtbot, "DEMO-003")
    type_pin(later, "135790")
    assert later.mode == "repeat_pin"
    type_pin(later, "135791")
    qtbot.waitUntil(lambda: later.problem == "mismatch", timeout=5000)
    assert later.mode == "new_pin" and "不一致" in later.explain.text()
    type_pin(later, "135790")
    type_pin(later, "135790")
    qtbot.waitUntil(lambda: window.current.name == "pay_done", timeout=10_000)
    db = window.services.db
    today = window.services.clock.today()
    (amount, due, state), = db.execute("SELECT amount_fen, due_day, state FROM credit_debts "
                                       "WHERE patient_id = 'DEMO-003'").fetchall()
    assert (amount, state) == (933, "open") and (due and due > today.isoformat())
    assert db.execute("SELECT count(*) FROM credit_pins WHERE patient_id = 'DEMO-003'").fetchone()[0] == 1


def test_five_wrong_pins_lock_pay_later_and_offer_the_phone_qr(make_window, services, qtbot):
    # Five PIN checks on a busy machine can take longer than the tests' 3 s idle timeout, and the idle
    # wipe now clears the screen (issue 18.11): this test is about PINs, not idling.
    services.config = replace(services.config, idle_timeout_s=60)
    window = make_window()
    window.services.payments.credit.pins.set_pin("DEMO-002", "246801", "246801")
    later = reach_pay_later(window, qtbot, "DEMO-002")
    assert later.mode == "pin"
    for tries_left in range(MAX_WRONG_PINS - 1, 0, -1):
        type_pin(later, "000000")
        qtbot.waitUntil(lambda: later.problem == "wrong" and later.tries_left == tries_left and not later._busy,
                        timeout=5000)
    assert "1" in later.explain.text()
    type_pin(later, "000000")
    qtbot.waitUntil(lambda: later.problem == "locked", timeout=5000)
    assert later.qr_button.isVisible() and not later.keypad.isVisible()
    assert "15" in later.explain.text() and "二维码" in later.explain.text()
    db = window.services.db
    assert db.execute("SELECT count(*) FROM credit_debts").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'payment.credit_pin_wrong'").fetchone()[0] == 5
    later.qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: window.current is qr and qr.attempt is not None, timeout=10_000)
    window.go("home", reason="home")


def seed_for(challenge: Challenge) -> int:
    return next(s for s in range(100) if choose_challenge("68", random.Random(s)) is challenge)


@pytest.mark.faces
@needs_faces
def test_an_enrolled_patient_confirms_pay_later_with_a_live_face(make_window, services, tmp_path, qtbot):
    from kiosk.device_board import open_slot

    folder = tmp_path / "camera"
    folder.mkdir()
    for index, picture in enumerate(live_person_frames()):  # DEMO-002 in the second test
        cv2.imwrite(str(folder / f"{index:03d}.png"), picture)
    services.devices.slots["camera"] = open_slot("camera", f"file:{folder}?fps=10")
    services.devices.poll()
    services.faces.record_consent("DEMO-001", "staff_assisted", staff_id="1001")
    services.faces.enrol("DEMO-001", [shared_engine().encode_photo(photo(p)) for p in ENROL_PHOTOS])
    services.faces.rng = random.Random(seed_for(Challenge.TURN_LEFT))
    # The face check is seconds of dlib work per frame on a busy machine: the tests' 3 s idle timeout
    # would end the session before it answers (the kiosk's own timeout is minutes).
    services.config = replace(services.config, idle_timeout_s=120)
    window = make_window()
    later = reach_pay_later(window, qtbot, "DEMO-001")
    assert later.mode == "face" and later.face.isVisible() and not later.keypad.isVisible()
    qtbot.waitUntil(lambda: window.current.name == "pay_done", timeout=120_000)  # slow under load
    rows = services.db.execute("SELECT patient_id, amount_fen, state FROM credit_debts").fetchall()
    assert rows == [("DEMO-001", 1350, "open")]
    assert services.db.execute("SELECT count(*) FROM credit_pins").fetchone()[0] == 0
    (detail,), = services.db.execute("SELECT detail_json FROM audit_log WHERE action = "
                                     "'payment.credit_face_confirmation'").fetchall()
    assert json.loads(detail)["matched"] is True


@pytest.mark.faces
@needs_faces
def test_another_persons_face_never_confirms_and_the_phone_qr_is_offered(make_window, services, tmp_path, qtbot):
    from kiosk.device_board import open_slot

    folder = tmp_path / "camera"
    folder.mkdir()
    for index, picture in enumerate(live_person_frames()):  # DEMO-002 in the second test
        cv2.imwrite(str(folder / f"{index:03d}.png"), picture)
    services.devices.slots["camera"] = open_slot("camera", f"file:{folder}?fps=10")
    services.devices.poll()
    for patient_id, photos in (("DEMO-001", (OTHER_PERSON, "joe_biden/biden_biden2.jpg")), ("DEMO-002", ENROL_PHOTOS)):
        services.faces.record_consent(patient_id, "staff_assisted", staff_id="1001")
        services.faces.enrol(patient_id, [shared_engine().encode_photo(photo(p)) for p in photos])
    services.faces.rng = random.Random(seed_for(Challenge.TURN_LEFT))
    # The face check is seconds of dlib work per frame on a busy machine: the tests' 3 s idle timeout
    # would end the session before it answers (the kiosk's own timeout is minutes).
    services.config = replace(services.config, idle_timeout_s=120)
    window = make_window()
    later = reach_pay_later(window, qtbot, "DEMO-001")
    later.face.retry_timer.setInterval(10)
    qtbot.waitUntil(lambda: later.problem == "face_failed", timeout=120_000)
    assert later.face.tries == 3 and later.qr_button.isVisible() and window.current is later
    assert "二维码" in later.explain.text()
    assert services.db.execute("SELECT count(*) FROM credit_debts").fetchone()[0] == 0
