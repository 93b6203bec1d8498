"""Issue 18: one scanner, many screens. Two patients in a row identify by scanning, then a wheelchair
label and a staff badge are scanned — each code reaches the screen that was shown and asked for it,
once, and nothing goes to a hidden screen or is left over."""
from __future__ import annotations

from PySide6.QtCore import Qt

from staff_screens import open_sign_in, sign_in_staff

IDENTIFY_SCREENS = {"identify", "identify_id", "identify_phone", "checkin_face", "face"}
WAIT_MS = 10_000


def tap(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_patients_a_wheelchair_and_a_technician_each_get_their_own_code(window, qtbot, services):
    scanner = services.devices.device("scanner")
    deliveries: list[tuple[str, str, bool]] = []  # (screen given the code, screen shown, shown on screen)
    window.scanner.delivered.connect(
        lambda name: deliveries.append((name, window.current.name, window.current.isVisible())))
    dropped: list[bool] = []
    window.scanner.dropped.connect(lambda: dropped.append(True))
    bill = window.screens["pay"]

    for code, patient_id in (("330102195001011236", "DEMO-001"), ("ECODE:310104195607200153", "DEMO-003")):
        tap(qtbot, window.home.tiles["pay"])
        qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=WAIT_MS)
        scanner.present(code)
        qtbot.wait_until(lambda: window.current is bill and bill.intent is not None, timeout=WAIT_MS)
        assert services.sessions.current.patient_id == patient_id
        tap(qtbot, window.home_button)  # the patient leaves; the next one comes
        assert services.sessions.current is None

    tap(qtbot, window.home.tiles["wheelchair"])
    assert window.current.name == "wheelchair"
    scanner.present(services.wheelchairs.label_for("WC-002"))
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=WAIT_MS)  # who rents it?
    assert services.sessions.current.journey == "wheelchair"
    tap(qtbot, window.home_button)

    sign_in = open_sign_in(window)
    scanner.present("ONEVISIT-STAFF:1001")
    qtbot.wait_until(lambda: sign_in.step == "pin", timeout=WAIT_MS)
    assert sign_in.staff_id == "1001"

    assert len(deliveries) == 4, deliveries  # one delivery per code: none twice, none lost
    assert all(given == shown and visible for given, shown, visible in deliveries), deliveries
    assert [given in IDENTIFY_SCREENS for given, _, _ in deliveries[:2]] == [True, True]
    assert [given for given, _, _ in deliveries[2:]] == ["wheelchair", "staff_sign_in"]
    assert scanner.codes_read == ["330102195001011236", "ECODE:310104195607200153",
                                  services.wheelchairs.label_for("WC-002"), "ONEVISIT-STAFF:1001"]
    assert scanner.pending() == [] and window.scanner.held == 0 and dropped == []


def test_the_scanner_self_test_gets_the_code_and_patients_get_the_scanner_back(window, qtbot, services):
    scanner = services.devices.device("scanner")
    deliveries: list[str] = []
    window.scanner.delivered.connect(deliveries.append)
    menu = sign_in_staff(window, qtbot, "1001")
    tap(qtbot, menu.panel_buttons["staff_devices"])
    row = window.current.rows["scanner"]
    tap(qtbot, row.test_button)
    qtbot.wait_until(lambda: window.scanner.paused_now, timeout=WAIT_MS)  # the test reads; the service waits
    scanner.present("TEST-CODE-7")
    qtbot.wait_until(lambda: "测试通过" in row.result.text(), timeout=WAIT_MS)
    assert "TEST-CODE-7" in row.result.text() and deliveries == [] and window.scanner.held == 0

    window.go("home", reason="finished")
    tap(qtbot, window.home.tiles["wheelchair"])
    scanner.present(services.wheelchairs.label_for("WC-002"))
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=WAIT_MS)
    assert deliveries == ["wheelchair"] and not window.scanner.paused_now
