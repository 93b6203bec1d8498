"""The patient session: who is at the kiosk now and what they have done, wiped on finish or idle.

Nothing here outlives a session: a wiped session keeps no patient, no scratch data and no reason
to look back at the previous person.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from kiosk.clock import Clock


@dataclass
class PatientSession:
    session_id: str
    journey: str
    started_at: datetime
    patient_id: str | None = None
    identified_by: str | None = None  # "face", "id_card", "id_number", "id_qr", "insurance_ecode", "phone_birth_date"
    scratch: dict[str, Any] = field(default_factory=dict)


class SessionManager:
    """Holds at most one session; every end of a session goes through ``wipe``."""

    def __init__(self, clock: Clock, on_wipe: Callable[[PatientSession, str], None] | None = None):
        self._clock = clock
        self._on_wipe = on_wipe
        self._lock = threading.Lock()
        self._current: PatientSession | None = None

    @property
    def current(self) -> PatientSession | None:
        return self._current

    def start(self, journey: str) -> PatientSession:
        """Begin a journey (check-in, wheelchair, pay, help); any previous session is wiped first."""
        self.wipe("replaced")
        with self._lock:
            self._current = PatientSession(uuid.uuid4().hex, journey, self._clock.now())
            return self._current

    def wipe(self, reason: str) -> bool:
        """End the session (``finished``, ``idle_timeout``, ``home``, …); True when there was one."""
        with self._lock:
            ended, self._current = self._current, None
        if ended is None:
            return False
        ended.patient_id = None
        ended.identified_by = None
        ended.scratch.clear()
        if self._on_wipe is not None:
            self._on_wipe(ended, reason)
        return True
