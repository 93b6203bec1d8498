"""A busy clinic for the fleet tests and benchmark: many appointments booked today in one department.

The demo hospital books about 100 appointments a day across 10 clinics, too few to make kiosks race
for the same clinic's next queue number. These rows are what the hospital system (here the demo HIS's
own tables, as ``kiosk.his.seed`` writes them) would hold on a busy morning in Cardiology.
"""
from __future__ import annotations

from datetime import date

from kiosk.storage import write_transaction

DEPARTMENT = "CARD"
DOCTOR = "CARD-1"


def book_busy_clinic(db, day: date, count: int, prefix: str = "F") -> list[tuple[str, str]]:
    """Book ``count`` appointments today with Cardiology's chief physician, spread over the synthetic
    patients; returns (patient id, appointment id) pairs in booking order."""
    patients = [row[0] for row in db.execute("SELECT id FROM patients WHERE id LIKE 'P%' ORDER BY id").fetchall()]
    doctor_name = db.execute("SELECT name FROM doctors WHERE id = ?", (DOCTOR,)).fetchone()[0]
    rows = []
    for n in range(count):
        minutes = 8 * 60 + (n * 2) % (9 * 60)
        rows.append({"id": f"{prefix}{day:%Y%m%d}-{n + 1:05d}", "patient_id": patients[n % len(patients)],
                     "department_code": DEPARTMENT, "doctor_id": DOCTOR, "doctor_name": doctor_name,
                     "day": day.isoformat(), "slot_time": f"{minutes // 60:02d}:{minutes % 60:02d}",
                     "status": "booked", "checked_in_utc": None})
    with write_transaction(db):
        db["appointments"].insert_all(rows)
    return [(row["patient_id"], row["id"]) for row in rows]
