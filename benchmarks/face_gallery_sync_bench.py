"""How fast a face enrolled or withdrawn at one kiosk reaches another kiosk on one shared database.

Two FaceService instances (kiosks EAST and WEST, their own connections, one face key) on a throwaway
PostgreSQL cluster (default settings, fsync on) or, with ``--engine sqlite``, one SQLite file. WEST
runs its real watcher thread (``start_watching``, one check a second). EAST enrols a patient (random
unit templates), then withdraws them, ROUNDS times at random moments; for each change the time until
WEST's in-memory gallery shows it is measured (polled every 5 ms). Also: the cost of one version check
(the single-row read every kiosk makes once a second) and of applying one enrolment's difference.

Prints one JSON object: ``changes`` counted, ``within_2s`` with its exact 95 % Clopper–Pearson lower
bound, ``p50_ms``/``p95_ms``/``max_ms`` of the propagation time, ``check_ms`` and ``apply_ms`` medians.

Usage: ``python benchmarks/face_gallery_sync_bench.py [--rounds N] [--engine postgresql|sqlite]``.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.face.bounds import lower_bound  # noqa: E402
from kiosk.face.store import gallery_version  # noqa: E402
from kiosk.face.service import FaceService  # noqa: E402
from kiosk.face.templates import load_or_create_key  # noqa: E402
from kiosk.his.demo import DemoHospital, seed_demo_hospital  # noqa: E402
from kiosk.storage import open_database  # noqa: E402


def kiosk(target, kiosk_id: str, clock: FixedClock, key: Path) -> FaceService:
    db = open_database(target, kiosk_id=kiosk_id)
    faces = FaceService(db, clock, AuditLog(db, clock, kiosk_id), DemoHospital(db, clock), kiosk_id, key,
                        create_key=False)
    faces.load()
    return faces


def wait_for(condition, limit_s: float = 30.0) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit_s:
            return float("inf")
        time.sleep(0.005)
    return time.perf_counter() - started


def run(target, folder: Path, rounds: int) -> dict:
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    key = folder / "face.key"
    load_or_create_key(key)
    setup = open_database(target)
    seed_demo_hospital(setup, clock.today())
    patients = [row[0] for row in setup.execute("SELECT id FROM patients ORDER BY id").fetchall()]
    east, west = kiosk(target, "EAST", clock, key), kiosk(target, "WEST", clock, key)
    west.start_watching()
    rng = np.random.default_rng(7)
    pause = random.Random(7)
    seconds: list[float] = []
    for n in range(rounds):
        patient = patients[n % len(patients)]
        vectors = [v / np.linalg.norm(v) for v in rng.normal(size=(3, 128)).astype(np.float32)]
        time.sleep(pause.uniform(0, 1.0))  # at a random point of WEST's once-a-second check
        east.record_consent(patient, "self_service", identified_by="id_card")
        east.enrol(patient, vectors)
        seconds.append(wait_for(lambda: west.is_enrolled(patient)))
        time.sleep(pause.uniform(0, 1.0))
        east.withdraw(patient)
        seconds.append(wait_for(lambda: not west.is_enrolled(patient)))
    west.close()
    check = []
    for _ in range(200):
        started = time.perf_counter()
        gallery_version(west._db)
        check.append(time.perf_counter() - started)
    apply = []
    for n in range(20):
        east.record_consent(patients[n], "self_service", identified_by="id_card")
        east.enrol(patients[n], [v / np.linalg.norm(v) for v in rng.normal(size=(3, 128)).astype(np.float32)])
        started = time.perf_counter()
        west.refresh(force=True)
        apply.append(time.perf_counter() - started)
    for database in (east._db, west._db, setup):
        database.close()
    ordered = sorted(seconds)
    within = sum(1 for s in seconds if s <= 2.0)
    return {
        "changes": len(seconds), "within_2s": within,
        "within_2s_lower95": round(lower_bound(within, len(seconds)), 4),
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "check_ms": round(statistics.median(check) * 1000, 3),
        "apply_enrolment_ms": round(statistics.median(apply) * 1000, 3),
        "gallery_people_at_apply": west.enrolled_people,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--engine", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.engine == "sqlite":
            result = run(Path(folder) / "kiosk.db", Path(folder), args.rounds)
        else:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from postgres_cluster import PostgresCluster

            cluster = PostgresCluster(durable=True).start()
            try:
                result = run(cluster.create_database("gallery_bench"), Path(folder), args.rounds)
            finally:
                cluster.stop()
    print(json.dumps({"engine": args.engine, "check_every_s": 1.0, **result}))


if __name__ == "__main__":
    main()
