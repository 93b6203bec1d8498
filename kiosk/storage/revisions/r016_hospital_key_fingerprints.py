"""Schema revision 16: the fingerprints of the hospital-wide keys.

Every kiosk of a hospital must hold the same face-template key and wheelchair-label key (a template
sealed at one kiosk is opened at the next; a label printed at one is checked at the next). The first
kiosk to start records each key's fingerprint (a one-way HMAC of a fixed text, never the key); a
kiosk whose key has another fingerprint is told so, in plain words, before it seals or signs anything.
"""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    db.execute("CREATE TABLE hospital_keys (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
               "first_kiosk_id TEXT NOT NULL, recorded_utc TEXT NOT NULL)")
