"""An admin manages staff inside maintenance mode: roster, add, role, PIN reset, deactivate, unlock.

Real SQLite in tmp_path, the real directory and session, a fixed clock."""
from __future__ import annotations

import pytest

from kiosk.maintenance.staff_admin import StaffAdmin, StaffAdminRefused
from kiosk.maintenance.staff_session import PermissionDenied, StaffSession
from kiosk.staff import StaffDirectory, StaffRole

ADMIN_PIN = "482915"
PIN = "739204"
NEW_PIN = "560917"


@pytest.fixture
def staff(db, clock, audit):
    directory = StaffDirectory(db, clock, audit)
    directory.add("9100", "张立华", StaffRole.ADMIN, ADMIN_PIN)
    directory.add("1100", "Wang Wei", StaffRole.TECHNICIAN, PIN)
    return directory


@pytest.fixture
def session(staff, audit):
    signed_in = StaffSession(staff, audit)
    assert signed_in.sign_in("9100", ADMIN_PIN).ok
    return signed_in


@pytest.fixture
def admin(staff, session, db, clock):
    return StaffAdmin(staff, session, db, clock)


def test_roster_masks_names_and_shows_locks(admin, staff, clock):
    for _ in range(5):
        staff.sign_in("1100", NEW_PIN)
    rows = {row.staff_id: row for row in admin.roster()}
    assert (rows["9100"].masked_name, rows["9100"].role, rows["9100"].locked) == ("张*华", StaffRole.ADMIN, False)
    assert (rows["1100"].masked_name, rows["1100"].active, rows["1100"].locked) == ("W*** W**", True, True)
    admin.unlock("1100")
    assert not {row.staff_id: row for row in admin.roster()}["1100"].locked
    assert staff.sign_in("1100", PIN).ok


def test_added_member_signs_in_with_the_pin_typed_twice(admin, staff, audit):
    member = admin.add("1200", "李明", "technician", NEW_PIN, NEW_PIN)
    assert member.role is StaffRole.TECHNICIAN and staff.sign_in("1200", NEW_PIN).ok
    added = audit.entries(action="staff.added")[0]
    assert (added.actor, added.detail["staff_id"]) == ("staff:9100", "1200")


@pytest.mark.parametrize("staff_id, name, pin, again, code", [
    ("1200", "李明", NEW_PIN, "560918", "pins_differ"),
    ("1200", "李明", "111111", "111111", "bad_pin"),
    ("12", "李明", NEW_PIN, NEW_PIN, "bad_id"),
    ("1200", "  ", NEW_PIN, NEW_PIN, "bad_name"),
    ("1100", "李明", NEW_PIN, NEW_PIN, "duplicate"),
])
def test_bad_new_accounts_are_refused_with_a_code(admin, staff, staff_id, name, pin, again, code):
    with pytest.raises(StaffAdminRefused) as refused:
        admin.add(staff_id, name, "technician", pin, again)
    assert refused.value.code == code
    assert staff.get("1200") is None


def test_role_change_and_pin_reset_are_audited_with_the_admin(admin, staff, audit):
    assert admin.change_role("1100", "finance").role is StaffRole.FINANCE
    assert staff.get("1100").role is StaffRole.FINANCE
    for _ in range(5):
        staff.sign_in("1100", NEW_PIN)
    admin.reset_pin("1100", NEW_PIN, NEW_PIN)
    assert staff.sign_in("1100", NEW_PIN).ok
    changed = audit.entries(action="staff.role_changed")[0]
    assert (changed.actor, changed.detail) == ("staff:9100", {"staff_id": "1100", "from": "technician",
                                                              "to": "finance"})
    assert audit.entries(action="staff.pin_changed")[0].actor == "staff:9100"
    assert audit.verify().ok


def test_never_yourself_and_never_the_last_active_admin(admin, staff, audit):
    for change in (lambda: admin.deactivate("9100"), lambda: admin.change_role("9100", "technician")):
        with pytest.raises(StaffAdminRefused) as refused:
            change()
        assert refused.value.code == "yourself"
    staff.add("9200", "Second Admin", "admin", NEW_PIN)
    admin.change_role("9200", "finance")
    admin.change_role("9200", "admin")
    admin.deactivate("9200")  # 9100 stays an active admin
    assert staff.get("9200").active is False
    # The guard in the transaction itself: with 9100 the only active admin, no change may remove them
    # (reachable when the signed-in admin was changed from the CLI between the permission check and the write).
    with pytest.raises(StaffAdminRefused) as last:
        admin._refuse_last_admin("9100")
    assert last.value.code == "last_admin"
    admin._refuse_last_admin("1100")  # a technician is never "the last admin"
    assert staff.get("9100").active and staff.get("9100").role is StaffRole.ADMIN
    assert [e.detail["staff_id"] for e in audit.entries(action="staff.disabled")] == ["9200"]


def test_a_technician_may_not_manage_staff_and_the_refusal_is_audited(staff, audit, db, clock):
    technician_session = StaffSession(staff, audit)
    assert technician_session.sign_in("1100", PIN).ok
    technician_admin = StaffAdmin(staff, technician_session, db, clock)
    for action in (technician_admin.roster, lambda: technician_admin.unlock("9100"),
                   lambda: technician_admin.add("1300", "X", "admin", NEW_PIN, NEW_PIN)):
        with pytest.raises(PermissionDenied):
            action()
    assert staff.get("1300") is None
    assert [e.detail["permission"] for e in audit.entries(action="staff.permission_denied")] == ["staff"] * 3
