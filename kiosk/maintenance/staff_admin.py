"""Staff accounts managed by an administrator inside maintenance mode (the CLI stays for installers).

Every action first asks the session for the ``staff`` permission (refusals are audited) and is then
written by ``StaffDirectory``, which audits it with the admin as the actor. Two guards keep the kiosk
manageable: an admin never deactivates or re-roles themself, and the last active admin is never
deactivated or moved to another role — the checks and the change share one write transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, TypeVar

import sqlite_utils

from kiosk import staff_store
from kiosk.clock import Clock
from kiosk.his.masking import mask_name
from kiosk.maintenance.staff_session import StaffSession
from kiosk.staff import (StaffDirectory, StaffError, StaffMember, StaffRole, check_name, check_pin, check_role,
                         check_staff_id)
from kiosk.storage import write_transaction

T = TypeVar("T")


class StaffAdminRefused(Exception):
    """A staff change an admin may not make; ``code`` picks the plain words on the screen."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        # yourself, last_admin, pins_differ, bad_pin, bad_id, bad_name, duplicate, bad_input (detail says why)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class StaffRow:
    """One line of the roster: never the full name (a patient may be looking over the shoulder)."""

    staff_id: str
    masked_name: str
    role: StaffRole
    active: bool
    locked_until: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


class StaffAdmin:
    def __init__(self, staff: StaffDirectory, session: StaffSession, db: sqlite_utils.Database, clock: Clock) -> None:
        self._staff = staff
        self._session = session
        self._db = db
        self._clock = clock

    def roster(self) -> list[StaffRow]:
        """Every account with its masked name, role, active flag and a lock that is still running."""
        self._session.require("staff")
        now = self._clock.now()
        roster = []
        for entry in staff_store.roster(self._db):
            member, until = entry.member, entry.locked_until
            roster.append(StaffRow(member.staff_id, mask_name(member.name), member.role, member.active,
                                   until if until is not None and until > now else None))
        return roster

    def add(self, staff_id: str, name: str, role: StaffRole | str, pin: str, pin_again: str) -> StaffMember:
        actor = self._session.require("staff")
        for code, check in (("bad_id", check_staff_id), ("bad_name", check_name)):
            try:
                check(staff_id if code == "bad_id" else name)
            except StaffError as error:
                raise StaffAdminRefused(code, str(error)) from None
        if self._staff.get(staff_id) is not None:
            raise StaffAdminRefused("duplicate")
        self._check_new_pin(pin, pin_again)
        return self._translated(lambda: self._staff.add(staff_id, name, role, pin, actor=actor))

    def change_role(self, staff_id: str, role: StaffRole | str) -> StaffMember:
        actor = self._session.require("staff")
        new_role = self._translated(lambda: check_role(role))
        self._refuse_yourself(staff_id)
        with write_transaction(self._db):
            if new_role is not StaffRole.ADMIN:
                self._refuse_last_admin(staff_id)
            return self._translated(lambda: self._staff.set_role(staff_id, new_role, actor))

    def reset_pin(self, staff_id: str, pin: str, pin_again: str) -> None:
        """A new PIN for someone who forgot theirs; it also lifts their lock."""
        actor = self._session.require("staff")
        self._check_new_pin(pin, pin_again)
        self._translated(lambda: self._staff.set_pin(staff_id, pin, actor))

    def deactivate(self, staff_id: str) -> None:
        actor = self._session.require("staff")
        self._refuse_yourself(staff_id)
        with write_transaction(self._db):
            self._refuse_last_admin(staff_id)
            self._translated(lambda: self._staff.set_active(staff_id, False, actor))

    def reactivate(self, staff_id: str) -> None:
        actor = self._session.require("staff")
        self._translated(lambda: self._staff.set_active(staff_id, True, actor))

    def unlock(self, staff_id: str) -> None:
        actor = self._session.require("staff")
        self._translated(lambda: self._staff.unlock(staff_id, actor))

    # --- guards ------------------------------------------------------------------------------------

    def _refuse_yourself(self, staff_id: str) -> None:
        member = self._session.member
        if member is not None and member.staff_id == staff_id:
            raise StaffAdminRefused("yourself")

    def _refuse_last_admin(self, staff_id: str) -> None:
        """Inside the write transaction: would this change leave no active admin? Held against every
        kiosk until the change commits, so two admins demoting each other at two kiosks leave one."""
        staff_store.lock_admins(self._db)
        others = staff_store.other_active_admins(self._db, staff_id)
        target = self._staff.get(staff_id)
        if target is not None and target.role is StaffRole.ADMIN and target.active and others == 0:
            raise StaffAdminRefused("last_admin")

    @staticmethod
    def _check_new_pin(pin: str, pin_again: str) -> None:
        if pin != pin_again:
            raise StaffAdminRefused("pins_differ")
        try:
            check_pin(pin)
        except StaffError as error:
            raise StaffAdminRefused("bad_pin", str(error)) from None

    @staticmethod
    def _translated(action: Callable[[], T]) -> T:
        """StaffError (bad id, name, duplicate …) becomes a refusal the screen can show."""
        try:
            return action()
        except StaffError as error:
            raise StaffAdminRefused("bad_input", str(error)) from None
