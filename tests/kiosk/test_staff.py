"""Staff accounts on real SQLite files: PIN rules, sign-in, lockout, audit and permissions."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk.audit import AuditLog
from kiosk.staff import (
    ALL_PERMISSIONS,
    StaffDirectory,
    StaffError,
    StaffMember,
    StaffRole,
    check_pin,
    role_can,
)
from kiosk.storage import open_database

GOOD_PIN = "482915"
OTHER_PIN = "739204"


@pytest.fixture
def staff(db, clock, audit):
    return StaffDirectory(db, clock, audit)


@pytest.fixture
def technician(staff):
    return staff.add("1001", "王师傅", StaffRole.TECHNICIAN, GOOD_PIN, actor="cli:root")


def test_add_list_and_sign_in(staff, technician):
    assert technician == StaffMember("1001", "王师傅", StaffRole.TECHNICIAN, True)
    staff.add("20002", "Li Na", "finance", OTHER_PIN)
    assert [m.staff_id for m in staff.members()] == ["1001", "20002"]
    assert staff.get("20002").role is StaffRole.FINANCE
    assert staff.get("9999") is None

    result = staff.sign_in("1001", GOOD_PIN)
    assert (result.ok, result.reason, result.member, result.locked_until) == (True, "ok", technician, None)
    assert result.attempts_left == 5


def test_pin_is_stored_salted_and_hashed(staff, db, technician):
    staff.add("1002", "Second", "technician", GOOD_PIN)
    rows = db.execute("SELECT pin_hash, pin_salt FROM staff ORDER BY staff_id").fetchall()
    assert all(GOOD_PIN not in pin_hash and pin_hash.startswith("scrypt$16384$8$1$") for pin_hash, _ in rows)
    assert rows[0][1] != rows[1][1] and len(rows[0][1]) == 16
    assert rows[0][0] != rows[1][0]  # same PIN, different salt, different hash


def test_wrong_pins_lock_the_id_for_five_minutes(staff, technician, clock):
    lefts = [staff.sign_in("1001", OTHER_PIN) for _ in range(4)]
    assert [(r.reason, r.attempts_left) for r in lefts] == [("wrong_pin", 4), ("wrong_pin", 3), ("wrong_pin", 2),
                                                            ("wrong_pin", 1)]
    fifth = staff.sign_in("1001", OTHER_PIN)
    assert (fifth.ok, fifth.reason, fifth.attempts_left) == (False, "locked", 0)
    assert fifth.locked_until == clock.now() + timedelta(minutes=5)
    assert staff.locked_until("1001") == fifth.locked_until

    clock.advance(timedelta(minutes=4, seconds=59))
    refused = staff.sign_in("1001", GOOD_PIN)
    assert (refused.ok, refused.reason, refused.member) == (False, "locked", None)

    clock.advance(timedelta(seconds=1))
    assert staff.locked_until("1001") is None
    assert staff.sign_in("1001", GOOD_PIN).ok


def test_lock_expiry_gives_a_fresh_set_of_attempts(staff, technician, clock):
    for _ in range(5):
        staff.sign_in("1001", OTHER_PIN)
    clock.advance(timedelta(minutes=5))
    assert staff.sign_in("1001", OTHER_PIN).attempts_left == 4


def test_correct_pin_resets_the_count(staff, technician):
    for _ in range(4):
        staff.sign_in("1001", OTHER_PIN)
    assert staff.sign_in("1001", GOOD_PIN).ok
    assert staff.sign_in("1001", OTHER_PIN).attempts_left == 4


def test_failure_count_survives_reopening_the_database(db_path, clock):
    first = open_database(db_path)
    staff = StaffDirectory(first, clock, AuditLog(first, clock))
    staff.add("1001", "王师傅", "technician", GOOD_PIN)
    for _ in range(3):
        staff.sign_in("1001", OTHER_PIN)
    first.close()

    second = open_database(db_path)
    try:
        again = StaffDirectory(second, clock, AuditLog(second, clock))
        assert again.sign_in("1001", OTHER_PIN).attempts_left == 1
        assert again.sign_in("1001", OTHER_PIN).reason == "locked"
        assert again.sign_in("1001", GOOD_PIN).reason == "locked"
    finally:
        second.close()


def test_lock_survives_reopening_the_database(db_path, clock):
    first = open_database(db_path)
    StaffDirectory(first, clock, AuditLog(first, clock)).add("1001", "王师傅", "technician", GOOD_PIN)
    staff = StaffDirectory(first, clock, AuditLog(first, clock))
    for _ in range(5):
        staff.sign_in("1001", OTHER_PIN)
    first.close()
    second = open_database(db_path)
    try:
        assert StaffDirectory(second, clock, AuditLog(second, clock)).sign_in("1001", GOOD_PIN).reason == "locked"
    finally:
        second.close()


def test_unknown_and_malformed_ids_are_refused_without_counting(staff, db, technician):
    for staff_id in ("9999", "12", "abcd", "١٢٣٤", "123456789", ""):
        result = staff.sign_in(staff_id, GOOD_PIN)
        assert (result.ok, result.reason, result.member) == (False, "unknown_staff", None)
    assert db.execute("SELECT count(*) FROM staff_sign_in_state").fetchone()[0] == 0


def test_inactive_account_is_refused_even_with_the_right_pin(staff, technician):
    staff.set_active("1001", False, actor="cli:root")
    assert staff.get("1001").active is False
    assert staff.sign_in("1001", GOOD_PIN).reason == "inactive"
    assert staff.sign_in("1001", OTHER_PIN).reason == "wrong_pin"
    staff.set_active("1001", True, actor="cli:root")
    assert staff.sign_in("1001", GOOD_PIN).ok


def test_set_pin_replaces_the_pin_and_lifts_the_lock(staff, technician):
    for _ in range(5):
        staff.sign_in("1001", OTHER_PIN)
    staff.set_pin("1001", OTHER_PIN, actor="staff:9000")
    assert staff.locked_until("1001") is None
    assert staff.sign_in("1001", GOOD_PIN).reason == "wrong_pin"
    assert staff.sign_in("1001", OTHER_PIN).ok


def test_remove_deletes_the_account_and_its_state(staff, db, technician):
    staff.sign_in("1001", OTHER_PIN)
    staff.remove("1001", actor="cli:root")
    assert staff.get("1001") is None
    assert db.execute("SELECT count(*) FROM staff_sign_in_state").fetchone()[0] == 0
    assert staff.sign_in("1001", GOOD_PIN).reason == "unknown_staff"
    with pytest.raises(StaffError, match="no staff account with id 1001"):
        staff.remove("1001", actor="cli:root")


@pytest.mark.parametrize("pin", ["111111", "000000", "123456", "654321", "012345", "987654", "12345", "1234567",
                                 "12a456", "", "４８２９１５"])
def test_trivial_or_malformed_pins_are_refused(staff, pin):
    with pytest.raises(StaffError):
        check_pin(pin)
    with pytest.raises(StaffError):
        staff.add("1001", "王师傅", "technician", pin)
    assert staff.get("1001") is None


@pytest.mark.parametrize("staff_id", ["123", "123456789", "12a4", " 1234", "１２３４", ""])
def test_bad_staff_ids_are_refused(staff, staff_id):
    with pytest.raises(StaffError, match="4 to 8 digits"):
        staff.add(staff_id, "王师傅", "technician", GOOD_PIN)


def test_bad_names_roles_and_duplicates_are_refused(staff, technician):
    with pytest.raises(StaffError, match="name"):
        staff.add("1002", "   ", "technician", GOOD_PIN)
    with pytest.raises(StaffError, match="technician, finance, admin"):
        staff.add("1002", "Someone", "janitor", GOOD_PIN)
    with pytest.raises(StaffError, match="already exists"):
        staff.add("1001", "Someone", "admin", GOOD_PIN)
    with pytest.raises(StaffError, match="no staff account"):
        staff.set_pin("4040", GOOD_PIN, actor="cli:root")


def _stored_secrets(db) -> list[str]:
    rows = db.execute("SELECT pin_hash, pin_salt FROM staff").fetchall()
    return [text for pin_hash, salt in rows for text in (pin_hash, pin_hash.rsplit("$", 1)[1], salt.hex())]


def test_audit_records_every_attempt_and_change_without_secrets(staff, audit, db, technician):
    secrets = [GOOD_PIN, OTHER_PIN, "560917", *_stored_secrets(db)]
    staff.sign_in("1001", GOOD_PIN)
    for _ in range(5):
        staff.sign_in("1001", OTHER_PIN)
    staff.sign_in("1001", GOOD_PIN)
    staff.sign_in(GOOD_PIN, GOOD_PIN)  # a PIN typed into the id field
    staff.set_pin("1001", "560917", actor="cli:root")
    secrets += _stored_secrets(db)
    staff.set_active("1001", False, actor="cli:root")
    staff.remove("1001", actor="cli:root")

    actions = [entry.action for entry in reversed(audit.entries(limit=100))]
    assert actions == (["staff.added", "staff.sign_in_ok"] + ["staff.sign_in_failed"] * 4
                       + ["staff.locked", "staff.sign_in_failed", "staff.sign_in_failed", "staff.sign_in_failed",
                          "staff.pin_changed", "staff.disabled", "staff.removed"])
    added = audit.entries(action="staff.added")[0]
    assert (added.actor, added.detail) == ("cli:root", {"staff_id": "1001", "name": "王师傅", "role": "technician"})
    assert audit.entries(action="staff.sign_in_ok")[0].actor == "staff:1001"

    for row in db.execute("SELECT actor, action, detail_json FROM audit_log").fetchall():
        text = json.dumps(row)
        assert not any(secret in text for secret in secrets), text
    assert audit.verify().ok


def test_permission_table():
    assert role_can(StaffRole.TECHNICIAN, "devices") and not role_can(StaffRole.TECHNICIAN, "refunds")
    assert role_can(StaffRole.FINANCE, "refunds") and not role_can(StaffRole.FINANCE, "fleet")
    assert not role_can(StaffRole.FINANCE, "exit") and not role_can(StaffRole.TECHNICIAN, "staff")
    assert all(role_can(StaffRole.ADMIN, permission) for permission in ALL_PERMISSIONS)
    assert {"staff", "config", "exit", "devices", "payments"} <= ALL_PERMISSIONS
    with pytest.raises(ValueError, match="unknown permission"):
        role_can(StaffRole.ADMIN, "refund")


def test_can_follows_the_account_as_it_is_now(staff, technician):
    assert staff.can(technician, "consumables")
    assert not staff.can(technician, "refunds")
    staff.set_active("1001", False, actor="cli:root")
    assert not staff.can(technician, "consumables")
    staff.remove("1001", actor="cli:root")
    assert not staff.can(technician, "consumables")
