"""A second member's PIN checked without a sign-in: same lock rules as signing in, own audit actions."""
from __future__ import annotations

import pytest

from kiosk.maintenance.demo_staff import DEMO_PIN
from kiosk.maintenance.refunds import Approver, refund_partly
from kiosk.staff import StaffDirectory, StaffRole

GOOD_PIN = "482915"
OTHER_PIN = "739204"


@pytest.fixture
def staff(db, clock, audit):
    directory = StaffDirectory(db, clock, audit)
    directory.add("2002", "李会计", StaffRole.FINANCE, GOOD_PIN)
    return directory


def test_right_pin_is_verified_and_audited_without_a_sign_in(staff, audit):
    result = staff.verify_pin("2002", GOOD_PIN, purpose="refund_approval")
    assert (result.ok, result.reason, result.member.staff_id) == (True, "ok", "2002")
    verified, = audit.entries(action="staff.pin_verified")
    assert (verified.actor, verified.detail) == ("staff:2002", {"staff_id": "2002", "purpose": "refund_approval"})
    assert audit.entries(action="staff.sign_in_ok") == []


def test_wrong_pins_count_towards_the_same_lock_as_sign_in(staff, audit):
    for _ in range(3):
        assert staff.verify_pin("2002", OTHER_PIN).reason == "wrong_pin"
    assert staff.sign_in("2002", OTHER_PIN).attempts_left == 1
    locked = staff.verify_pin("2002", OTHER_PIN)
    assert (locked.ok, locked.reason, locked.locked_until) == (False, "locked", staff.locked_until("2002"))
    assert staff.verify_pin("2002", GOOD_PIN).reason == "locked"
    assert staff.sign_in("2002", GOOD_PIN).reason == "locked"
    failed = audit.entries(action="staff.pin_check_failed")
    assert len(failed) == 5 and all(entry.detail["purpose"] == "confirm" for entry in failed)
    assert audit.entries(action="staff.locked")[0].detail["purpose"] == "confirm"


def test_unknown_and_inactive_ids_are_refused(staff, audit):
    assert staff.verify_pin("9999", GOOD_PIN).reason == "unknown_staff"
    assert audit.entries(action="staff.pin_check_failed")[0].detail["staff_id_masked"] == "**99"
    staff.set_active("2002", False, actor="cli:root")
    assert staff.verify_pin("2002", GOOD_PIN).reason == "inactive"
    assert audit.verify().ok


def test_large_refund_approval_writes_no_sign_in_for_the_approver(services):
    payments = services.payments
    paid = payments.service.pay_with_code(payments.service.open_bill("DEMO-002").id,
                                          payments.sandbox_control.payment_code())
    record = refund_partly(payments, services.maintenance.staff, services.audit, out_trade_no=paid.out_trade_no,
                           amount_fen=500, refundable_fen=paid.amount_fen, reason="charged_twice",
                           request_no=f"RF-{paid.out_trade_no}-v", staff_id="2001", second_pin_above_yuan=1,
                           approver=Approver("9001", DEMO_PIN))
    assert record.state == "done"
    assert [e.actor for e in services.audit.entries(action="staff.sign_in_ok")] == []
    verified, = services.audit.entries(action="staff.pin_verified")
    assert verified.detail == {"staff_id": "9001", "purpose": "refund_approval"}
    assert services.audit.entries(action="maintenance.refund_approved")[0].detail["approved_by"] == "9001"
