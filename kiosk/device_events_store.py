"""The device health history (``device_events``): one row per change of a device's state or detail.

A row is ``{kiosk_id, device_kind, state, detail, at_utc}``; those columns are also its natural key,
so a row forwarded from the kiosk's outbox after an outage is written at most once.
"""
from __future__ import annotations

from typing import Any

from kiosk.storage import Database
from kiosk.storage.outbox import insert_unless_present


def insert_event(db: Database, event: dict[str, Any]) -> None:
    db["device_events"].insert(event)


def insert_event_once(db: Database, event: dict[str, Any]) -> bool:
    """Insert ``event`` unless the very same row is there (its first insert got through); True when inserted."""
    return insert_unless_present(db, "device_events", event)
