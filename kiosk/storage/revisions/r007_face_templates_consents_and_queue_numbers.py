"""Schema revision 7: face templates consents and queue numbers."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Face check-in (see kiosk.face, kiosk.checkin): encrypted face templates (never images), the
    consent record behind them, and the queue numbers handed out per department and day.
    """
    db.execute("""CREATE TABLE face_consents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        patient_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('self_service', 'staff_assisted')),
        staff_id TEXT NOT NULL DEFAULT '',
        notice_version TEXT NOT NULL,
        consented_utc TEXT NOT NULL,
        withdrawn_utc TEXT
    )""")
    db.execute("CREATE INDEX face_consents_by_patient ON face_consents(patient_id, withdrawn_utc)")
    db.execute("""CREATE TABLE face_templates (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        format TEXT NOT NULL,
        nonce BLOB NOT NULL CHECK (length(nonce) = 12),
        ciphertext BLOB NOT NULL,
        created_utc TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX face_templates_by_patient ON face_templates(patient_id)")
    db.execute("""CREATE TABLE queue_numbers (
        appointment_id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        department_code TEXT NOT NULL,
        day TEXT NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        number TEXT NOT NULL,
        issued_utc TEXT NOT NULL,
        called_utc TEXT,
        UNIQUE (department_code, day, sequence)
    )""")
