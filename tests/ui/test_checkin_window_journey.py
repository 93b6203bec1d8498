"""Issue 18.8: check-in follows the hospital's window ([checkin] opens_before_min / closes_after_min):
not at 03:18 on a Sunday for 09:00 and 14:00 appointments; from 07:00 for the 09:00 one."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.checkin.service import OutsideCheckInWindow
from kiosk.checkin.window import WindowState
from kiosk.clock import FixedClock



@pytest.fixture
def services(kiosk_config):
    config = replace(kiosk_config, checkin_opens_before_min=120, checkin_closes_after_min=240)
    built = bootstrap(config, clock=FixedClock.at_local(2026, 11, 22, 3, 18))  # 2026-11-22 is a Sunday
    yield built
    built.close()


def patient_with_two_appointments(services) -> str:
    for patient_id, in services.db.execute("SELECT id FROM patients ORDER BY id"):
        if len(services.checkin.visit_today(patient_id).open_appointments) >= 2:
            return patient_id
    pytest.skip("the demo hospital has nobody with two appointments today")


def test_too_early_is_refused_in_the_service_and_opens_two_hours_before(services):
    patient_id = patient_with_two_appointments(services)
    visit = services.checkin.visit_today(patient_id)
    assert {view.window for view in visit.appointments} == {WindowState.TOO_EARLY}
    first = min(visit.appointments, key=lambda view: view.appointment.slot_time)
    with pytest.raises(OutsideCheckInWindow) as refused:
        services.checkin.check_in(patient_id, first.appointment.id)
    assert refused.value.state is WindowState.TOO_EARLY
    assert services.db.execute("SELECT count(*) FROM queue_numbers").fetchone() == (0,)
    slot = first.appointment.slot_time
    services.clock.advance(timedelta(hours=slot.hour - 3 - 2, minutes=slot.minute - 18))  # exactly 2 h before
    assert services.checkin.check_in(patient_id, first.appointment.id).ticket.number


def test_the_visit_screen_says_when_check_in_opens(make_window, services, qtbot):
    from ui.checkin import _identified_as  # how the scenes identify a patient

    patient_id = patient_with_two_appointments(services)
    window = make_window()
    _identified_as(window, patient_id)
    screen = window.screens["checkin"]
    qtbot.wait_until(lambda: window.current is screen and bool(screen.appointment_buttons), timeout=10_000)
    assert all("太早" in button.text() for button in screen.appointment_buttons)
    qtbot.mouseClick(screen.appointment_buttons[0], Qt.MouseButton.LeftButton)
    first = screen.appointment_buttons[0].property("appointment")
    assert first.opens_at.strftime("%H:%M") in screen.explain.text()
    assert services.devices.device("speaker").utterances[-1].text == screen.explain.text()
    assert window.current is screen and services.db.execute("SELECT count(*) FROM queue_numbers").fetchone() == (0,)
