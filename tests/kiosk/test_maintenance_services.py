"""Maintenance services on real SQLite files: out-of-service switch, help alerts, staff session,
demo accounts, config redaction, device self-tests with simulators, audit browsing and export."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from PIL import Image

from kiosk.audit import AuditLog
from kiosk.maintenance import build_maintenance
from kiosk.maintenance.config_view import HIDDEN, redact_url, redacted_config
from kiosk.maintenance.demo_staff import DEMO_PIN, seed_demo_staff
from kiosk.maintenance.kiosk_state import OutOfServiceSwitch
from kiosk.maintenance.staff_session import PermissionDenied, staff_id_from_badge
from kiosk.storage import open_database
from tests.tamper import tamper_audit_log


@pytest.fixture
def maintenance(services):
    return services.maintenance


def _actions(services, action):
    return [entry for entry in services.audit.entries(limit=500) if entry.action == action]


def test_out_of_service_is_persisted_and_audited(services, maintenance):
    assert not maintenance.service_switch.out_of_service
    maintenance.service_switch.set(True, "staff:1001")
    reopened = OutOfServiceSwitch(services.db, services.clock, services.audit)
    assert reopened.out_of_service and reopened.state.changed_by == "staff:1001"
    maintenance.service_switch.set(False, "staff:9001")
    assert not OutOfServiceSwitch(services.db, services.clock, services.audit).out_of_service
    on, = _actions(services, "kiosk.out_of_service")
    off, = _actions(services, "kiosk.back_in_service")
    assert (on.actor, off.actor) == ("staff:1001", "staff:9001")


def test_help_requests_stay_open_until_resolved(services, maintenance):
    services.request_help("pay")
    services.request_help("home")
    requests = maintenance.help_requests.open_requests()
    assert [request.screen for request in requests] == ["home", "pay"]
    maintenance.help_requests.resolve(requests[0].request_id, "staff:1001")
    assert [request.screen for request in maintenance.help_requests.open_requests()] == ["pay"]
    with pytest.raises(ValueError):
        maintenance.help_requests.resolve(1, "staff:1001")  # row 1 is not a help request


def test_demo_accounts_exist_in_demo_mode_with_the_documented_pin(maintenance):
    roles = {member.staff_id: member.role.value for member in maintenance.staff.members()}
    assert roles == {"1001": "technician", "2001": "finance", "9001": "admin"}
    assert maintenance.staff.sign_in("9001", DEMO_PIN).ok


def test_production_kiosk_has_no_demo_accounts(services, kiosk_config, tmp_path):
    database = open_database(tmp_path / "production.db")
    try:
        audit = AuditLog(database, services.clock)
        production = build_maintenance(replace(kiosk_config, mode="production"), database, services.clock, audit,
                                       services.devices, services.printing)
        assert production.staff.members() == []
        with pytest.raises(ValueError):
            seed_demo_staff(database, services.clock, audit, "production")
    finally:
        database.close()


def test_staff_session_permissions_and_sign_out_are_audited(services, maintenance):
    session = maintenance.session
    assert not session.sign_in("1001", "000001").ok and session.member is None
    assert session.sign_in("1001", DEMO_PIN).ok
    assert session.role_allows("devices") and not session.role_allows("refunds", "exit")
    assert session.require("devices") == "staff:1001"
    with pytest.raises(PermissionDenied):
        session.require("exit")
    denied, = _actions(services, "staff.permission_denied")
    assert denied.detail == {"staff_id": "1001", "permission": "exit"}
    assert session.sign_out("signed_out") and not session.sign_out("again")
    out, = _actions(services, "staff.signed_out")
    assert out.detail == {"staff_id": "1001", "reason": "signed_out"}


def test_badge_codes():
    assert staff_id_from_badge("ONEVISIT-STAFF:1001") == "1001"
    assert staff_id_from_badge("onevisit-staff:90010001") == "90010001"
    assert staff_id_from_badge("ONEVISIT-STAFF:12") is None
    assert staff_id_from_badge("ECODE:330102195001011236") is None


def test_config_view_hides_secrets(kiosk_config):
    config = replace(kiosk_config, devices={**kiosk_config.devices,
                                            "receipt_printer": "escpos+tcp://admin:hunter2@10.0.0.5:9100?token=abc&timeout=3"})
    shown = dict(redacted_config(config))
    assert shown["devices.receipt_printer"] == f"escpos+tcp://admin:{HIDDEN}@10.0.0.5:9100?token={HIDDEN}&timeout=3"
    assert "hunter2" not in str(shown) and "abc" not in shown["devices.receipt_printer"]
    assert shown["devices.dock"] == kiosk_config.devices["dock"]
    assert shown["kiosk_id"] == "DEMO-LOBBY-1"
    assert redact_url("sim:") == "sim:"


def test_test_print_sends_bytes_and_returns_a_preview(services, maintenance):
    printer = services.devices.device("receipt_printer")
    result = maintenance.self_tests.test_print("staff:1001")
    assert result.ok and printer.printed(result.job_id).startswith(b"\x1b@")
    preview = Image.open(io.BytesIO(result.image_png))
    assert preview.width == 576 + 32 and preview.height > 600
    printer.inject(paper="out")
    failed = maintenance.self_tests.test_print("staff:1001")
    assert not failed.ok and "out of paper" in failed.detail and failed.image_png
    audited = _actions(services, "maintenance.self_test")
    assert [entry.detail["ok"] for entry in audited] == [False, True]


def test_camera_scanner_dock_and_speaker_self_tests(services, maintenance):
    tests = maintenance.self_tests
    picture = tests.camera_snapshot("staff:1001")
    assert picture.ok and picture.frame.shape == (480, 640, 3)
    services.devices.device("scanner").present("PATIENT-SECRET-CODE")
    scanned = tests.scanner_test("staff:1001", 1.0)
    assert scanned.ok and scanned.detail == "PATIENT-SECRET-CODE"
    assert "PATIENT" not in str(_actions(services, "maintenance.self_test")[0].detail)  # content is not audited
    assert not tests.scanner_test("staff:1001", 0.05).ok
    dock = services.devices.device("dock")
    unlocked = tests.dock_unlock_test("staff:1001")
    assert unlocked.ok and [(e.action, e.slot, e.chair_id) for e in dock.events][-2:] == [("unlock", 5, None), ("lock", 5, None)]
    assert all(slot.locked for slot in dock.slots())
    assert tests.speaker_test("staff:1001", "zh_CN").ok
    assert services.devices.device("speaker").utterances[-1].text.startswith("扬声器测试")
    dock.inject(fail="jammed")
    assert not tests.dock_unlock_test("staff:1001").ok


def test_audit_browser_filters_exports_and_verifies(services, maintenance, tmp_path):
    browser = maintenance.audit_browser
    services.request_help("home")
    assert {"kiosk", "staff", "help"} <= set(browser.categories())
    help_page = browser.page("help", "today")
    assert help_page.total == 1 and help_page.entries[0].action == "help.requested"
    everything = browser.page(None, "all")
    result = browser.export(tmp_path / "usb", "staff:9001")
    assert result.chain.ok and result.path.parent == tmp_path / "usb"
    with open(result.path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result.rows == everything.total
    assert [int(row["id"]) for row in rows[::-1]] == [entry.id for entry in everything.entries]
    assert rows[-1]["hash"] == result.head_hash
    assert _actions(services, "maintenance.audit_exported")[0].detail["rows"] == result.rows


def test_audit_browser_names_a_tampered_row(services, maintenance):
    first, second = services.db.execute("SELECT id FROM audit_log ORDER BY id LIMIT 2").fetchall()
    tamper_audit_log(services.db, """UPDATE audit_log SET detail_json = '{"forged":true}' WHERE id = ?""", second)
    report = maintenance.audit_browser.verify("staff:9001")
    assert (report.ok, report.first_broken_id) == (False, second[0])
    assert maintenance.audit_browser.page(None, "all").entries[-1].id == first[0]  # still listable
