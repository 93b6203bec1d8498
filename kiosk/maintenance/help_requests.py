"""Patients' "call staff" presses, read back from the audit log as alerts until staff mark them done.

``help.requested`` rows are written by the shell; ``help.resolved`` rows (detail ``request_id``) close
them. Only requests of the last ``HELP_ALERT_WINDOW`` are shown: an old unanswered press is history,
not an alert. On a shared database the list is hospital-wide: every kiosk's calls, each naming its
kiosk (the row's ``kiosk_id``), and staff may resolve a call at any kiosk.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock, from_utc_text, to_utc_text

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
        since = to_utc_text(self._clock.now() - HELP_ALERT_WINDOW)
        resolved = set()
        for (detail,) in self._db.execute(
                "SELECT detail_json FROM audit_log WHERE action = 'help.resolved' AND at_utc >= ?", (since,)):
            request_id = json.loads(detail).get("request_id")
            if isinstance(request_id, int):
                resolved.add(request_id)
        rows = self._db.execute(
            "SELECT id, kiosk_id, at_utc, detail_json FROM audit_log WHERE action = 'help.requested' AND at_utc >= ? "
            "ORDER BY id DESC", (since,)).fetchall()
        requests = []
        for row_id, kiosk_id, at, detail in rows:
            if row_id in resolved:
                continue
            fields = json.loads(detail)
            requests.append(HelpRequest(row_id, from_utc_text(at), fields.get("screen", ""),
                                        kiosk_id or fields.get("kiosk", "")))
        return requests

    def resolve(self, request_id: int, actor: str) -> None:
        """Staff attended to the patient; the alert goes away and the audit says who and when."""
        known = self._db.execute(
            "SELECT 1 FROM audit_log WHERE id = ? AND action = 'help.requested'", (int(request_id),)
        ).fetchone()
        if known is None:
            raise ValueError(f"audit row {request_id} is not a help request")
        self._audit.record(actor, "help.resolved", {"request_id": int(request_id)})
