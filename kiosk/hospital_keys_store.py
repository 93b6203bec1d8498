"""The hospital-wide keys' fingerprints (``hospital_keys``): the first kiosk's is kept, later ones compare."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import to_utc_text
from kiosk.storage import Database


@dataclass(frozen=True)
class RecordedKey:
    fingerprint: str
    first_kiosk_id: str


def record_or_read(db: Database, name: str, fingerprint: str, kiosk_id: str, now: datetime) -> RecordedKey:
    """Record this fingerprint when the hospital has none for ``name`` yet (one atomic statement, so two
    kiosks starting together keep one); returns the one recorded."""
    db.execute("INSERT INTO hospital_keys (name, fingerprint, first_kiosk_id, recorded_utc) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (name) DO NOTHING", (name, fingerprint, kiosk_id, to_utc_text(now)))
    row = db.execute("SELECT fingerprint, first_kiosk_id FROM hospital_keys WHERE name = ?", (name,)).fetchone()
    return RecordedKey(row[0], row[1])
