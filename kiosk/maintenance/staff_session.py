"""Who is signed in to maintenance mode now, what they may do, and how they leave.

One staff member at a time. Every refused action and every sign-out is audited; a badge QR only
fills in the staff id (the PIN is always typed).
"""
from __future__ import annotations

import threading

from kiosk.audit import AuditLog
from kiosk.staff import STAFF_ID_PATTERN, SignInResult, StaffDirectory, StaffMember, role_can

BADGE_PREFIX = "ONEVISIT-STAFF:"


class PermissionDenied(Exception):
    """The signed-in staff member's role does not allow this; the message names the permission."""


def staff_id_from_badge(code: str) -> str | None:
    """The staff id on a badge QR (``ONEVISIT-STAFF:1001``), or None for any other code."""
    text = (code or "").strip()
    if not text.upper().startswith(BADGE_PREFIX):
        return None
    staff_id = text[len(BADGE_PREFIX):]
    return staff_id if STAFF_ID_PATTERN.fullmatch(staff_id) else None


class StaffSession:
    def __init__(self, staff: StaffDirectory, audit: AuditLog) -> None:
        self.staff = staff
        self._audit = audit
        self._lock = threading.Lock()
        self._member: StaffMember | None = None

    @property
    def member(self) -> StaffMember | None:
        return self._member

    @property
    def actor(self) -> str:
        member = self._member
        return f"staff:{member.staff_id}" if member else "kiosk"

    def sign_in(self, staff_id: str, pin: str) -> SignInResult:
        """Check the PIN (scrypt: blocking, call from a worker); on success this member is signed in."""
        result = self.staff.sign_in(staff_id, pin)
        if result.ok:
            with self._lock:
                self._member = result.member
        return result

    def sign_out(self, reason: str) -> bool:
        """End the staff session (``signed_out``, ``idle_timeout``, ``home`` …); True if there was one."""
        member = self.leave()
        if member is None:
            return False
        self.record_sign_out(member, reason)
        return True

    def leave(self) -> StaffMember | None:
        """Forget the member at once (no I/O, GUI thread); pair with ``record_sign_out`` in a worker."""
        with self._lock:
            member, self._member = self._member, None
        return member

    def record_sign_out(self, member: StaffMember, reason: str) -> None:
        self._audit.record(f"staff:{member.staff_id}", "staff.signed_out", {"staff_id": member.staff_id, "reason": reason})

    def can(self, permission: str) -> bool:
        """No I/O beyond one indexed read: whether the signed-in member may do it right now."""
        member = self._member
        return member is not None and self.staff.can(member, permission)

    def can_any(self, *permissions: str) -> bool:
        return any(self.can(permission) for permission in permissions)

    def role_allows(self, *permissions: str) -> bool:
        """No I/O (for showing or hiding buttons): the role at sign-in allows any of these.

        Actions still go through ``require``, which asks the database (a role changed meanwhile counts).
        """
        member = self._member
        return member is not None and any(role_can(member.role, permission) for permission in permissions)

    def require(self, permission: str) -> str:
        """The actor string for the audit, or PermissionDenied (audited) when the role does not allow it."""
        if not self.can(permission):
            member = self._member
            self._audit.record(self.actor, "staff.permission_denied",
                               {"staff_id": member.staff_id if member else "", "permission": permission})
            raise PermissionDenied(f"this needs the '{permission}' permission")
        return self.actor
