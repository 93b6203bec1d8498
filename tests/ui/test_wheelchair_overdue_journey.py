"""Overdue home-use chairs through the real window: the window's sweep reminds the renter through the
hospital, and the renter, identified at the kiosk, is told in plain words before anything else."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.wheelchair.fleet import ChairState
from kiosk.wheelchair.pricing import RentalMode

IDENTIFY_SCREENS = {"identify", "identify_id", "identify_phone", "checkin_face", "face"}


@pytest.fixture
def services(kiosk_config):
    built = bootstrap(kiosk_config, clock=FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def take_home_and_keep_too_long(services, patient_id="DEMO-001", chair_id="WC-002"):
    desk = services.wheelchairs
    rental = desk.rent(chair_id, services.his.patient(patient_id), key=f"rent:{chair_id}", mode=RentalMode.HOME_USE,
                       home_use_days=1).rental
    services.devices.device("dock").take(rental.dock_slot)
    desk.check_pickup(rental.id)
    services.clock.advance(timedelta(days=1, hours=2))
    return rental


def test_the_sweep_reminds_the_renter_once_through_the_hospital(window, qtbot, services):
    take_home_and_keep_too_long(services)
    window.wheelchair.sweep_overdue()
    qtbot.wait_until(lambda: len(services.his.patient_messages("DEMO-001")) == 1, timeout=5000)
    window.wheelchair.sweep_overdue()
    qtbot.wait_until(lambda: not window.runner.busy, timeout=5000)
    zh, en = services.his.patient_messages("DEMO-001")[0]
    assert "WC-002" in zh and "20.00 元" in zh and en.startswith("Wheelchair WC-002 was due back on 11-23 09:00")
    assert services.wheelchairs.rentals.fleet.chair("WC-002").state is ChairState.OVERDUE


def test_an_identified_renter_of_an_overdue_chair_is_told_first(window, qtbot, services):
    take_home_and_keep_too_long(services)
    speaker = services.devices.device("speaker")
    qtbot.mouseClick(window.home.tiles["wheelchair"], Qt.MouseButton.LeftButton)
    services.devices.device("scanner").present(services.wheelchairs.label_for("WC-003"))
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    window.identification.identified(services.his.patient("DEMO-001"))
    notice = window.screens["wheelchair_overdue"]
    qtbot.wait_until(lambda: window.current is notice, timeout=5000)
    assert notice.message.text() == "轮椅 WC-002 应于 11-23 09:00 归还，已超时。请到任一停靠点或自助机归还。"
    assert notice.fee.text() == "目前费用：20.00 元"
    assert speaker.utterances[-1].text.startswith("轮椅 WC-002 应于 11-23 09:00 归还")
    assert services.sessions.current.patient_id == "DEMO-001"
    qtbot.mouseClick(notice.continue_button, Qt.MouseButton.LeftButton)
    assert window.current.name == "wheelchair"  # scan the overdue chair here to give it back
    rented = services.db.execute("SELECT chair_id FROM wheelchair_rentals").fetchall()
    assert rented == [("WC-002",)]


def test_other_journeys_keep_their_session_and_carry_on_after_the_notice(window, qtbot, services):
    take_home_and_keep_too_long(services)
    window.go("pay")
    session = services.sessions.current
    carried_on = []
    window.wheelchair.remind_if_overdue(services.his.patient("DEMO-001"), then=lambda: carried_on.append(True))
    notice = window.screens["wheelchair_overdue"]
    qtbot.wait_until(lambda: window.current is notice, timeout=5000)
    assert services.sessions.current is session and notice.journey == session.journey
    qtbot.mouseClick(notice.continue_button, Qt.MouseButton.LeftButton)
    assert carried_on == [True]

    window.wheelchair.remind_if_overdue(services.his.patient("DEMO-003"), then=lambda: carried_on.append("no notice"))
    qtbot.wait_until(lambda: len(carried_on) == 2, timeout=5000)
    assert carried_on[-1] == "no notice"
