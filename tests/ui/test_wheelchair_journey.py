"""Wheelchair journeys through the real window: simulated scanner, dock and printer, a fixed clock."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.wheelchair.records import RentalState

IDENTIFY_SCREENS = {"identify", "identify_id", "identify_phone", "checkin_face", "face"}


def identify_renter(window, qtbot, services, patient_id):
    """As the ID-number screen does; the price card follows once the overdue-chair check has answered."""
    window.identification.identified(services.his.patient(patient_id))
    qtbot.wait_until(lambda: window.current.name == "wheelchair_price", timeout=5000)


@pytest.fixture
def services(kiosk_config):
    """The demo kiosk on a clock that moves only when the test says so."""
    built = bootstrap(kiosk_config, clock=FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rentals(services):
    return services.db.execute("SELECT chair_id, patient_id, state, fee_fen FROM wheelchair_rentals").fetchall()


def test_rent_by_scanning_then_return_after_3h45_charges_6_yuan(window, qtbot, services):
    scanner, dock = services.devices.device("scanner"), services.devices.device("dock")
    printer = services.devices.device("receipt_printer")
    click(qtbot, window.home.tiles["wheelchair"])
    assert window.current.name == "wheelchair"
    scanner.present(services.wheelchairs.label_for("WC-002"))
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-001")
    price = window.screens["wheelchair_price"]
    assert window.current is price
    assert "前 2 小时免费" in price.prices.text() and "3.00 元" in price.prices.text()
    assert "免押金" in price.deposit.text()
    assert services.devices.device("speaker").utterances[-1].text.startswith("前 2 小时免费")

    click(qtbot, price.rent_button)
    pickup = window.screens["wheelchair_pickup"]
    qtbot.wait_until(lambda: window.current is pickup, timeout=5000)
    assert "2 号车位已打开" in pickup.status.text() and "11:00 之前免费" in pickup.free_time.text()
    slip = printer.jobs[-1].data.decode("gb18030", errors="replace")
    assert "WC-002" in slip and "张*华" in slip
    assert [(e.action, e.slot) for e in dock.events] == [("unlock", 2)]
    dock.take(2)
    qtbot.wait_until(lambda: pickup.rental.state is RentalState.ACTIVE, timeout=5000)
    assert rentals(services) == [("WC-002", "DEMO-001", "active", None)]
    click(qtbot, pickup.finish_button)
    assert window.current is window.home and services.sessions.current is None

    services.clock.advance(timedelta(hours=3, minutes=45))
    click(qtbot, window.home.tiles["wheelchair"])
    scanner.present(services.wheelchairs.label_for("WC-002"))
    giving_back = window.screens["wheelchair_return"]
    qtbot.wait_until(lambda: window.current is giving_back, timeout=5000)
    assert giving_back.total.text() == "应付：6.00 元"
    assert "3 小时 45 分钟" in giving_back.duration.text()
    click(qtbot, giving_back.return_button)
    qtbot.wait_until(lambda: giving_back.done is not None, timeout=5000)
    receipt = printer.jobs[-1].data.decode("gb18030", errors="replace")
    assert "6.00" in receipt and "WC-002" in receipt
    assert rentals(services) == [("WC-002", "DEMO-001", "returned", 600)]
    assert [(c.item_class.value, c.amount_fen) for c in services.his.unpaid_charges("DEMO-001")][-1] == ("wheelchair", 600)


def test_any_free_chair_not_taken_is_relocked_and_nothing_charged(window, qtbot, services):
    dock = services.devices.device("dock")
    click(qtbot, window.home.tiles["wheelchair"])
    click(qtbot, window.screens["wheelchair"].free_chair_button)
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-002")
    click(qtbot, window.screens["wheelchair_price"].rent_button)
    pickup = window.screens["wheelchair_pickup"]
    qtbot.wait_until(lambda: window.current is pickup, timeout=5000)
    services.clock.advance(timedelta(seconds=61))
    qtbot.wait_until(lambda: pickup.rental.state is RentalState.CANCELLED, timeout=5000)
    assert pickup.status.text() == "轮椅没有被取走，车位已重新锁好。没有收取任何费用。"
    assert [(e.action, e.slot) for e in dock.events] == [("unlock", 1), ("lock", 1)]
    assert rentals(services) == [("WC-001", "DEMO-002", "cancelled", 0)]
    assert services.his.unpaid_charges("DEMO-002")[-1].item_class.value != "wheelchair"


def test_a_forged_label_is_refused_in_plain_words_and_nothing_is_rented(window, qtbot, services):
    click(qtbot, window.home.tiles["wheelchair"])
    genuine = services.wheelchairs.label_for("WC-001")
    services.devices.device("scanner").present(genuine.replace("WC-001", "WC-003"))
    start = window.screens["wheelchair"]
    qtbot.wait_until(lambda: start.problem.isVisible(), timeout=5000)
    assert start.problem.text() == "这不是本院的轮椅标签。请换一辆，或到一楼服务台。"
    assert rentals(services) == []


def test_walking_away_at_the_price_card_rents_nothing(window, qtbot, services):
    click(qtbot, window.home.tiles["wheelchair"])
    services.devices.device("scanner").present(services.wheelchairs.label_for("WC-001"))
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-001")
    assert window.current.name == "wheelchair_price"
    click(qtbot, window.home_button)
    assert rentals(services) == [] and services.devices.device("dock").events == []


def test_without_good_credit_the_price_card_offers_the_deposit_by_phone(window, qtbot, services):
    click(qtbot, window.home.tiles["wheelchair"])
    services.devices.device("scanner").present(services.wheelchairs.label_for("WC-001"))
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-004")
    price = window.screens["wheelchair_price"]
    assert not price.rent_button.isVisible() and price.deposit_button.isVisible()
    assert price.deposit_button.text() == "用手机交押金 198.00 元"
    assert price.problem.text() == ""

def test_a_chair_left_in_the_dock_is_locked_again_after_the_patient_leaves_the_pickup_screen(window, qtbot, services):
    """Issue 18.2d: the pickup check no longer runs only while the pickup screen is shown."""
    dock = services.devices.device("dock")
    window.wheelchair_pickup_watch.setInterval(50)
    click(qtbot, window.home.tiles["wheelchair"])
    click(qtbot, window.screens["wheelchair"].free_chair_button)
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-002")
    click(qtbot, window.screens["wheelchair_price"].rent_button)
    pickup = window.screens["wheelchair_pickup"]
    qtbot.wait_until(lambda: window.current is pickup, timeout=5000)
    click(qtbot, pickup.finish_button)  # the patient walks away; the chair stays in the open slot
    assert window.current is window.home
    assert not dock.slots()[0].locked
    services.clock.advance(timedelta(seconds=61))
    qtbot.wait_until(lambda: dock.slots()[0].locked, timeout=5000)
    qtbot.wait_until(lambda: rentals(services) == [("WC-001", "DEMO-002", "cancelled", 0)], timeout=5000)
    assert services.wheelchairs.rentals.fleet.chair("WC-001").state.value == "available"


def test_a_label_with_a_non_ascii_character_is_explained_and_logged_as_one_warning(window, qtbot, services, caplog):
    """Issue 18.9: a TypeError showed the generic error; every bad label logged a full traceback."""
    click(qtbot, window.home.tiles["wheelchair"])
    genuine = services.wheelchairs.label_for("WC-001")
    start = window.screens["wheelchair"]
    with caplog.at_level("WARNING"):
        services.devices.device("scanner").present(genuine[:-1] + "é")
        qtbot.wait_until(lambda: start.problem.isVisible(), timeout=5000)
    assert start.problem.text() == "这不是本院的轮椅标签。请换一辆，或到一楼服务台。"
    records = [r for r in caplog.records if r.name == "ui.workers"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert "\n" not in records[0].getMessage() and records[0].exc_info is None
    assert rentals(services) == []
