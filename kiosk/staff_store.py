"""The staff tables as small dataclasses: accounts (``staff``) and wrong-PIN counts and locks
(``staff_sign_in_state``).

Every write here runs inside the caller's ``write_transaction``; nothing here reads the clock, hashes a
PIN or writes the audit. Kiosks of a hospital may share one database (PostgreSQL), where writers are
not serialised as they are on SQLite: a sign-in attempt counting a wrong PIN first takes
``lock_sign_in`` for that id, and a change that must leave an active admin takes ``lock_admins``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.storage import Database, lock


class StaffRole(str, Enum):
    TECHNICIAN = "technician"
    FINANCE = "finance"
    ADMIN = "admin"


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    role: StaffRole
    active: bool


@dataclass(frozen=True)
class StaffCredentials:
    """An account with its stored PIN hash and salt: only for checking a PIN, never shown."""

    member: StaffMember
    pin_hash: str
    pin_salt: bytes


@dataclass(frozen=True)
class SignInState:
    """Consecutive wrong PINs, and when the lock they caused ends (past locks are left for the caller)."""

    failures: int
    locked_until: datetime | None


@dataclass(frozen=True)
class RosterEntry:
    """An account with the end of its lock as stored (it may already have run out)."""

    member: StaffMember
    locked_until: datetime | None


# --- accounts ------------------------------------------------------------------------------------

def add_member(db: Database, member: StaffMember, pin_hash: str, pin_salt: bytes, created_utc: datetime) -> bool:
    """Insert an active account; False if the staff id is taken (another kiosk may just have added it)."""
    added = db.execute(
        "INSERT INTO staff (staff_id, name, role, pin_hash, pin_salt, active, created_utc) "
        "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (staff_id) DO NOTHING RETURNING staff_id",
        (member.staff_id, member.name, member.role.value, pin_hash, pin_salt, to_utc_text(created_utc)),
    ).fetchone()
    return added is not None


def member_by_id(db: Database, staff_id: str) -> StaffMember | None:
    row = db.execute("SELECT staff_id, name, role, active FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    return _member(row) if row else None


def all_members(db: Database) -> list[StaffMember]:
    """Every account, ordered by staff id."""
    rows = db.execute("SELECT staff_id, name, role, active FROM staff ORDER BY staff_id").fetchall()
    return [_member(row) for row in rows]


def staff_ids(db: Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT staff_id FROM staff")}


def credentials_by_id(db: Database, staff_id: str) -> StaffCredentials | None:
    row = db.execute(
        "SELECT staff_id, name, role, active, pin_hash, pin_salt FROM staff WHERE staff_id = ?", (staff_id,)
    ).fetchone()
    return StaffCredentials(_member(row[:4]), row[4], row[5]) if row else None


def set_pin_hash(db: Database, staff_id: str, pin_hash: str, pin_salt: bytes) -> None:
    db.execute("UPDATE staff SET pin_hash = ?, pin_salt = ? WHERE staff_id = ?", (pin_hash, pin_salt, staff_id))


def set_active(db: Database, staff_id: str, active: bool) -> None:
    db.execute("UPDATE staff SET active = ? WHERE staff_id = ?", (int(bool(active)), staff_id))


def set_role(db: Database, staff_id: str, role: StaffRole) -> None:
    db.execute("UPDATE staff SET role = ? WHERE staff_id = ?", (role.value, staff_id))


def delete_member(db: Database, staff_id: str) -> None:
    """The account row only: clear its sign-in state first (``clear_sign_in_state``)."""
    db.execute("DELETE FROM staff WHERE staff_id = ?", (staff_id,))


def roster(db: Database) -> list[RosterEntry]:
    """Every account with its stored lock end, ordered by staff id."""
    rows = db.execute(
        "SELECT s.staff_id, s.name, s.role, s.active, l.locked_until_utc FROM staff s "
        "LEFT JOIN staff_sign_in_state l ON l.staff_id = s.staff_id ORDER BY s.staff_id").fetchall()
    return [RosterEntry(_member(row[:4]), from_utc_text(row[4]) if row[4] else None) for row in rows]


def lock_admins(db: Database) -> None:
    """Inside a write transaction: one change at a time that could leave the hospital without an admin."""
    lock(db, "staff:admins")


def other_active_admins(db: Database, staff_id: str) -> int:
    """How many active admins there are besides ``staff_id``."""
    return db.execute(
        "SELECT count(*) FROM staff WHERE role = ? AND active = 1 AND staff_id != ?",
        (StaffRole.ADMIN.value, staff_id)).fetchone()[0]


# --- sign-in state ---------------------------------------------------------------------------------

def lock_sign_in(db: Database, staff_id: str) -> None:
    """Inside a write transaction: wrong PINs typed for one id at two kiosks at once both count."""
    lock(db, f"staff:{staff_id}")


def sign_in_state(db: Database, staff_id: str) -> SignInState | None:
    row = db.execute(
        "SELECT failures, locked_until_utc FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,)
    ).fetchone()
    if row is None:
        return None
    return SignInState(row[0], from_utc_text(row[1]) if row[1] else None)


def lock_end(db: Database, staff_id: str) -> datetime | None:
    """The stored end of the id's lock (it may have run out already), or None."""
    row = db.execute("SELECT locked_until_utc FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,)).fetchone()
    if not row or row[0] is None:
        return None
    return from_utc_text(row[0])


def save_sign_in_state(db: Database, staff_id: str, state: SignInState) -> None:
    db.execute(
        "INSERT INTO staff_sign_in_state (staff_id, failures, locked_until_utc) VALUES (?, ?, ?) "
        "ON CONFLICT(staff_id) DO UPDATE SET failures = excluded.failures, "
        "locked_until_utc = excluded.locked_until_utc",
        (staff_id, state.failures, to_utc_text(state.locked_until) if state.locked_until else None),
    )


def clear_sign_in_state(db: Database, staff_id: str) -> None:
    """Forget the id's wrong-PIN count and any lock."""
    db.execute("DELETE FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,))


def _member(row: tuple) -> StaffMember:
    staff_id, name, role, active = row
    return StaffMember(staff_id, name, StaffRole(role), bool(active))
