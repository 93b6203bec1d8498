"""What sharing one database costs a kiosk's own bookkeeping (issue 15): an audit append (the chain's
lock, head read, insert and row counter in one transaction) and a wheelchair rented at kiosk A and
returned at kiosk B (two connections, each operation holding the chair's lock), on a SQLite file
and on a throwaway local PostgreSQL with its durable defaults (fsync on). Prints one JSON object.

For each engine: ``audit_append_ms`` and ``rent_ms`` / ``return_ms`` as the median and the 95th
percentile of N timed operations, each with its distribution-free 95 % confidence interval (order
statistics: the ranks a binomial(N, q) puts around q·N), and ``rentals_lost`` / ``rentals_doubled``
(rows that should exist but do not, or exist twice) counted over every cycle.

Usage: ``python benchmarks/shared_kiosk_bench.py [N]`` (default 500). One process; the machine's other
load shows in the numbers, which is why they come with their intervals.
"""
from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.his.demo import DemoHospital, seed_demo_hospital  # noqa: E402
from kiosk.storage import open_database  # noqa: E402
from kiosk.wheelchair.fleet import Fleet  # noqa: E402
from kiosk.wheelchair.pricing import RentalTerms  # noqa: E402
from kiosk.wheelchair.rentals import RentalService  # noqa: E402
from tests.postgres_cluster import PostgresCluster, why_unavailable  # noqa: E402

CHAIRS = 10


def quantile_with_interval(samples: list[float], q: float) -> dict[str, float]:
    """The q-quantile and its 95 % distribution-free interval (normal approximation to the binomial ranks)."""
    ordered = sorted(samples)
    n = len(ordered)
    spread = 1.96 * math.sqrt(n * q * (1 - q))
    low = max(0, math.floor(n * q - spread) - 1)
    high = min(n - 1, math.ceil(n * q + spread))
    return {"value": round(ordered[min(n - 1, int(n * q))], 3), "ci95": [round(ordered[low], 3), round(ordered[high], 3)]}


def summary(samples: list[float]) -> dict[str, object]:
    return {"n": len(samples), "median": quantile_with_interval(samples, 0.5),
            "p95": quantile_with_interval(samples, 0.95)}


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def kiosk(target, clock, kiosk_id: str):
    db = open_database(target, kiosk_id=kiosk_id)
    audit = AuditLog(db, clock, kiosk_id)
    his = DemoHospital(db, clock)
    fleet = Fleet(db, clock, audit)
    return db, audit, his, RentalService(db, clock, audit, fleet, his, RentalTerms(), kiosk_id), fleet


def measure(target, n: int) -> dict[str, object]:
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    seeding = open_database(target)
    seed_demo_hospital(seeding, clock.today())
    seeding.close()
    db_a, audit_a, his, east, fleet = kiosk(target, clock, "EAST-1")
    db_b, _, _, west, _ = kiosk(target, clock, "WEST-1")
    try:
        appends = []
        for step in range(n):
            appends.append(timed(lambda: audit_a.record("kiosk", "bench.tick", {"step": step})))
            clock.advance(timedelta(microseconds=1))
        chairs = [f"WC-B{number:03d}" for number in range(CHAIRS)]
        for chair in chairs:
            fleet.register(chair)
        patient = his.patient("DEMO-001")
        rents, returns, rented_ids = [], [], []
        for cycle in range(n):
            chair = chairs[cycle % CHAIRS]
            started = time.perf_counter()
            rental = east.rent(chair, patient, key=f"bench:{cycle}")
            rents.append((time.perf_counter() - started) * 1000)
            rented_ids.append(rental.id)
            clock.advance(timedelta(minutes=10))  # free (under the first hour): no HIS charge in the timing
            returns.append(timed(lambda: west.return_chair(chair)))
        stored = dict(db_a.execute("SELECT id, count(*) FROM wheelchair_rentals WHERE idempotency_key LIKE 'bench:%' "
                                   "AND state = 'returned' AND return_kiosk_id = 'WEST-1' GROUP BY id").fetchall())
        return {
            "audit_append_ms": summary(appends),
            "rent_at_east_ms": summary(rents),
            "return_at_west_ms": summary(returns),
            "rentals_lost": sum(1 for rental_id in rented_ids if rental_id not in stored),
            "rentals_doubled": sum(1 for count in stored.values() if count > 1),
            "audit_chains_ok": audit_a.verify().ok,
        }
    finally:
        db_a.close()
        db_b.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    result: dict[str, object] = {"operations_per_measure": n}
    with tempfile.TemporaryDirectory() as folder:
        result["sqlite"] = measure(Path(folder) / "kiosk.db", n)
    reason = why_unavailable()
    if reason:
        result["postgresql"] = {"skipped": reason}
    else:
        cluster = PostgresCluster(durable=True).start()
        try:
            result["postgresql"] = measure(cluster.create_database("bench"), n)
        finally:
            cluster.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
