"""Issue 18: the identify and check-in journeys keep their state in their controllers
(``window.identification``, ``window.checkin``), and the idle wipe takes all of it — the registration
choice half made, the ID card of someone the hospital does not know yet, the journey waiting for its
patient — with nothing of the patient left in any widget. The clinic clock is fixed at 09:00."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.his.demo_cards import visitor_card
from kiosk.his.masking import mask_id_number, mask_name, mask_phone


@pytest.fixture
def services(kiosk_config):
    built = bootstrap(kiosk_config, FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def tap(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def idle_runs_out(window) -> None:
    """The idle countdown ends (the signal the window's IdleWatcher sends): the kiosk wipes and goes home."""
    window.idle.expired.emit()
    assert window.current is window.home and window.services.sessions.current is None


def texts_showing(window, markers: set[str]) -> list[str]:
    """Widget texts holding a marker, except the demo panel's tray of demo cards (the tester's props)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

    from ui.demo.panel import DemoPanel

    props = {id(child) for panel in window.findChildren(DemoPanel) for child in panel.findChildren(QWidget)}
    found = []
    for widget in window.findChildren(QWidget):
        if id(widget) in props or not isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            continue
        text = widget.text()
        found += [f"{widget.objectName()}: {text!r}" for marker in markers
                  if text and (marker in text or marker in re.sub(r"\s", "", text))]
    return found


def type_id_number(window, qtbot, id_number: str) -> None:
    """From "how shall we find you?": the ID card number on the big keypad, then OK."""
    qtbot.waitUntil(lambda: window.current.name == "identify", timeout=5000)
    tap(qtbot, window.current.id_button)
    screen = window.current
    assert screen.name == "identify_id"
    for key in id_number:
        tap(qtbot, screen.keypad.keys[key])
    tap(qtbot, screen.ok_button)


def test_a_half_made_registration_is_forgotten_by_the_check_in_journey_at_the_idle_wipe(window, qtbot, services):
    patient = services.his.patient("DEMO-003")  # no appointment today: check-in goes on to registration
    tap(qtbot, window.home.tiles["checkin"])
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5000)
    if window.current.name == "checkin_face":
        tap(qtbot, window.current.other_way)
    type_id_number(window, qtbot, patient.id_number)
    qtbot.waitUntil(lambda: window.current.name == "checkin_register" and not window.current.loading, timeout=10_000)
    journey = window.checkin
    assert journey.visit is not None and journey.visit.appointments == ()
    assert services.sessions.current.identified_by == "id_number" and journey.enrolment_offered is None

    departments = window.current
    tap(qtbot, next(b for b in departments.buttons if b.property("department") == "ENDO"))
    qtbot.waitUntil(lambda: window.current.name == "checkin_register_doctor" and not window.current.loading,
                    timeout=10_000)
    tap(qtbot, window.current.buttons[0])
    confirm = window.current
    assert confirm.name == "checkin_register_confirm" and journey.department.code == "ENDO"
    assert confirm.slot is journey.slot and journey.slot.doctor_name in confirm.doctor.text()
    assert journey.remembers() == ["visit", "choices", "department", "slot"]

    idle_runs_out(window)

    assert journey.remembers() == [] and window.identification.remembers() == []
    markers = {patient.id, patient.name, mask_name(patient.name), mask_id_number(patient.id_number),
               patient.id_number[:8], mask_phone(patient.phone)}
    assert texts_showing(window, markers) == []
    assert [label.text() for label in (confirm.where, confirm.doctor, confirm.fee)] == ["", "", ""]
    assert services.his.appointments_on("DEMO-003", services.clock.today()) == []  # nothing was registered

    # The next patient who opens the confirm step (e.g. a stale button) gets no one's choice: back to the list.
    window.go("checkin_register_confirm")
    assert window.current.name != "checkin_register_confirm"


def test_the_card_of_a_new_patient_and_the_waiting_journey_are_gone_after_the_idle_wipe(window, qtbot, services):
    card = visitor_card()
    tap(qtbot, window.home.tiles["pay"])
    qtbot.waitUntil(lambda: window.current.name in ("identify", "checkin_face"), timeout=5000)
    services.devices.device("id_card_reader").present(card)
    qtbot.waitUntil(lambda: window.current.name == "identify_new_file", timeout=5000)
    flow = window.identification
    new_file = window.current
    assert flow.new_file_card == card and flow.purpose == "pay"
    assert new_file.values[0].text() == mask_name(card.name)
    tap(qtbot, new_file.keypad.keys["1"])
    assert flow.remembers() == ["_on_identified", "new_file_card"]

    idle_runs_out(window)

    assert flow.remembers() == [] and flow.purpose == "" and not flow.identifying()
    markers = {mask_name(card.name), mask_id_number(card.id_number), card.id_number[:8], card.name}
    assert texts_showing(window, markers) == [] and new_file.keypad.text == ""
    assert services.db.execute("SELECT COUNT(*) FROM patients WHERE id_number = ?", (card.id_number,)).fetchone()[0] == 0
