"""A patient identifies themselves on the fallback screens; the journey that asked gets the patient."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui.identify import start_identification


def tap_keys(qtbot, screen, keys: str) -> None:
    for key in keys:
        qtbot.mouseClick(screen.keypad.keys["extra" if key == "X" else key], Qt.MouseButton.LeftButton)


def test_id_number_on_the_keypad_identifies_the_patient(window, qtbot, services):
    found = []
    start_identification(window, "pay", found.append)
    window.go("identify")  # "other ways" (the face step comes first when the camera works)
    qtbot.mouseClick(window.screens["identify"].id_button, Qt.MouseButton.LeftButton)
    screen = window.screens["identify_id"]
    assert window.current is screen and not screen.ok_button.isEnabled()
    tap_keys(qtbot, screen, "330102195001011236")
    assert screen.entry.text() == "3301 0219 5001 0112 36"
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: bool(found), timeout=3000)
    assert found[0].id == "DEMO-001"
    assert services.sessions.current.journey == "pay"
    assert services.sessions.current.patient_id == "DEMO-001"


def test_a_mistyped_number_is_explained_and_spoken(window, qtbot, services):
    start_identification(window, "checkin", lambda patient: None)
    window.go("identify_id")
    screen = window.screens["identify_id"]
    tap_keys(qtbot, screen, "330102195001011234")
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: screen.error.isVisible(), timeout=3000)
    assert "好像不对" in screen.error.text()
    assert services.devices.device("speaker").utterances[-1].text == screen.error.text()
    qtbot.mouseClick(screen.keypad.keys["delete"], Qt.MouseButton.LeftButton)
    assert not screen.error.isVisible()
    assert services.sessions.current.patient_id is None


def test_phone_and_birth_date(window, qtbot):
    found = []
    start_identification(window, "wheelchair", found.append)
    window.go("identify")
    qtbot.mouseClick(window.screens["identify"].phone_button, Qt.MouseButton.LeftButton)
    screen = window.screens["identify_phone"]
    tap_keys(qtbot, screen, "13800000002")
    assert screen.phone.text() == "13800000002" and screen.birth.text() == "____-__-__"
    tap_keys(qtbot, screen, "19480315")
    assert screen.birth.text() == "1948-03-15"
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: bool(found), timeout=3000)
    assert found[0].id == "DEMO-002"


def test_insurance_ecode_under_the_scanner_works_from_the_first_screen(window, qtbot, services):
    found = []
    start_identification(window, "pay", found.append)
    services.devices.device("scanner").present("ECODE:310104195607200153")
    qtbot.wait_until(lambda: bool(found), timeout=5000)
    assert found[0].id == "DEMO-003"


def test_an_unknown_code_says_what_to_do_and_keeps_listening(window, qtbot, services):
    found = []
    start_identification(window, "pay", found.append)
    choice = window.screens["identify"]
    window.go("identify")
    scanner = services.devices.device("scanner")
    scanner.present("WC-001")
    qtbot.wait_until(lambda: choice.scan_error.isVisible(), timeout=5000)
    assert services.config.help_desk_zh in choice.scan_error.text()
    scanner.present("330102195001011236")
    qtbot.wait_until(lambda: bool(found), timeout=5000)
    assert found[0].id == "DEMO-001"


def test_leaving_the_screen_stops_listening_to_the_scanner(window, qtbot, services):
    found = []
    start_identification(window, "pay", found.append)
    window.go("home")
    scanner = services.devices.device("scanner")
    with qtbot.waitSignal(window.scanner.dropped, timeout=5000):  # nobody asked for it within the grace window
        scanner.present("330102195001011236")
    assert found == [] and window.current is window.home and services.sessions.current is None
    start_identification(window, "pay", found.append)
    scanner.present("ECODE:310104195607200153")
    qtbot.wait_until(lambda: bool(found), timeout=5000)
    assert [patient.id for patient in found] == ["DEMO-003"]  # the dropped code was not delivered late


def test_a_code_shown_just_after_identification_is_left_for_the_next_screen(window, qtbot, services):
    """A code held up once the keypad has identified the patient is not the finished identification's:
    it waits (briefly) for the next screen that asks, instead of being swallowed."""
    found = []
    start_identification(window, "pay", found.append)
    window.go("identify_id")
    screen = window.screens["identify_id"]
    tap_keys(qtbot, screen, "330102195001011236")
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: bool(found), timeout=3000)
    scanner = services.devices.device("scanner")
    scanner.present("ECODE:310104195607200153")
    qtbot.wait_until(lambda: window.scanner.held == 1, timeout=3000)
    assert [patient.id for patient in found] == ["DEMO-001"]  # not given to the identification that ended
    start_identification(window, "pay", found.append)
    qtbot.wait_until(lambda: len(found) == 2, timeout=5000)
    assert found[1].id == "DEMO-003" and window.scanner.held == 0 and scanner.codes_read == ["ECODE:310104195607200153"]


def test_the_scanner_still_hears_the_next_patient_after_one_identified_by_scanning(window, qtbot, services):
    """Issue 18.1: the first scan identification used to leave the flow 'listening' with no read waiting."""
    scanner = services.devices.device("scanner")
    for code, patient_id in (("330102195001011236", "DEMO-001"), ("ECODE:310104195607200153", "DEMO-003")):
        found = []
        start_identification(window, "pay", found.append)
        scanner.present(code)
        qtbot.wait_until(lambda: bool(found), timeout=5000)
        assert found[0].id == patient_id
        window.go("home", reason="finished")
    assert scanner.pending() == []


def test_with_nobody_enrolled_check_in_says_why_the_face_is_skipped(window, qtbot, services):
    """Issue 18.7: check-in jumped to "choose a way" without saying why."""
    assert services.faces.enrolled_people == 0
    qtbot.mouseClick(window.home.tiles["checkin"], Qt.MouseButton.LeftButton)
    choice = window.screens["identify"]
    qtbot.wait_until(lambda: window.current is choice, timeout=5000)
    assert choice.face_note.isVisible() and "还没有人登记过刷脸" in choice.face_note.text()
    assert not choice.face_button.isVisible()  # no "try my face again" that could only fail
    qtbot.wait_until(lambda: "还没有人登记过刷脸" in services.devices.device("speaker").utterances[-1].text, timeout=3000)
    start_identification(window, "pay", lambda patient: None)
    window.go("identify")
    assert not choice.face_note.isVisible()  # the note is about check-in only


def test_a_lookup_that_answers_after_the_patient_left_never_identifies_the_next_one(window, qtbot, services):
    """Patient A types their ID number and the hospital system is slow; A goes back to the start and
    patient B begins to pay. A's answer, when it comes, is dropped: B's session stays without a patient
    and B is not handed A (the right patient every time)."""
    import threading

    answer = threading.Event()
    real = services.finder.by_id_number

    def slow_hospital_system(number: str):
        answer.wait(10)  # the hospital system answers late
        return real(number)

    services.finder.by_id_number = slow_hospital_system
    first, second = [], []
    start_identification(window, "checkin", first.append)
    window.go("identify_id")
    screen = window.screens["identify_id"]
    tap_keys(qtbot, screen, "330102195001011236")
    qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    window.go("home", reason="home")  # A leaves
    start_identification(window, "pay", second.append)  # B begins
    window.go("identify")
    answer.set()
    qtbot.wait_until(lambda: window.identification.dropped_answers == 1, timeout=5000)  # A's answer came
    assert first == [] and second == []
    assert services.sessions.current.journey == "pay" and services.sessions.current.patient_id is None
    assert window.current is window.screens["identify"]
