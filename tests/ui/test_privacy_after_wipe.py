"""Issue 18.11: after the idle wipe, no screen (shown or hidden) still holds the last patient.

Every scene of every feature (the same walk as the screenshots and the accessibility test) fills its
screens with a real demo patient; then the idle time-out wipes the session and every widget's text, and
every journey controller's state, is searched for that patient.
"""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from kiosk.his.masking import mask_id_number, mask_name, mask_phone
from ui.screenshots import SCENES

JOURNEY_STATE = ("intent", "patient", "rental", "attempt", "offer", "done", "started", "notice", "visit", "result")


def patient_markers(services) -> set[str]:
    markers = set()
    for patient_id, name, id_number, phone in services.db.execute("SELECT id, name, id_number, phone FROM patients"):
        markers |= {patient_id, name, mask_name(name), id_number[:8], mask_id_number(id_number), phone[:7],
                    mask_phone(phone)}
    return {marker for marker in markers if len(marker) >= 3}


def widget_texts(window) -> list[tuple[str, str]]:
    """Every text a widget holds, except the demo panel's tray of demo patients' cards and codes (demo
    mode only: the tester's props, the same for every session)."""
    from ui.demo.panel import DemoPanel

    props = {id(child) for panel in window.findChildren(DemoPanel) for child in panel.findChildren(QWidget)}
    texts = []
    for widget in window.findChildren(QWidget):
        if id(widget) in props:
            continue
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)) and widget.text():
            where = f"{type(widget.window()).__name__}/{widget.objectName() or type(widget).__name__}"
            texts.append((where, widget.text()))
    return texts


def leftovers(window, markers: set[str]) -> list[str]:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # rows already let go of
    found = []
    for where, text in widget_texts(window):
        compact = re.sub(r"\s", "", text)
        found += [f"{where}: {marker!r} in {text!r}" for marker in markers if marker in compact or marker in text]
    for name, screen in window.screens.items():
        for attribute in JOURNEY_STATE:
            value = getattr(screen, attribute, None)
            if value is not None and not isinstance(value, QWidget):  # a label called "result" is no state
                found.append(f"screen {name}.{attribute} still set")
    for journey in window.journeys:
        found += [f"{type(journey).__name__}: {what}" for what in journey.remembers()]
    return found


@pytest.mark.slow
def test_no_screen_holds_the_last_patient_after_the_idle_wipe(window, qtbot, services):
    markers = patient_markers(services)
    problems = []
    for scene, show in SCENES.items():
        show(window)
        qtbot.wait(20)
        window.go("home", reason="idle_timeout")
        problems += [f"{scene}: {problem}" for problem in leftovers(window, markers)]
        for kind in window.services.devices.slots:
            window.services.devices.device(kind).clear_faults()
    assert not problems, "\n".join(sorted(set(problems)))


def test_a_half_typed_pin_and_id_number_are_gone_after_the_idle_wipe(window, qtbot, services):
    from ui.payment import open_bill_for
    from ui.widgets.keypad import Keypad

    window.go("identify_id")
    for key in "33010219":
        window.screens["identify_id"].keypad.press(key)
    open_bill_for(window, "DEMO-001")
    window.go("pay_later")
    later = window.screens["pay_later"]
    qtbot.wait_until(lambda: later.keypad.isVisible(), timeout=5000)
    for key in "123":
        later.keypad.press(key)
    window.go("home", reason="idle_timeout")
    assert [pad.text for pad in window.findChildren(Keypad) if pad.text] == []
    assert window.payment.intent is None and later.offer is None
