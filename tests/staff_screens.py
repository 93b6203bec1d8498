"""Tapping through maintenance mode in UI journeys: sign in with the demo staff, type on a keypad,
read the audit actions. (The corner's 3-second press itself is tested in test_home_journey.py.)"""
from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.maintenance.demo_staff import DEMO_PIN

SIGN_IN_WAIT_MS = 15_000


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_keys(qtbot, keypad, text: str) -> None:
    """Digits by their keys; "." and "X" by the keypad's extra key."""
    for key in text:
        click(qtbot, keypad.keys["extra" if key in ".X" else key])


def open_sign_in(window):
    window.staff_corner.triggered.emit()
    assert window.current is window.screens["staff_sign_in"]
    return window.current


def sign_in_staff(window, qtbot, staff_id: str, pin: str = DEMO_PIN):
    """Staff number, OK, PIN, OK; returns the maintenance menu screen."""
    screen = open_sign_in(window)
    type_keys(qtbot, screen.keypad, staff_id)
    click(qtbot, screen.ok_button)
    type_keys(qtbot, screen.keypad, pin)
    click(qtbot, screen.ok_button)
    qtbot.wait_until(lambda: window.current is window.screens["maintenance"], timeout=SIGN_IN_WAIT_MS)
    return window.current


def audit_actions(services, action: str):
    return [entry for entry in services.audit.entries(limit=500) if entry.action == action]
