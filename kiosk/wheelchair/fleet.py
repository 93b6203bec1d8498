"""The hospital's wheelchairs and the states they move through; every change is audited.

States: available → rented / home_use (by a rental) → available again at return, or maintenance after
a damage report; home_use → overdue when the due date passes; staff move chairs between maintenance,
disinfection, lost and available. A transition not in ``ALLOWED`` is refused in plain words.
"""
from __future__ import annotations

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.storage import write_transaction
from kiosk.wheelchair import store
from kiosk.wheelchair.labels import CHAIR_ID
from kiosk.wheelchair.store import ChairState, Wheelchair

_S = ChairState
ALLOWED: dict[ChairState, frozenset[ChairState]] = {
    _S.AVAILABLE: frozenset({_S.RENTED, _S.HOME_USE, _S.MAINTENANCE, _S.DISINFECTION, _S.LOST}),
    _S.RENTED: frozenset({_S.AVAILABLE, _S.HOME_USE, _S.MAINTENANCE, _S.DISINFECTION, _S.LOST}),
    _S.HOME_USE: frozenset({_S.AVAILABLE, _S.OVERDUE, _S.MAINTENANCE, _S.DISINFECTION, _S.LOST}),
    _S.OVERDUE: frozenset({_S.AVAILABLE, _S.MAINTENANCE, _S.DISINFECTION, _S.LOST}),
    _S.MAINTENANCE: frozenset({_S.AVAILABLE, _S.DISINFECTION, _S.LOST}),
    _S.DISINFECTION: frozenset({_S.AVAILABLE, _S.MAINTENANCE, _S.LOST}),
    _S.LOST: frozenset({_S.AVAILABLE, _S.MAINTENANCE}),
}


class FleetError(Exception):
    """A fleet operation was refused; the message is plain words for staff or the screen."""


class UnknownChair(FleetError):
    """No chair with this id is registered."""


class TransitionRefused(FleetError):
    """The chair cannot go from its state to the one asked for."""


class Fleet:
    """The chair register. Blocking (SQLite): call from a worker thread in the UI."""

    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def register(self, chair_id: str, actor: str = "kiosk") -> Wheelchair:
        """Add a chair as available; registering a known chair changes nothing."""
        if not CHAIR_ID.fullmatch(chair_id):
            raise FleetError(f"'{chair_id}' is not a chair id (capital letters, digits and '-', at most 16)")
        with write_transaction(self._db) as db:
            # two kiosks registering the chair at once: one adds it, one audit row
            if store.add_chair(db, chair_id, self._clock.now()):
                self._audit.record(actor, "wheelchair.registered", {"chair": chair_id})
        return self.chair(chair_id)

    def find(self, chair_id: str) -> Wheelchair | None:
        return store.chair_by_id(self._db, chair_id)

    def chair(self, chair_id: str) -> Wheelchair:
        found = self.find(chair_id)
        if found is None:
            raise UnknownChair(f"chair {chair_id} is not in this hospital's register")
        return found

    def chairs(self, state: ChairState | None = None) -> list[Wheelchair]:
        return store.chairs(self._db, state)

    def counts(self) -> dict[ChairState, int]:
        found = store.chair_counts(self._db)
        return {state: found.get(state, 0) for state in ChairState}

    def move(self, chair_id: str, to: ChairState, actor: str, reason: str = "", audited: bool = True) -> Wheelchair:
        """Change a chair's state (checked against ``ALLOWED``) and audit who did it and why.

        ``audited=False`` is for callers that write the transition into their own audit row in the
        same transaction (a rental or return names the chair's old and new state).
        """
        to = ChairState(to)
        now = self._clock.now()
        with write_transaction(self._db) as db:
            store.lock_chair(db, chair_id)
            chair = self.chair(chair_id)
            if chair.state is to:
                return chair
            if to not in ALLOWED[chair.state]:
                raise TransitionRefused(f"chair {chair_id} is {chair.state.value.replace('_', ' ')} and cannot "
                                        f"become {to.value.replace('_', ' ')}")
            store.set_chair_state(db, chair_id, to, reason, now)
            if audited:
                self._audit.record(actor, "wheelchair.state_changed",
                                   {"chair": chair_id, "from": chair.state.value, "to": to.value, "reason": reason})
        return Wheelchair(chair_id, to, reason, now)

    def move_within(self, db: sqlite_utils.Database, chair: Wheelchair, to: ChairState, reason: str) -> None:
        """The rental path's transition: inside the caller's open write transaction, holding the chair's
        lock, from the state it has just read, audited by the caller's own row. No second read and no savepoint, because a
        rent or return is one transaction with one fsync and every statement counts."""
        if to not in ALLOWED[chair.state]:
            raise TransitionRefused(f"chair {chair.chair_id} is {chair.state.value.replace('_', ' ')} and cannot "
                                    f"become {to.value.replace('_', ' ')}")
        store.set_chair_state(db, chair.chair_id, to, reason, self._clock.now())

