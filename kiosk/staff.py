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
from typing import Any

import sqlite_utils

from kiosk import staff_store
from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_utc_text
from kiosk.staff_store import SignInState, StaffMember, StaffRole
from kiosk.storage import write_transaction

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


TECHNICIAN_PERMISSIONS = frozenset({"devices", "fleet", "consumables"})
FINANCE_PERMISSIONS = frozenset({"payments", "refunds", "reconciliation"})
ALL_PERMISSIONS = TECHNICIAN_PERMISSIONS | FINANCE_PERMISSIONS | {"staff", "config", "exit"}
ROLE_PERMISSIONS: dict[StaffRole, frozenset[str]] = {
    StaffRole.TECHNICIAN: TECHNICIAN_PERMISSIONS,
    StaffRole.FINANCE: FINANCE_PERMISSIONS,
    StaffRole.ADMIN: ALL_PERMISSIONS,
}


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
            if not staff_store.add_member(db, member, pin_hash, salt, self._clock.now()):
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
            staff_store.set_pin_hash(db, staff_id, pin_hash, salt)
            staff_store.clear_sign_in_state(db, staff_id)
            self._audit.record(actor, "staff.pin_changed", {"staff_id": staff_id})

    def set_active(self, staff_id: str, active: bool, actor: str) -> None:
        """Enable or disable an account; a disabled account cannot sign in even with the right PIN."""
        with write_transaction(self._db) as db:
            self._require(staff_id)
            staff_store.set_active(db, staff_id, active)
            self._audit.record(actor, "staff.enabled" if active else "staff.disabled", {"staff_id": staff_id})

    def set_role(self, staff_id: str, role: StaffRole | str, actor: str) -> StaffMember:
        """Give the account another role; it applies to the member's next action (``can`` reads it)."""
        new_role = check_role(role)
        with write_transaction(self._db) as db:
            member = self._require(staff_id)
            staff_store.set_role(db, staff_id, new_role)
            self._audit.record(actor, "staff.role_changed",
                               {"staff_id": staff_id, "from": member.role.value, "to": new_role.value})
        return StaffMember(member.staff_id, member.name, new_role, member.active)

    def unlock(self, staff_id: str, actor: str) -> None:
        """Lift a lock and forget the wrong-PIN count, keeping the PIN."""
        with write_transaction(self._db) as db:
            self._require(staff_id)
            staff_store.clear_sign_in_state(db, staff_id)
            self._audit.record(actor, "staff.unlocked", {"staff_id": staff_id})

    def remove(self, staff_id: str, actor: str) -> None:
        """Delete the account and its sign-in state; its audit history stays."""
        with write_transaction(self._db) as db:
            member = self._require(staff_id)
            staff_store.clear_sign_in_state(db, staff_id)
            staff_store.delete_member(db, staff_id)
            self._audit.record(actor, "staff.removed", {"staff_id": staff_id, "role": member.role.value})

    def get(self, staff_id: str) -> StaffMember | None:
        return staff_store.member_by_id(self._db, staff_id)

    def members(self) -> list[StaffMember]:
        """Every account, ordered by staff id."""
        return staff_store.all_members(self._db)

    def locked_until(self, staff_id: str) -> datetime | None:
        """When the id's lock ends, or None if it is not locked right now."""
        until = staff_store.lock_end(self._db, staff_id)
        if until is None:
            return None
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
        credentials = None
        if isinstance(staff_id, str) and STAFF_ID_PATTERN.fullmatch(staff_id):
            credentials = staff_store.credentials_by_id(self._db, staff_id)
        pin_text = pin if isinstance(pin, str) else ""
        if credentials is None:
            pin_matches(pin_text, _DECOY_SALT, _DECOY_HASH)  # same scrypt work: no timing oracle
            detail = {"staff_id_masked": _masked_attempted_id(staff_id), "reason": "unknown_staff", **extra}
            self._audit.record("kiosk", actions.failed, detail)
            return SignInResult(False, None, "unknown_staff", self._max_failures, None)
        correct = pin_matches(pin_text, credentials.pin_salt, credentials.pin_hash)
        with write_transaction(self._db):
            return self._settle_attempt(credentials.member, correct, actions, extra)

    def _settle_attempt(self, member: StaffMember, correct: bool, actions: "_AuditActions",
                        extra: dict[str, Any]) -> SignInResult:
        """Inside the write transaction: apply the lock rules, update the count, audit the attempt.

        The id's row is locked first: wrong PINs typed for one id at two kiosks at once both count."""
        staff_store.lock_sign_in(self._db, member.staff_id)
        now = self._clock.now()
        state = staff_store.sign_in_state(self._db, member.staff_id) or SignInState(0, None)
        failures, locked_until = state.failures, state.locked_until
        if locked_until is not None and now < locked_until:
            return self._refuse(member, "locked", 0, locked_until, actions, extra)
        if locked_until is not None:  # the lock has run out: a fresh set of attempts
            failures, locked_until = 0, None
        if not correct:
            failures += 1
            if failures >= self._max_failures:
                locked_until = now + self._lockout
            staff_store.save_sign_in_state(self._db, member.staff_id, SignInState(failures, locked_until))
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
        staff_store.clear_sign_in_state(self._db, member.staff_id)
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


@dataclass(frozen=True)
class _AuditActions:
    ok: str
    failed: str


_SIGN_IN_AUDIT = _AuditActions("staff.sign_in_ok", "staff.sign_in_failed")
_VERIFY_AUDIT = _AuditActions("staff.pin_verified", "staff.pin_check_failed")
