"""Check-in across kiosk processes on one PostgreSQL: a face enrolled at one kiosk checks the patient
in at another, and kiosks checking in at the same moment never hand out the same queue number."""
from __future__ import annotations


import time
from collections import Counter

import numpy as np

from kiosk.clock import Clock
from tests.fleet.hospital_data import book_busy_clinic

ENCODING_SIZE = 128  # the dlib-resnet encoder's template (the demo config's face.encoder)


def face_templates(seed: int, count: int, noise: float = 0.0, base_seed: int | None = None) -> list[list[float]]:
    """Templates of one synthetic person: a fixed point in encoder space (``base_seed``), each template a
    little noise around it, at the scale of real dlib encodings (norm about 1)."""
    person = np.random.default_rng(base_seed if base_seed is not None else seed).normal(0, 0.09, ENCODING_SIZE)
    jitter = np.random.default_rng(seed + 1000)
    return [(person + jitter.normal(0, noise, ENCODING_SIZE)).astype(np.float32).tolist() for _ in range(count)]


def test_a_face_enrolled_at_one_kiosk_checks_the_patient_in_at_another(start_kiosk, hospital_db):
    east = start_kiosk("EAST-1")
    east.ok("enrol", patient="DEMO-001", templates=face_templates(1, 3, noise=0.02))
    assert hospital_db.execute("SELECT count(*) FROM face_templates WHERE patient_id = 'DEMO-001'").fetchone()[0] == 3

    west = start_kiosk("WEST-1")  # the hospital's face key: the templates East wrote are readable here
    seen = west.ok("identify", frames=face_templates(7, 2, noise=0.02, base_seed=1))
    assert (seen["patient"], seen["enrolled"]) == ("DEMO-001", 1)
    stranger = west.ok("identify", frames=face_templates(2, 2, noise=0.02))
    assert stranger["patient"] is None

    appointment = hospital_db.execute("SELECT id FROM appointments WHERE patient_id = 'DEMO-001' AND day = ?",
                                      (Clock().today().isoformat(),)).fetchone()[0]
    ticket = west.ok("checkin", patient="DEMO-001", appointment=appointment)
    assert ticket["number"].startswith("A") and ticket["printed"]
    assert east.ok("checkin", patient="DEMO-001", appointment=appointment)["number"] == ticket["number"]


def test_a_running_kiosk_recognises_a_face_enrolled_elsewhere_within_2_seconds(start_kiosk, hospital_db):
    east, west = start_kiosk("EAST-1"), start_kiosk("WEST-1")
    assert west.ok("identify", frames=face_templates(7, 2, noise=0.02, base_seed=1))["patient"] is None
    east.ok("enrol", patient="DEMO-001", templates=face_templates(1, 3, noise=0.02))
    enrolled_at = time.monotonic()
    seen = None
    while time.monotonic() - enrolled_at < 2.0 and seen != "DEMO-001":
        seen = west.ok("identify", frames=face_templates(7, 2, noise=0.02, base_seed=1))["patient"]
        time.sleep(0.1)
    assert seen == "DEMO-001"

    east.ok("withdraw", patient="DEMO-001")
    withdrawn_at = time.monotonic()
    while time.monotonic() - withdrawn_at < 2.0 and seen is not None:
        seen = west.ok("identify", frames=face_templates(7, 2, noise=0.02, base_seed=1))["patient"]
        time.sleep(0.1)
    assert seen is None


KIOSKS = 4
PER_KIOSK = 60


def test_kiosks_checking_in_at_the_same_moment_never_share_a_queue_number(start_kiosk, hospital_db):
    kiosks = [start_kiosk(f"LOBBY-{n}") for n in range(1, KIOSKS + 1)]
    today = Clock().today()
    booked = book_busy_clinic(hospital_db, today, KIOSKS * PER_KIOSK)  # one clinic: every kiosk wants its next number
    go = time.time() + 1.0  # every kiosk starts checking in at the same wall-clock moment
    for index, kiosk in enumerate(kiosks):
        kiosk.send("checkin_many", pairs=[[p, a] for p, a in booked[index::KIOSKS]], start_at=go)
    results = [kiosk.reply(timeout_s=300) for kiosk in kiosks]
    failures = {a: why for result in results for a, why in result["failures"].items()}
    assert failures == {}
    issued = {a: n for result in results for a, n in result["numbers"].items()}
    assert len(issued) == len(booked)

    rows = hospital_db.execute("SELECT department_code, sequence, number FROM queue_numbers WHERE day = ?",
                               (today.isoformat(),)).fetchall()
    assert Counter(number for _, _, number in rows).most_common(1)[0][1] == 1
    for department in {d for d, _, _ in rows}:  # each clinic's numbers run 1, 2, 3 … with no gap
        sequences = sorted(s for d, s, _ in rows if d == department)
        assert sequences == list(range(1, len(sequences) + 1))
    assert sorted(issued.values()) == sorted(number for _, _, number in rows)
