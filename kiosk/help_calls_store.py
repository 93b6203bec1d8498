"""Patients' "call staff" presses as the audit log holds them: ``help.requested`` rows (written by the
shell through ``AuditLog``) and the ``help.resolved`` rows that close them (detail ``request_id``).

Read-only: the calls and their resolutions are audit rows, so they are written by ``AuditLog.record``
and never changed here. On a shared database the rows of every kiosk are read (a call names its kiosk).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.storage import Database


@dataclass(frozen=True)
class HelpCallRow:
    request_id: int  # the audit row's id
    kiosk_id: str  # the row's kiosk id ("" on rows older than per-kiosk audit chains)
    at_utc: datetime
    detail: dict  # the audit detail: ``screen``, and ``kiosk`` on older rows


def resolved_request_ids(db: Database, since: datetime) -> set[int]:
    """The request ids that ``help.resolved`` rows written since ``since`` close."""
    resolved = set()
    for (detail,) in db.execute(
            "SELECT detail_json FROM audit_log WHERE action = 'help.resolved' AND at_utc >= ?", (to_utc_text(since),)):
        request_id = json.loads(detail).get("request_id")
        if isinstance(request_id, int):
            resolved.add(request_id)
    return resolved


def help_calls_since(db: Database, since: datetime) -> list[HelpCallRow]:
    """Every ``help.requested`` row written since ``since``, newest first."""
    rows = db.execute(
        "SELECT id, kiosk_id, at_utc, detail_json FROM audit_log WHERE action = 'help.requested' AND at_utc >= ? "
        "ORDER BY id DESC", (to_utc_text(since),)).fetchall()
    return [HelpCallRow(row_id, kiosk_id, from_utc_text(at), json.loads(detail)) for row_id, kiosk_id, at, detail in rows]


def is_help_call(db: Database, request_id: int) -> bool:
    """Whether audit row ``request_id`` is a ``help.requested`` row."""
    return db.execute(
        "SELECT 1 FROM audit_log WHERE id = ? AND action = 'help.requested'", (int(request_id),)
    ).fetchone() is not None
