"""Restart services from the Kiosk panel: a technician restarts, the screen says what it is doing and
then the result per device in plain words; it is audited; finance staff do not get the button."""
from __future__ import annotations

from staff_screens import click, sign_in_staff

WAIT_MS = 15000


def test_technician_restarts_services_and_reads_the_result(window, qtbot, services):
    services.devices.device("dock").inject(fail="open")  # the dock will not come back
    click(qtbot, sign_in_staff(window, qtbot, "1001").panel_buttons["staff_kiosk"])
    kiosk = window.current
    assert kiosk.restart_button.isVisible()
    click(qtbot, kiosk.restart_button)
    assert not kiosk.restart_button.isEnabled() and "正在重启" in kiosk.restart_text.text()
    qtbot.wait_until(lambda: kiosk.restart_report is not None, timeout=WAIT_MS)
    text = kiosk.restart_text.text()
    assert kiosk.restart_button.isEnabled() and "需要处理" in text
    assert "凭条打印机：已重启，正常" in text and "轮椅停放桩：没有启动" in text and "支付网关：有应答" in text
    entry, = services.audit.entries(action="maintenance.services_restarted")
    assert entry.actor == "staff:1001" and entry.detail["ok"] is False


def test_finance_staff_have_no_restart_button(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "2001")
    window.go("staff_kiosk")
    if window.current is window.screens["staff_kiosk"]:
        assert not window.current.restart_button.isVisible()
    else:
        assert not menu.panel_buttons["staff_kiosk"].isVisible()
