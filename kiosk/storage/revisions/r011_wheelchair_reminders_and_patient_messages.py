"""Schema revision 11: wheelchair reminders and patient messages."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Overdue wheelchair reminders (an outbox: one per rental per hospital day, sent through the HIS
    port) and the demo HIS's record of the messages it was asked to send to patients."""
    db.execute("""CREATE TABLE wheelchair_reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rental_id TEXT NOT NULL REFERENCES wheelchair_rentals(id),
        patient_id TEXT NOT NULL,
        day TEXT NOT NULL,
        text_zh TEXT NOT NULL,
        text_en TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        error TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        UNIQUE (rental_id, day)
    )""")
    db.execute("CREATE INDEX wheelchair_reminders_by_state ON wheelchair_reminders (state, updated_utc)")
    db.execute("""CREATE TABLE his_patient_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_key TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        text_zh TEXT NOT NULL,
        text_en TEXT NOT NULL,
        received_utc TEXT NOT NULL
    )""")
