"""Staff at the kiosk: sign-in and lockout, roles, self-tests, out of service, audit export and
tamper detection, help alerts, leaving on idle — through the real window with simulated devices."""
from __future__ import annotations

import csv
from pathlib import Path

from kiosk.maintenance import local_folder
from kiosk.maintenance.demo_staff import DEMO_PIN
from staff_screens import audit_actions, click, open_sign_in, sign_in_staff, type_keys
from tests.tamper import tamper_audit_log

WAIT_MS = 8000


def test_five_wrong_pins_lock_the_staff_number(window, qtbot, services):
    screen = open_sign_in(window)
    type_keys(qtbot, screen.keypad, "1001")
    click(qtbot, screen.ok_button)
    for attempt in range(5):
        type_keys(qtbot, screen.keypad, "000001")
        click(qtbot, screen.ok_button)
        qtbot.wait_until(lambda: screen.error.isVisible() and not screen._checking, timeout=WAIT_MS)
        if attempt < 4:
            assert f"再错 {4 - attempt} 次" in screen.error.text()
    assert "已被锁定" in screen.error.text() and "1001" in screen.error.text()
    assert screen.step == "id"
    # even the right PIN is refused now
    type_keys(qtbot, screen.keypad, "1001")
    click(qtbot, screen.ok_button)
    type_keys(qtbot, screen.keypad, DEMO_PIN)
    click(qtbot, screen.ok_button)
    qtbot.wait_until(lambda: not screen._checking and screen.error.isVisible(), timeout=WAIT_MS)
    assert window.current is screen and "已被锁定" in screen.error.text()
    assert len(audit_actions(services, "staff.locked")) == 1
    assert len(audit_actions(services, "staff.sign_in_failed")) == 6


def test_technician_sees_devices_but_cannot_refund_or_exit(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "1001")
    assert "技术员" in menu.signed_in.text()
    visible = {name for name, button in menu.panel_buttons.items() if button.isVisible()}
    sound = {"staff_sound"} if "staff_sound" in window.screens else set()  # the Sound panel (elderly-first work)
    assert visible == {"staff_devices", "staff_consumables", "staff_wheelchairs", "staff_kiosk"} | sound
    session = services.maintenance.session
    assert not session.can("refunds") and not session.can("exit")
    for panel in ("staff_payments", "staff_audit", "staff_accounts"):  # not for technicians: back to sign-in
        window.go(panel)
        assert window.current is window.screens["staff_sign_in"]
    menu = sign_in_staff(window, qtbot, "1001")
    click(qtbot, menu.panel_buttons["staff_kiosk"])
    kiosk = window.current
    assert kiosk.switch_button.isVisible()
    assert not kiosk.exit_button.isVisible() and not kiosk.config_button.isVisible()
    kiosk._exit_pressed()  # even if the button were reachable
    assert window.isVisible() and "管理员" in kiosk.message.text()
    assert audit_actions(services, "staff.permission_denied")[0].detail["permission"] == "exit"
    window.go("maintenance")
    # a technician never reaches the panel that holds the refund button
    assert not window.screens["staff_payments"].allows(session)


def test_test_print_produces_bytes_and_a_preview(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "1001")
    click(qtbot, menu.panel_buttons["staff_devices"])
    devices = window.current
    row = devices.rows["receipt_printer"]
    assert row.simulated.isVisible() and "模拟" in row.simulated.text()
    assert "sim:" in row.driver.text()
    printer = services.devices.device("receipt_printer")
    click(qtbot, row.test_button)
    qtbot.wait_until(lambda: row.picture.isVisible(), timeout=WAIT_MS)
    assert "测试通过" in row.result.text()
    assert len(printer.jobs) == 1 and b"Kiosk" in printer.jobs[0].data and len(printer.jobs[0].data) > 500
    assert row.picture.pixmap().width() == 480 and row.picture.pixmap().height() > 480
    qtbot.wait_until(lambda: "凭条发送 1" in row.counters.text(), timeout=WAIT_MS)
    camera = devices.rows["camera"]
    click(qtbot, camera.test_button)
    qtbot.wait_until(lambda: camera.picture.isVisible(), timeout=WAIT_MS)
    assert "640×480" in camera.result.text()


def test_out_of_service_blocks_patient_tiles_and_is_audited(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "1001")
    click(qtbot, menu.panel_buttons["staff_kiosk"])
    kiosk = window.current
    click(qtbot, kiosk.switch_button)
    qtbot.wait_until(lambda: services.maintenance.service_switch.out_of_service, timeout=WAIT_MS)
    qtbot.wait_until(lambda: kiosk.switch_button.isEnabled(), timeout=WAIT_MS)
    assert "暂停服务" in kiosk.service_state.text()
    click(qtbot, window.home_button)
    # Issue 18.3: home itself shows the page at once; no tile offers a service that is not there.
    page = window.screens["out_of_service"]
    assert window.current is page and services.maintenance.session.member is None
    assert services.config.help_desk_zh in page.next_step.text()
    assert not window.home.isVisible() and not window.home_button.isVisible()
    assert services.devices.device("speaker").utterances[-1].text == page.instruction()
    for tile in ("checkin", "wheelchair", "pay"):
        window.go(tile)
        assert window.current is page, tile
    window.go("home", reason="idle_timeout")
    assert window.current is page and not window.idle.armed
    click(qtbot, window.call_button)
    assert window.current is window.help  # calling staff still works
    entry, = audit_actions(services, "kiosk.out_of_service")
    assert entry.actor == "staff:1001"
    qtbot.wait_until(lambda: bool(audit_actions(services, "staff.signed_out")), timeout=WAIT_MS)


def test_audit_export_matches_the_table_and_the_chain_verifies(window, qtbot, services, tmp_path):
    menu = sign_in_staff(window, qtbot, "9001")
    click(qtbot, menu.panel_buttons["staff_audit"])
    audit = window.current
    qtbot.wait_until(lambda: bool(audit.entry_labels), timeout=WAIT_MS)
    click(qtbot, audit.period_button)
    click(qtbot, audit.period_button)  # today → last 7 days → all time
    assert audit.period == "all"
    export_button = audit.export_buttons[-1]
    assert Path(export_button.property("folder")) == local_folder(services.config) / "exports"
    click(qtbot, export_button)
    qtbot.wait_until(lambda: "已将" in audit.export_result.text(), timeout=WAIT_MS)
    qtbot.wait_until(lambda: bool(audit.entries) and audit.entries[0].action == "maintenance.audit_exported", timeout=WAIT_MS)
    assert "记录链完好" in audit.chain.text()
    exported = audit_actions(services, "maintenance.audit_exported")[0].detail
    with open(exported["path"], encoding="utf-8-sig", newline="") as handle:
        rows = {int(row["id"]): row for row in csv.DictReader(handle)}
    assert len(rows) == exported["rows"]
    shown = [entry for entry in audit.entries if entry.id in rows]
    assert len(shown) == len(audit.entries) - 1  # all but the export's own row
    for entry, label in zip(audit.entries[1:], audit.entry_labels[1:]):
        assert rows[entry.id]["action"] == entry.action and rows[entry.id]["actor"] == entry.actor
        assert label.text().startswith(f"第 {entry.id} 条") and entry.action in label.text()


def test_tampered_audit_row_shows_as_broken(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "9001")
    third = services.db.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
    tamper_audit_log(services.db, "UPDATE audit_log SET actor = 'someone else' WHERE id = ?", (third,))
    click(qtbot, menu.panel_buttons["staff_audit"])
    audit = window.current
    click(qtbot, audit.verify_button)
    qtbot.wait_until(lambda: "断开" in audit.chain.text(), timeout=WAIT_MS)
    assert f"第 {third} 条" in audit.chain.text() and audit.chain.property("state") == "fault"
    assert audit_actions(services, "maintenance.audit_verified")[0].detail["ok"] is False


def test_badge_fills_the_staff_number(window, qtbot, services):
    screen = open_sign_in(window)
    services.devices.device("scanner").present("ONEVISIT-STAFF:2001")
    qtbot.wait_until(lambda: screen.step == "pin", timeout=WAIT_MS)
    assert "2001" in screen.explain.text()
    type_keys(qtbot, screen.keypad, DEMO_PIN)
    click(qtbot, screen.ok_button)
    qtbot.wait_until(lambda: window.current is window.screens["maintenance"], timeout=WAIT_MS)
    assert "财务" in window.current.signed_in.text()


def test_help_calls_show_as_alerts_until_done(window, qtbot, services):
    window.call_staff()
    qtbot.wait_until(lambda: bool(audit_actions(services, "help.requested")), timeout=WAIT_MS)
    menu = sign_in_staff(window, qtbot, "1001")
    qtbot.wait_until(lambda: bool(menu._requests), timeout=WAIT_MS)
    assert "1 位" in menu.alerts_title.text()
    request_id = menu._requests[0].request_id
    done = menu.findChild(type(menu.back_button), f"helpDone_{request_id}")
    click(qtbot, done)
    qtbot.wait_until(lambda: bool(audit_actions(services, "help.resolved")), timeout=WAIT_MS)
    assert services.maintenance.help_requests.open_requests() == []


def test_reprint_of_the_ticket_that_did_not_print(window, qtbot, services):
    from kiosk.printing.samples import sample_ticket

    printer = services.devices.device("receipt_printer")
    printer.inject(paper="out")
    failed = services.printing.print_receipt(sample_ticket(), "ticket:test-1")
    assert not failed.printed
    printer.inject(paper=None)
    menu = sign_in_staff(window, qtbot, "1001")
    click(qtbot, menu.panel_buttons["staff_consumables"])
    panel = window.current
    qtbot.wait_until(lambda: panel.reprint_button.isVisible(), timeout=WAIT_MS)
    assert "纸张充足" in panel.paper.text()
    click(qtbot, panel.reprint_button)
    qtbot.wait_until(lambda: panel.result.isVisible() and "已重新打印" in panel.result.text(), timeout=WAIT_MS)
    assert printer.job_ids() == [failed.job.id]
    qtbot.wait_until(lambda: not panel.reprint_button.isVisible(), timeout=WAIT_MS)
    assert audit_actions(services, "maintenance.reprint")[0].detail["printed"] is True


def test_maintenance_leaves_by_itself_when_idle(window, qtbot, services):
    services.maintenance.idle_timeout_s = 3
    sign_in_staff(window, qtbot, "1001")
    assert window.idle.armed and window.idle.timeout_ms == 3000
    qtbot.wait_until(lambda: window.current is window.home, timeout=WAIT_MS)
    assert services.maintenance.session.member is None
    qtbot.wait_until(lambda: bool(audit_actions(services, "staff.signed_out")), timeout=WAIT_MS)
    assert audit_actions(services, "staff.signed_out")[0].detail["reason"] == "idle_timeout"


def test_admin_sees_redacted_settings_and_can_close_the_program(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "9001")
    click(qtbot, menu.panel_buttons["staff_kiosk"])
    kiosk = window.current
    click(qtbot, kiosk.config_button)
    assert "kiosk_id = DEMO-LOBBY-1" in kiosk.config_text.text()
    click(qtbot, kiosk.exit_button)
    assert window.isVisible() and "再点一次" in kiosk.exit_button.text()
    click(qtbot, kiosk.exit_button)
    qtbot.wait_until(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert audit_actions(services, "kiosk.exit_requested")[0].actor == "staff:9001"


def test_finance_refunds_a_payment_in_full_once(window, qtbot, services):
    payments = services.payments
    paid = payments.service.pay_with_code(payments.service.open_bill("DEMO-002").id,
                                          payments.sandbox_control.payment_code())
    assert paid.credited
    menu = sign_in_staff(window, qtbot, "2001")
    assert {name for name, button in menu.panel_buttons.items() if button.isVisible()} == {
        "staff_payments", "staff_overdue", "staff_audit"}
    click(qtbot, menu.panel_buttons["staff_payments"])
    panel = window.current
    qtbot.wait_until(lambda: paid.out_trade_no in panel.refund_buttons, timeout=WAIT_MS)
    click(qtbot, panel.refund_buttons[paid.out_trade_no])
    assert "再点一次" in panel.refund_buttons[paid.out_trade_no].text()
    click(qtbot, panel.refund_buttons[paid.out_trade_no])
    qtbot.wait_until(lambda: "已为订单" in panel.message.text(), timeout=15000)
    qtbot.wait_until(lambda: paid.out_trade_no not in panel.refund_buttons and bool(panel.lines), timeout=WAIT_MS)
    assert payments.sandbox_control.trades()[paid.out_trade_no]["refunded_fen"] == paid.amount_fen
    refund, = audit_actions(services, "payment.refund")
    assert refund.actor == "staff:2001" and refund.detail["amount_fen"] == paid.amount_fen
    click(qtbot, panel.reconcile_button)
    qtbot.wait_until(lambda: "核对订单" in panel.report.text(), timeout=15000)
