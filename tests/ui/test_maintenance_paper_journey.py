"""Paper estimate in maintenance mode: a technician records a new roll, printed tickets count down
"about N tickets left", and a low roll (by count or by the near-end sensor) is an alert on the staff
menu and the Devices panel."""
from __future__ import annotations

from kiosk.maintenance.paper_roll import NEAR_END_LEFT_MM, measured_length_mm
from kiosk.printing.samples import sample_ticket
from staff_screens import click, sign_in_staff

WAIT_MS = 8000


def test_new_roll_then_tickets_count_down_and_a_low_roll_is_an_alert(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "1001")
    assert not menu.paper_alert.isVisible()
    click(qtbot, menu.panel_buttons["staff_consumables"])
    panel = window.current
    qtbot.wait_until(lambda: panel.estimate is not None, timeout=WAIT_MS)
    assert panel.estimate.source == "not_counted" and "尚未计数" in panel.tickets_left.text()

    click(qtbot, panel.new_roll_button)
    qtbot.wait_until(lambda: panel.estimate is not None and panel.estimate.source == "count", timeout=WAIT_MS)
    ticket_mm = measured_length_mm(services.printing.receipt_target())["queue_ticket"]
    full = 80_000 // ticket_mm
    assert panel.estimate.tickets_left == full and f"约可再打 {full} 张" in panel.tickets_left.text()
    roll_entries = services.audit.entries(action="maintenance.paper_roll_replaced")
    assert roll_entries[0].actor == "staff:1001" and roll_entries[0].detail == {"roll_length_m": 80}

    for index in range(3):
        assert services.printing.print_receipt(sample_ticket(), f"ticket:journey-{index}").printed
    window.go("maintenance")
    click(qtbot, menu.panel_buttons["staff_consumables"])
    qtbot.wait_until(lambda: panel.estimate.jobs_since_replaced == 3, timeout=WAIT_MS)
    left = (80_000 - 3 * ticket_mm) // ticket_mm
    assert f"约可再打 {left} 张" in panel.tickets_left.text() and not panel.paper_alert.isVisible()

    services.maintenance.paper_roll.low_tickets = left + 1  # the configured threshold is now above the count
    window.go("maintenance")
    qtbot.wait_until(lambda: menu.paper_alert.isVisible(), timeout=WAIT_MS)
    assert str(left) in menu.paper_alert.text()

    services.maintenance.paper_roll.low_tickets = 0
    services.devices.device("receipt_printer").inject(paper="near_end")
    window.go("maintenance")
    qtbot.wait_until(lambda: menu.paper_alert.isVisible(), timeout=WAIT_MS)
    near_end = str(NEAR_END_LEFT_MM // ticket_mm)
    assert near_end in menu.paper_alert.text()
    click(qtbot, menu.panel_buttons["staff_devices"])
    devices = window.current
    qtbot.wait_until(lambda: devices.paper_line.isVisible() and near_end in devices.paper_line.text(),
                     timeout=WAIT_MS)
    assert devices.paper_line.property("role") == "error"


def test_finance_staff_get_no_paper_alert(window, qtbot, services):
    services.devices.device("receipt_printer").inject(paper="out")
    menu = sign_in_staff(window, qtbot, "2001")
    qtbot.wait(200)
    assert not menu.paper_alert.isVisible()
