"""Patients' "call staff" presses, read back from the audit log as alerts until staff mark them done.

``help.requested`` rows are written by the shell; ``help.resolved`` rows (detail ``request_id``) close
them. Only requests of the last ``HELP_ALERT_WINDOW`` are shown: an old unanswered press is history,
not an alert. On a shared database the list is hospital-wide: every kiosk's calls, each naming its
kiosk (the row's ``kiosk_id``), and staff may resolve a call at any kiosk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from kiosk import help_calls_store
from kiosk.audit import AuditLog
from kiosk.clock import Clock

HELP_ALERT_WINDOW = timedelta(hours=8)


@dataclass(frozen=True)
class HelpRequest:
    request_id: int
    at_utc: datetime
    screen: str
    kiosk_id: str = ""  # which kiosk called: every kiosk of the hospital lists every call


class HelpRequests:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def open_requests(self) -> list[HelpRequest]:
        """Unresolved requests of the last hours, newest first."""
        since = self._clock.now() - HELP_ALERT_WINDOW
        resolved = help_calls_store.resolved_request_ids(self._db, since)
        return [HelpRequest(call.request_id, call.at_utc, call.detail.get("screen", ""),
                            call.kiosk_id or call.detail.get("kiosk", ""))
                for call in help_calls_store.help_calls_since(self._db, since) if call.request_id not in resolved]

    def resolve(self, request_id: int, actor: str) -> None:
        """Staff attended to the patient; the alert goes away and the audit says who and when."""
        if not help_calls_store.is_help_call(self._db, request_id):
            raise ValueError(f"audit row {request_id} is not a help request")
        self._audit.record(actor, "help.resolved", {"request_id": int(request_id)})
