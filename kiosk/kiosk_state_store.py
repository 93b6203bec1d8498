"""Per-kiosk state rows (``kiosk_state``, keyed by kiosk id and key): small JSON values that must
survive a restart, such as the out-of-service switch and the staff-chosen speaker volume.

A row belongs to one kiosk: on a shared database every kiosk reads and writes only its own. Writes
run inside the caller's ``write_transaction``; nothing here reads the clock or writes the audit.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from kiosk.clock import to_utc_text
from kiosk.storage import Database


def state_value(db: Database, kiosk_id: str, key: str) -> dict[str, Any] | None:
    """The kiosk's stored value for ``key``, or None if it was never set."""
    row = db.execute("SELECT value FROM kiosk_state WHERE kiosk_id = ? AND key = ?", (kiosk_id, key)).fetchone()
    return json.loads(row[0]) if row is not None else None


def put_state_value(db: Database, kiosk_id: str, key: str, value: dict[str, Any], now: datetime) -> None:
    """Set the kiosk's value for ``key`` (insert or replace), stamped ``now``."""
    db.execute(
        "INSERT INTO kiosk_state (kiosk_id, key, value, updated_utc) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kiosk_id, key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc",
        (kiosk_id, key, json.dumps(value), to_utc_text(now)),
    )
