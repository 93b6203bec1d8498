"""Schema revision 4: staff accounts."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Staff accounts (scrypt PIN hash + salt) and their wrong-PIN count and lock (see kiosk.staff)."""
    db.execute("""CREATE TABLE staff (
        staff_id TEXT PRIMARY KEY CHECK (length(staff_id) BETWEEN 4 AND 8 AND staff_id NOT GLOB '*[^0-9]*'),
        name TEXT NOT NULL CHECK (length(name) > 0),
        role TEXT NOT NULL CHECK (role IN ('technician', 'finance', 'admin')),
        pin_hash TEXT NOT NULL,
        pin_salt BLOB NOT NULL CHECK (length(pin_salt) = 16),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE staff_sign_in_state (
        staff_id TEXT PRIMARY KEY REFERENCES staff(staff_id) ON DELETE CASCADE,
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        locked_until_utc TEXT
    )""")
