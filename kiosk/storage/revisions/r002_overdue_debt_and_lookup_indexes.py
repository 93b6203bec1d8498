"""Schema revision 2: overdue debt and lookup indexes."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Pay-later needs each patient's overdue debt; check-in and settlement look up by patient+day."""
    db.execute("ALTER TABLE patients ADD COLUMN overdue_debt_fen INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX appointments_by_patient_day ON appointments(patient_id, day)")
    db.execute("CREATE INDEX charges_by_patient_status ON charges(patient_id, status)")
    db.execute("CREATE INDEX patients_by_phone ON patients(phone)")
