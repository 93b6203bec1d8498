"""Same-day registration numbers: what the three registration screens wait for on a real SQLite file
(WAL, synchronous=FULL) with the seeded demo hospital at 09:00.

Prints one JSON object: ``choices_ms`` (the department list: every clinic's open places and the
patient's appointments, one call), ``slots_ms`` (one department's doctors and times), ``register_ms``
(book + charge + idempotency row in one write transaction) and ``register_repeat_ms`` (the same key
again: answered from the registrations table). Each is the median over ROUNDS calls.

Usage: ``python benchmarks/checkin_registration_bench.py [FOLDER]`` (default: the system's temp folder).
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.audit import AuditLog  # noqa: E402
from kiosk.checkin.registration import SameDayRegistration  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.his.demo import DemoHospital, seed_demo_hospital  # noqa: E402
from kiosk.storage import open_database  # noqa: E402

ROUNDS = 50


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main(folder: Path) -> dict:
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    db = open_database(folder / "bench.db")
    seed_demo_hospital(db, clock.today())
    his = DemoHospital(db, clock)
    registration = SameDayRegistration(clock, his, AuditLog(db, clock), check_in=lambda p, a: None)
    choices = [timed(registration.choices, "DEMO-003") for _ in range(ROUNDS)]
    slots = [timed(registration.slots, "CARD") for _ in range(ROUNDS)]
    patients = [row[0] for row in db.execute(
        "SELECT id FROM patients WHERE id NOT IN (SELECT patient_id FROM appointments WHERE department_code = "
        "'IM') ORDER BY id LIMIT ?", (ROUNDS,))]
    doctors = [s for s in his.open_slots("IM", clock.today()) if s.session == "afternoon"]
    registers, repeats = [], []
    for index, patient_id in enumerate(patients):
        slot = max(doctors, key=lambda s: s.remaining)
        db.execute("UPDATE doctor_sessions SET places = places + 1 WHERE doctor_id = ? AND session = ?",
                   (slot.doctor_id, slot.session))  # room for every benchmark patient
        db.conn.commit()
        key = f"bench-{index}"
        registers.append(timed(his.register, patient_id, slot.doctor_id, clock.today(), slot.time, key))
        repeats.append(timed(his.register, patient_id, slot.doctor_id, clock.today(), slot.time, key))
    db.close()
    return {"choices_ms": median_ms(choices), "slots_ms": median_ms(slots), "register_ms": median_ms(registers),
            "register_repeat_ms": median_ms(repeats), "rounds": ROUNDS}


if __name__ == "__main__":
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        print(json.dumps(main(Path(tmp))))
