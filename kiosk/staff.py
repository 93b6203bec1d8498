"""Staff accounts for maintenance mode: roles, hashed PINs, lockout after repeated wrong PINs.

PINs are hashed with scrypt and a per-staff random salt and compared in constant time; an unknown
staff id costs the same scrypt work as a known one, so response time does not reveal which ids
exist. Consecutive wrong PINs are counted in the database (a restart does not reset them); after
``max_failures`` the staff id is locked for ``lockout`` and even the right PIN is refused. Every
sign-in attempt and every account change is written to the audit log, never with a PIN or a hash.
``verify_pin`` checks a PIN under the same rules without signing anyone in (a second staff member
confirming a large refund).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock, from_utc_text, to_utc_text
from kiosk.storage import lock, write_transaction

STAFF_ID_PATTERN = re.compile(r"[0-9]{4,8}")
PIN_PATTERN = re.compile(r"[0-9]{6}")
NAME_MAX_LENGTH = 40
SALT_BYTES = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_KEY_BYTES = 32
SCRYPT_MAX_MEMORY = 64 * 1024 * 1024

DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCKOUT = timedelta(minutes=5)


class StaffError(Exception):
    """An account cannot be created or changed; the message says why in plain words."""


class StaffRole(str, Enum):
    TECHNICIAN = "technician"
    FINANCE = "finance"
    ADMIN = "admin"


TECHNICIAN_PERMISSIONS = frozenset({"devices", "fleet", "consumables"})
FINANCE_PERMISSIONS = frozenset({"payments", "refunds", "reconciliation"})
ALL_PERMISSIONS = TECHNICIAN_PERMISSIONS | FINANCE_PERMISSIONS | {"staff", "config", "exit"}
ROLE_PERMISSIONS: dict[StaffRole, frozenset[str]] = {
    StaffRole.TECHNICIAN: TECHNICIAN_PERMISSIONS,
    StaffRole.FINANCE: FINANCE_PERMISSIONS,
    StaffRole.ADMIN: ALL_PERMISSIONS,
}


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    role: StaffRole
    active: bool


@dataclass(frozen=True)
class SignInResult:
    """``reason`` is "ok", "unknown_staff", "wrong_pin", "locked" or "inactive".

    ``attempts_left`` is how many more wrong PINs the id may take before it is locked;
    ``locked_until`` is set while (or from the attempt that made) the id locked.
    """

    ok: bool
    member: StaffMember | None
    reason: str
    attempts_left: int
    locked_until: datetime | None


def role_can(role: StaffRole, permission: str) -> bool:
    """The permission table; an unknown permission name is a programming error, not a "no"."""
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}; known: {', '.join(sorted(ALL_PERMISSIONS))}")
    return permission in ROLE_PERMISSIONS[StaffRole(role)]


def check_staff_id(staff_id: str) -> str:
    """Return the id if it is 4 to 8 digits (typed on the keypad or read from a badge QR)."""
    if not isinstance(staff_id, str) or not STAFF_ID_PATTERN.fullmatch(staff_id):
        raise StaffError(f"staff id {staff_id!r} is not allowed; use 4 to 8 digits")
    return staff_id


def check_pin(pin: str) -> str:
    """Return the PIN if it is 6 digits and not trivial (one repeated digit or a straight run)."""
    if not isinstance(pin, str) or not PIN_PATTERN.fullmatch(pin):
        raise StaffError("the PIN must be exactly 6 digits")
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if steps == {0}:
        raise StaffError("the PIN must not be one digit repeated; choose a harder one")
    if steps in ({1}, {-1}):
        raise StaffError("the PIN must not be a run of consecutive digits like 123456; choose a harder one")
    return pin


def check_name(name: str) -> str:
    cleaned = " ".join(name.split()) if isinstance(name, str) else ""
    if not cleaned or len(cleaned) > NAME_MAX_LENGTH or not cleaned.isprintable():
        raise StaffError(f"the staff name must be 1 to {NAME_MAX_LENGTH} printable characters")
    return cleaned


def check_role(role: StaffRole | str) -> StaffRole:
    try:
        return StaffRole(role)
    except ValueError:
        allowed = ", ".join(r.value for r in StaffRole)
        raise StaffError(f"role {role!r} is not allowed; use one of {allowed}") from None


def hash_pin(pin: str, salt: bytes) -> str:
    """``scrypt$n$r$p$hex``: the parameters travel with the hash so they can be raised later."""
    key = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${key.hex()}"


def pin_matches(pin: str, salt: bytes, stored_hash: str) -> bool:
    """Constant-time comparison of ``pin`` against a stored ``hash_pin`` value."""
    try:
        scheme, n, r, p, hex_key = stored_hash.split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        expected = bytes.fromhex(hex_key)
        key = _scrypt(pin, salt, int(n), int(r), int(p))
    except ValueError:
        raise StaffError("a stored PIN hash is unreadable; set a new PIN with 'onevisit staff set-pin'") from None
    return hmac.compare_digest(key, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAX_MEMORY, dklen=SCRYPT_KEY_BYTES
    )


_DECOY_SALT = os.urandom(SALT_BYTES)
_DECOY_HASH = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'00' * SCRYPT_KEY_BYTES}"


def _masked_attempted_id(staff_id: Any) -> str:
    """What an unknown id looks like in the audit: a PIN typed into the id field must not leak."""
    text = str(staff_id)[:16]
    return "*" * max(len(text) - 2, 0) + text[-2:] if len(text) > 2 else "*" * len(text)


class StaffDirectory:
    """The staff accounts in the kiosk database, with sign-in and the permission table."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        clock: Clock,
        audit: AuditLog,
        max_failures: int = DEFAULT_MAX_FAILURES,
        lockout: timedelta = DEFAULT_LOCKOUT,
    ) -> None:
        if max_failures < 1 or lockout <= timedelta(0):
            raise ValueError("max_failures must be at least 1 and lockout must be positive")
        self._db = db
        self._clock = clock
        self._audit = audit
        self._max_failures = max_failures
        self._lockout = lockout

    # --- accounts ------------------------------------------------------------------------------

    def add(self, staff_id: str, name: str, role: StaffRole | str, pin: str, actor: str = "cli") -> StaffMember:
        """Create an active account; raises StaffError for a bad id, name, role, PIN or a duplicate."""
        member = StaffMember(check_staff_id(staff_id), check_name(name), check_role(role), True)
        salt = os.urandom(SALT_BYTES)
        pin_hash = hash_pin(check_pin(pin), salt)
        with write_transaction(self._db) as db:
            added = db.execute(
                "INSERT INTO staff (staff_id, name, role, pin_hash, pin_salt, active, created_utc) "
                "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (staff_id) DO NOTHING RETURNING staff_id",
                (member.staff_id, member.name, member.role.value, pin_hash, salt, self._now_text()),
            ).fetchone()
            if added is None:
                raise StaffError(f"staff id {staff_id} already exists; choose another id")
            self._audit.record(
                actor, "staff.added", {"staff_id": member.staff_id, "name": member.name, "role": member.role.value}
            )
        return member

    def set_pin(self, staff_id: str, pin: str, actor: str) -> None:
        """Replace the PIN with a fresh salt; this also clears wrong-PIN counts and any lock."""
        salt = os.urandom(SALT_BYTES)
        pin_hash = hash_pin(check_pin(pin), salt)
        with write_transaction(self._db) as db:
            self._require(staff_id)
            db.execute("UPDATE staff SET pin_hash = ?, pin_salt = ? WHERE staff_id = ?", (pin_hash, salt, staff_id))
            db.execute("DELETE FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,))
            self._audit.record(actor, "staff.pin_changed", {"staff_id": staff_id})

    def set_active(self, staff_id: str, active: bool, actor: str) -> None:
        """Enable or disable an account; a disabled account cannot sign in even with the right PIN."""
        with write_transaction(self._db) as db:
            self._require(staff_id)
            db.execute("UPDATE staff SET active = ? WHERE staff_id = ?", (int(bool(active)), staff_id))
            self._audit.record(actor, "staff.enabled" if active else "staff.disabled", {"staff_id": staff_id})

    def set_role(self, staff_id: str, role: StaffRole | str, actor: str) -> StaffMember:
        """Give the account another role; it applies to the member's next action (``can`` reads it)."""
        new_role = check_role(role)
        with write_transaction(self._db) as db:
            member = self._require(staff_id)
            db.execute("UPDATE staff SET role = ? WHERE staff_id = ?", (new_role.value, staff_id))
            self._audit.record(actor, "staff.role_changed",
                               {"staff_id": staff_id, "from": member.role.value, "to": new_role.value})
        return StaffMember(member.staff_id, member.name, new_role, member.active)

    def unlock(self, staff_id: str, actor: str) -> None:
        """Lift a lock and forget the wrong-PIN count, keeping the PIN."""
        with write_transaction(self._db) as db:
            self._require(staff_id)
            db.execute("DELETE FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,))
            self._audit.record(actor, "staff.unlocked", {"staff_id": staff_id})

    def remove(self, staff_id: str, actor: str) -> None:
        """Delete the account and its sign-in state; its audit history stays."""
        with write_transaction(self._db) as db:
            member = self._require(staff_id)
            db.execute("DELETE FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,))
            db.execute("DELETE FROM staff WHERE staff_id = ?", (staff_id,))
            self._audit.record(actor, "staff.removed", {"staff_id": staff_id, "role": member.role.value})

    def get(self, staff_id: str) -> StaffMember | None:
        row = self._db.execute(
            "SELECT staff_id, name, role, active FROM staff WHERE staff_id = ?", (staff_id,)
        ).fetchone()
        return _member(row) if row else None

    def members(self) -> list[StaffMember]:
        """Every account, ordered by staff id."""
        rows = self._db.execute("SELECT staff_id, name, role, active FROM staff ORDER BY staff_id").fetchall()
        return [_member(row) for row in rows]

    def locked_until(self, staff_id: str) -> datetime | None:
        """When the id's lock ends, or None if it is not locked right now."""
        row = self._db.execute(
            "SELECT locked_until_utc FROM staff_sign_in_state WHERE staff_id = ?", (staff_id,)
        ).fetchone()
        if not row or row[0] is None:
            return None
        until = from_utc_text(row[0])
        return until if until > self._clock.now() else None

    def can(self, member: StaffMember, permission: str) -> bool:
        """Whether the member, as the database knows them now (still present, still active), may do it."""
        role_can(member.role, permission)  # rejects a misspelt permission even for a removed member
        current = self.get(member.staff_id)
        return current is not None and current.active and role_can(current.role, permission)

    # --- sign-in -------------------------------------------------------------------------------

    def sign_in(self, staff_id: str, pin: str) -> SignInResult:
        """Check a PIN and count failures; see ``SignInResult`` for the possible reasons."""
        return self._check_pin(staff_id, pin, _SIGN_IN_AUDIT, {})

    def verify_pin(self, staff_id: str, pin: str, purpose: str = "confirm") -> SignInResult:
        """Check a PIN without signing anyone in (a second member confirming a refund, say).

        The same scrypt check and the same lockout accounting as ``sign_in`` — wrong PINs typed here
        count towards that id's lock — but audited as ``staff.pin_verified`` / ``staff.pin_check_failed``
        with the ``purpose``, so the log never shows a sign-in that did not happen.
        """
        return self._check_pin(staff_id, pin, _VERIFY_AUDIT, {"purpose": purpose})

    def _check_pin(self, staff_id: str, pin: str, actions: "_AuditActions", extra: dict[str, Any]) -> SignInResult:
        row = None
        if isinstance(staff_id, str) and STAFF_ID_PATTERN.fullmatch(staff_id):
            row = self._db.execute(
                "SELECT staff_id, name, role, active, pin_hash, pin_salt FROM staff WHERE staff_id = ?", (staff_id,)
            ).fetchone()
        pin_text = pin if isinstance(pin, str) else ""
        if row is None:
            pin_matches(pin_text, _DECOY_SALT, _DECOY_HASH)  # same scrypt work: no timing oracle
            detail = {"staff_id_masked": _masked_attempted_id(staff_id), "reason": "unknown_staff", **extra}
            self._audit.record("kiosk", actions.failed, detail)
            return SignInResult(False, None, "unknown_staff", self._max_failures, None)
        member = _member(row[:4])
        correct = pin_matches(pin_text, row[5], row[4])
        with write_transaction(self._db):
            return self._settle_attempt(member, correct, actions, extra)

    def _settle_attempt(self, member: StaffMember, correct: bool, actions: "_AuditActions",
                        extra: dict[str, Any]) -> SignInResult:
        """Inside the write transaction: apply the lock rules, update the count, audit the attempt.

        The id's row is locked first: wrong PINs typed for one id at two kiosks at once both count."""
        lock(self._db, f"staff:{member.staff_id}")
        now = self._clock.now()
        state = self._db.execute(
            "SELECT failures, locked_until_utc FROM staff_sign_in_state WHERE staff_id = ?", (member.staff_id,)
        ).fetchone()
        failures, locked_until = (state[0], from_utc_text(state[1]) if state[1] else None) if state else (0, None)
        if locked_until is not None and now < locked_until:
            return self._refuse(member, "locked", 0, locked_until, actions, extra)
        if locked_until is not None:  # the lock has run out: a fresh set of attempts
            failures, locked_until = 0, None
        if not correct:
            failures += 1
            if failures >= self._max_failures:
                locked_until = now + self._lockout
            self._db.execute(
                "INSERT INTO staff_sign_in_state (staff_id, failures, locked_until_utc) VALUES (?, ?, ?) "
                "ON CONFLICT(staff_id) DO UPDATE SET failures = excluded.failures, "
                "locked_until_utc = excluded.locked_until_utc",
                (member.staff_id, failures, to_utc_text(locked_until) if locked_until else None),
            )
            if locked_until is not None:
                self._audit.record(
                    "kiosk", "staff.locked",
                    {"staff_id": member.staff_id, "failures": failures, "locked_until": to_utc_text(locked_until),
                     **extra},
                )
                return self._refuse(member, "locked", 0, locked_until, actions, extra)
            return self._refuse(member, "wrong_pin", self._max_failures - failures, None, actions, extra)
        if not member.active:
            return self._refuse(member, "inactive", self._max_failures - failures, None, actions, extra)
        self._db.execute("DELETE FROM staff_sign_in_state WHERE staff_id = ?", (member.staff_id,))
        self._audit.record(f"staff:{member.staff_id}", actions.ok, {"staff_id": member.staff_id, **extra})
        return SignInResult(True, member, "ok", self._max_failures, None)

    def _refuse(self, member: StaffMember, reason: str, attempts_left: int, locked_until: datetime | None,
                actions: "_AuditActions", extra: dict[str, Any]) -> SignInResult:
        detail: dict[str, Any] = {"staff_id": member.staff_id, "reason": reason, "attempts_left": attempts_left,
                                  **extra}
        self._audit.record("kiosk", actions.failed, detail)
        return SignInResult(False, None, reason, attempts_left, locked_until)

    # --- helpers -------------------------------------------------------------------------------

    def _require(self, staff_id: str) -> StaffMember:
        member = self.get(staff_id)
        if member is None:
            raise StaffError(f"there is no staff account with id {staff_id}; see 'onevisit staff list'")
        return member

    def _now_text(self) -> str:
        return to_utc_text(self._clock.now())


@dataclass(frozen=True)
class _AuditActions:
    ok: str
    failed: str


_SIGN_IN_AUDIT = _AuditActions("staff.sign_in_ok", "staff.sign_in_failed")
_VERIFY_AUDIT = _AuditActions("staff.pin_verified", "staff.pin_check_failed")


def _member(row: tuple) -> StaffMember:
    staff_id, name, role, active = row
    return StaffMember(staff_id, name, StaffRole(role), bool(active))
