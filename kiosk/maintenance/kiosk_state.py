"""The out-of-service switch: staff take the kiosk out of use; patients are sent to the help desk.

Persisted in ``kiosk_state`` (so a restart keeps the kiosk closed) and kept in memory, so the GUI can
ask on every navigation without touching the database. Every change is audited with who made it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from kiosk import kiosk_state_store
from kiosk.audit import AuditLog
from kiosk.clock import Clock, from_utc_text, to_utc_text
from kiosk.storage import write_transaction

OUT_OF_SERVICE_KEY = "out_of_service"


@dataclass(frozen=True)
class ServiceState:
    out_of_service: bool
    changed_by: str = ""
    changed_at: datetime | None = None


class OutOfServiceSwitch:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self._lock = threading.Lock()
        self._state = self._load()

    @property
    def state(self) -> ServiceState:
        return self._state

    @property
    def out_of_service(self) -> bool:
        """No I/O: safe to call from the GUI thread on every navigation."""
        return self._state.out_of_service

    def set(self, out_of_service: bool, actor: str) -> ServiceState:
        """Write the switch and its audit row in one transaction (blocking: call from a worker)."""
        now = self._clock.now()
        value = {"out_of_service": bool(out_of_service), "changed_by": actor, "changed_at_utc": to_utc_text(now)}
        with self._lock, write_transaction(self._db) as db:
            kiosk_state_store.put_state_value(db, self._audit.kiosk_id, OUT_OF_SERVICE_KEY, value, now)
            action = "kiosk.out_of_service" if out_of_service else "kiosk.back_in_service"
            self._audit.record(actor, action, {"previous": self._state.out_of_service})
            self._state = ServiceState(bool(out_of_service), actor, now)
        return self._state

    def _load(self) -> ServiceState:
        stored = kiosk_state_store.state_value(self._db, self._audit.kiosk_id, OUT_OF_SERVICE_KEY)
        if stored is None:
            return ServiceState(False)
        changed_at = stored.get("changed_at_utc")
        return ServiceState(bool(stored.get("out_of_service")), stored.get("changed_by", ""),
                            from_utc_text(changed_at) if changed_at else None)
