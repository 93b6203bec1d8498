"""Schema revision 10: doctor sessions and same day registrations."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Demo HIS: who sees patients in which session of a day, and same-day registrations by idempotency key."""
    db.execute("""CREATE TABLE doctor_sessions (
        doctor_id TEXT NOT NULL REFERENCES doctors(id),
        day TEXT NOT NULL,
        session TEXT NOT NULL CHECK (session IN ('morning', 'afternoon')),
        first_slot TEXT NOT NULL,
        last_slot TEXT NOT NULL,
        places INTEGER NOT NULL CHECK (places >= 0),
        PRIMARY KEY (doctor_id, day, session)
    )""")
    db.execute("""CREATE TABLE registrations (
        idempotency_key TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        appointment_id TEXT NOT NULL UNIQUE REFERENCES appointments(id),
        charge_id TEXT NOT NULL UNIQUE REFERENCES charges(id),
        created_utc TEXT NOT NULL
    )""")
