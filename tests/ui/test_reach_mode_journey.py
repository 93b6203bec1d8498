"""Reach mode: a wheelchair user taps the wheelchair toggle in the footer and every control moves into
the lower 60 % of the window; it stays on for the patient's visit and resets when the visit ends."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton

from ui.screens.reach import reach_line
from ui.theme import SECONDARY_MIN_HEIGHT


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _controls_above_the_line(window) -> list[str]:
    line = reach_line(window)
    found = []
    for button in window.findChildren(QAbstractButton):
        shown = button.visibleRegion().boundingRect()
        if button.isVisible() and not shown.isEmpty() and button.mapTo(window, shown.topLeft()).y() < line:
            found.append(button.objectName())
    return found


def test_patient_turns_reach_mode_on_and_checks_in_by_id_number(window, qtbot, services):
    assert not window.reach_mode and window.reach_button.isVisible()
    assert "tile_checkin" in _controls_above_the_line(window) and "languageButton" in _controls_above_the_line(window)
    _click(qtbot, window.reach_button)
    assert window.reach_mode and window.reach_button.isChecked()
    assert window.reach_button.text() == "低位操作：已开"
    assert services.devices.device("speaker").utterances[-1].text == "所有按钮已经移到屏幕下方。"
    assert _controls_above_the_line(window) == []
    assert window.footer.isAncestorOf(window.language_button)

    window.go("identify_id")
    qtbot.wait(10)
    assert _controls_above_the_line(window) == []
    screen = window.current
    patient = services.his.patient("DEMO-001")
    for key in patient.id_number:
        _click(qtbot, screen.keypad.keys["extra" if key == "X" else key])
    assert screen.keypad.text == patient.id_number
    assert all(key.height() >= SECONDARY_MIN_HEIGHT for key in screen.keypad.keys.values() if key.isVisible())

    _click(qtbot, window.language_button)  # still works from down in the footer
    assert window.language_button.text() == "中文" and window.reach_mode
    assert _controls_above_the_line(window) == []


def test_back_to_start_keeps_it_and_the_end_of_the_visit_resets_it(window, qtbot):
    _click(qtbot, window.reach_button)
    window.go("identify_choice")
    _click(qtbot, window.home_button)
    assert window.current is window.home and window.reach_mode  # the same patient, another task
    window.go("identify_choice")
    window.go("home", reason="finished")
    assert not window.reach_mode and not window.reach_button.isChecked()
    assert window.header.isAncestorOf(window.language_button)
    assert not any(screen._reach.active for screen in window.screens.values())
    assert "tile_checkin" in _controls_above_the_line(window)


def test_turning_it_off_gives_the_normal_layout_back(window, qtbot):
    tile_top = window.home.tiles["checkin"].mapTo(window, QPoint(0, 0)).y()
    _click(qtbot, window.reach_button)
    assert window.home.tiles["checkin"].mapTo(window, QPoint(0, 0)).y() >= reach_line(window)
    _click(qtbot, window.reach_button)
    qtbot.wait(10)
    assert not window.reach_mode
    assert window.home.tiles["checkin"].mapTo(window, QPoint(0, 0)).y() == tile_top


def test_config_starts_a_landscape_kiosk_in_reach_mode(make_window, qtbot, services):
    services.config = replace(services.config, reach_mode=True)
    window = make_window("landscape", "en")
    assert window.reach_mode and window.reach_button.text() == "Low reach: on"
    for target in ("home", "identify_id", "identify_phone", "help"):
        window.go(target)
        qtbot.wait(10)
        assert _controls_above_the_line(window) == [], target
        assert (window.width(), window.height()) == (1920, 1080)
    window.go("home", reason="idle_timeout")
    assert window.reach_mode  # the kiosk's own setting


def test_staff_screens_keep_their_layout_and_hide_the_toggle(window, qtbot):
    _click(qtbot, window.reach_button)
    window.staff_corner.triggered.emit()
    assert not window.current.is_patient_journey
    assert not window.reach_button.isVisible()
    assert not window.current._reach.active
