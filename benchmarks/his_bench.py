"""How long the kiosk waits for the hospital system: the same port calls through the FHIR R4 adapter (to the
local test FHIR server, Medplum's router in memory, over HTTP on 127.0.0.1) and through the embedded demo
hospital (SQLite, WAL, synchronous=FULL), both holding the same generated hospital.

Prints one JSON object: for each hospital and each call (``patient_lookup`` by ID number, ``appointments``
of a patient today, ``check_in``, ``bill_lookup`` = the unpaid charges) the number of calls ``n``, ``p50_ms``
and ``p95_ms``, each with a distribution-free 95 % confidence interval from the order statistics
(``p50_ci_ms``, ``p95_ci_ms``), plus the machine's load average when it ran (the machine is shared).
Patient calls cycle over the generated patients; check-in takes each booked appointment of the day once.

Usage: ``python benchmarks/his_bench.py [FOLDER]``. Needs Node.js and ``npm ci`` in tests/fhir_server
(``make setup``); without them it reports the demo hospital only and says why.
"""
from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fhir_server.process import FhirServer, FhirServerUnavailable  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.his.demo import DemoHospital, seed_demo_hospital  # noqa: E402
from kiosk.his.fhir.adapter import FhirHospital  # noqa: E402
from kiosk.his.fhir.client import FhirClient  # noqa: E402
from kiosk.his.fhir.demo_load import load_demo_hospital  # noqa: E402
from kiosk.storage import open_database  # noqa: E402

CALLS = 300  # per lookup kind
ID_SYSTEM = "urn:oid:1.2.156.112604.1.1"


def quantile_with_ci(samples: list[float], q: float) -> dict:
    """The q-quantile in ms and a 95 % interval from the binomial order statistics (no distribution assumed)."""
    ordered = sorted(samples)
    n = len(ordered)
    half = 1.96 * math.sqrt(n * q * (1 - q))
    low, high = max(0, math.floor(n * q - half)), min(n - 1, math.ceil(n * q + half))
    point = ordered[min(n - 1, int(n * q))]
    return {"ms": round(point * 1000, 3), "ci_ms": [round(ordered[low] * 1000, 3), round(ordered[high] * 1000, 3)]}


def timed_calls(fn, arguments: list[tuple]) -> dict:
    samples = []
    for args in arguments:
        started = time.perf_counter()
        fn(*args)
        samples.append(time.perf_counter() - started)
    p50, p95 = quantile_with_ci(samples, 0.5), quantile_with_ci(samples, 0.95)
    return {"n": len(samples), "p50_ms": p50["ms"], "p50_ci_ms": p50["ci_ms"], "p95_ms": p95["ms"],
            "p95_ci_ms": p95["ci_ms"]}


def measure(his, clock, patients: list[tuple[str, str]], appointments: list[tuple[str, str]]) -> dict:
    today = clock.today()
    cycle = [patients[i % len(patients)] for i in range(CALLS)]
    return {
        "patient_lookup": timed_calls(his.find_patient_by_id_number, [(number,) for _, number in cycle]),
        "appointments": timed_calls(his.appointments_on, [(pid, today) for pid, _ in cycle]),
        "bill_lookup": timed_calls(his.unpaid_charges, [(pid,) for pid, _ in cycle]),
        "check_in": timed_calls(his.check_in, [(aid,) for aid, _ in appointments]),
    }


def main(folder: Path) -> dict:
    clock = FixedClock.at_local(2026, 11, 22, 8, 0)
    db = open_database(folder / "bench.db")
    seed_demo_hospital(db, clock.today())
    patients = [tuple(r) for r in db.execute("SELECT id, id_number FROM patients ORDER BY id")]
    appointments = [tuple(r) for r in db.execute("SELECT id, patient_id FROM appointments WHERE day = ? AND "
                                                 "status = 'booked' ORDER BY id", (clock.today().isoformat(),))]
    result: dict = {"load_average_1m": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
                    "patients": len(patients)}
    result["demo"] = measure(DemoHospital(db, clock), clock, patients, appointments)
    db.close()
    server = FhirServer()
    try:
        server.start()
    except FhirServerUnavailable as reason:
        result["fhir"] = {"skipped": str(reason)}
        return result
    try:
        client = FhirClient(server.base_url, timeout_s=10.0)
        load_demo_hospital(client, clock.today(), ID_SYSTEM)
        his = FhirHospital(client, clock, ID_SYSTEM)
        his.departments()  # the reference data cache is filled once per ten minutes; not what is measured
        result["fhir"] = measure(his, clock, patients, appointments)
        result["fhir"]["transport"] = "HTTP/1.1 keep-alive to 127.0.0.1, Medplum fhir-router 5.2.13 MemoryRepository"
        client.close()
    finally:
        server.stop()
    return result


if __name__ == "__main__":
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        print(json.dumps(main(Path(tmp))))
