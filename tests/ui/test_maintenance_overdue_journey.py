"""Overdue pay-later accounts through the real window: finance opens the panel and reads masked lines
with amount, due day and days overdue; a technician does not get the panel."""
from __future__ import annotations

from datetime import timedelta

from staff_screens import click, sign_in_staff

WAIT_MS = 8000


def test_finance_reads_the_overdue_accounts(window, qtbot, services):
    payments = services.payments
    intent = payments.service.open_bill("DEMO-003")
    payments.credit.set_pin_and_pay_later(intent.id, "246801", "246801")
    due = payments.service.clock.today() - timedelta(days=3)  # the debt's due day moved into the past
    services.db.execute("UPDATE credit_debts SET due_day = ? WHERE patient_id = 'DEMO-003'", (due.isoformat(),))
    services.db.conn.commit()

    menu = sign_in_staff(window, qtbot, "2001")
    assert menu.panel_buttons["staff_overdue"].isVisible()
    click(qtbot, menu.panel_buttons["staff_overdue"])
    panel = window.current
    qtbot.wait_until(lambda: panel.accounts is not None, timeout=WAIT_MS)
    first = panel.findChild(type(panel.summary), "overdue_0")
    assert first.text().startswith("王*强（3101") and "已逾期 3 天" in first.text()
    assert f"应还日 {due:%Y-%m-%d}" in first.text() and "元" in first.text()
    assert "个逾期账户" in panel.summary.text()
    lines = [panel.findChild(type(panel.summary), f"overdue_{i}").text() for i in range(len(panel.accounts))]
    assert any(line.startswith("陈*玲") and "医院记录中的逾期欠款" in line for line in lines)
    assert services.audit.entries(action="maintenance.overdue_viewed")[0].actor == "staff:2001"


def test_a_technician_has_no_overdue_panel(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "1001")
    assert not menu.panel_buttons["staff_overdue"].isVisible()
    window.go("staff_overdue")
    assert window.current is not window.screens["staff_overdue"]
