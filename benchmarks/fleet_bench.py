"""Fleet numbers (issue 15): N kiosk processes on one PostgreSQL renting, returning and checking in.

Starts its own durable PostgreSQL cluster (``tests/postgres_cluster.py``, PostgreSQL's default fsync
and synchronous commit, so every commit waits for the disk), seeds the demo hospital, registers
``CHAIRS_PER_KIOSK`` chairs per kiosk (each bound to one patient whose deposit is waived) and books
a busy Cardiology morning, then starts N real kiosk processes (``tests/fleet/kiosk_worker.py``:
``kiosk.bootstrap`` with simulated devices) and runs two timed phases, every kiosk starting at the
same wall-clock moment:

1. rent + return for ``--seconds``: each kiosk rents its own free chairs (every other rental for home
   use, which always puts a day's fee on the visit bill) and returns the chairs the previous kiosk
   rented out, so every return happens at another kiosk than the rental (``cross_kiosk_returns``);
   a rent and a return count one operation each, as in ``wheelchair_bench.py``;
2. check-in for ``--seconds``: each kiosk checks in its share of the booked appointments, all in one
   clinic, so every check-in wants that clinic's next queue number (the worst case for the counter).

Then it reads the database: ``duplicate_queue_numbers`` (tickets handed out whose number another
ticket also carries), ``checkin_failures`` (check-ins that raised, by error), ``lost_rentals`` (rentals
a kiosk confirmed that the database does not hold, or whose chair's state disagrees with them),
``double_charges`` (returned rentals whose fee is on the bill other than exactly once, or charged for
another amount). The same two phases run on one kiosk with an embedded SQLite file
(``sqlite_single_kiosk``) and on one kiosk on the same PostgreSQL (``postgresql_single_kiosk``).

``postgresql_commit_ms`` / ``sqlite_commit_ms``: the median one-row durable commit on each, measured
in the same run (a rent is one commit, a return two: the fee to the hospital system, then the return).
The machine's 1-minute load average before the run and the CPU count are printed with the numbers:
other work on the machine takes CPU from the kiosks.

Usage: ``python benchmarks/fleet_bench.py [--kiosks 8] [--seconds 15]``. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import Clock  # noqa: E402
from kiosk.face.bounds import upper_bound  # noqa: E402
from kiosk.face.templates import load_or_create_key  # noqa: E402
from kiosk.his.demo import seed_demo_hospital  # noqa: E402
from kiosk.storage import open_database, write_transaction  # noqa: E402
from kiosk.wheelchair.fleet import Fleet  # noqa: E402
from kiosk.wheelchair.labels import load_label_key  # noqa: E402
from tests.fleet.hospital_data import book_busy_clinic  # noqa: E402
from tests.fleet.kiosks import KioskProcess, kiosk_spec  # noqa: E402
from tests.postgres_cluster import PostgresCluster, why_unavailable  # noqa: E402

CHAIRS_PER_KIOSK = 16
APPOINTMENTS_PER_KIOSK = 1500  # more than a kiosk checks in during one phase on this machine
START_DELAY_S = 3.0  # every kiosk gets its command, then they all begin at the same moment
START_TIMEOUT_S = 600.0  # N kiosks bootstrapping together on a shared 2-core machine


def prepare(database, kiosks: list[str]) -> dict:
    """Seed the hospital, register each kiosk's chairs (bound to patients without a deposit) and book
    the busy clinic; returns each kiosk's chairs, patients and appointments."""
    clock = Clock()
    db = open_database(database)
    seed_demo_hospital(db, clock.today())
    patients = [row[0] for row in db.execute(
        "SELECT id FROM patients WHERE credit_score >= 650 AND overdue_debt_fen = 0 AND id LIKE 'P%' ORDER BY id")]
    per_kiosk = min(CHAIRS_PER_KIOSK, len(patients) // len(kiosks))
    fleet = Fleet(db, clock, AuditLog(db, clock, "BENCH-SETUP"))
    booked = book_busy_clinic(db, clock.today(), APPOINTMENTS_PER_KIOSK * len(kiosks))
    plan = {}
    for index, kiosk in enumerate(kiosks):
        chairs = [f"WC-{index + 1:02d}{n:02d}" for n in range(per_kiosk)]
        for chair in chairs:
            fleet.register(chair, actor="staff")
        plan[kiosk] = {"chairs": chairs, "patients": patients[index * per_kiosk:(index + 1) * per_kiosk],
                       "appointments": [list(pair) for pair in booked[index::len(kiosks)]]}
    db.close()
    return plan


def start_all(specs: list[dict], logs: Path) -> list[KioskProcess]:
    """The first kiosk alone (it seeds the demo staff, which two kiosks starting at once still race
    for: see tests/fleet), then the others together."""
    processes = [KioskProcess(spec, logs) for spec in specs]
    processes[0].start()
    errors: list[BaseException] = []

    def start(process: KioskProcess) -> None:
        try:
            process.start(timeout_s=START_TIMEOUT_S)
        except BaseException as error:  # reported below, after every start has finished
            errors.append(error)

    threads = [threading.Thread(target=start, args=(process,)) for process in processes[1:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        for process in processes:
            process.stop()
        raise errors[0]
    return processes


def server_cpu_s(cluster: PostgresCluster | None) -> float:
    """CPU seconds used so far by the cluster's server processes (the postmaster and its children:
    the kiosks' backends, the WAL writer, the checkpointer), from /proc; 0 for SQLite."""
    if cluster is None:
        return 0.0
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(entry.name) == postmaster or int(fields[1]) == postmaster:
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def run_phases(processes: list[KioskProcess], plan: dict, seconds: float, cluster: PostgresCluster | None) -> dict:
    kiosks = [process.kiosk for process in processes]
    go = time.time() + START_DELAY_S
    for index, process in enumerate(processes):
        mine = plan[process.kiosk]
        previous = plan[kiosks[index - 1]] if len(kiosks) > 1 else mine
        process.send("rent_return_loop", seconds=seconds, chairs=mine["chairs"], patients=mine["patients"],
                     return_chairs=previous["chairs"], start_at=go)
    server_before = server_cpu_s(cluster)
    rentals = [_answer(process, seconds) for process in processes]
    server_s = server_cpu_s(cluster) - server_before  # includes the START_DELAY_S wait, when it idles
    go = time.time() + START_DELAY_S
    for process in processes:
        process.send("checkin_many", pairs=plan[process.kiosk]["appointments"], start_at=go, seconds=seconds)
    checkins = [_answer(process, seconds) for process in processes]
    rent_return_ops = sum(r["ops"] for r in rentals)
    numbers = [number for c in checkins for number in c["numbers"].values()]
    failures = collections.Counter(why.split(":", 1)[0] for c in checkins for why in c["failures"].values())
    kiosk_cpu_ms = 1000 * sum(r["cpu_s"] for r in rentals) / max(rent_return_ops, 1)
    server_cpu_ms = 1000 * server_s / max(rent_return_ops, 1)
    return {
        "rent_return_per_s": round(rent_return_ops / max(r["elapsed_s"] for r in rentals), 1),
        "rent_return_ops": rent_return_ops,
        # CPU one rent or return costs, in the kiosk processes and in the database server: what bounds
        # the total when the kiosks share a few cores (cpu_bound_rent_return_per_s = cores / cost).
        "kiosk_cpu_ms_per_op": round(kiosk_cpu_ms, 3),
        "database_cpu_ms_per_op": round(server_cpu_ms, 3),
        "cpu_bound_rent_return_per_s": round(1000 * (os.cpu_count() or 1) / max(kiosk_cpu_ms + server_cpu_ms, 1e-9), 1),
        "rentals_refused": sum(r["refused"] for r in rentals),
        "rent_return_errors": dict(sum((collections.Counter(r["errors"]) for r in rentals), collections.Counter())),
        "checkins_per_s": round(len(numbers) / max(c["elapsed_s"] for c in checkins), 1),
        "checkins": len(numbers),
        "checkin_failures": dict(failures),
        "duplicate_queue_numbers": sum(count for count in collections.Counter(numbers).values() if count > 1),
        "confirmed_rentals": [rental for r in rentals for rental in r["rented"]],
    }


def _answer(process: KioskProcess, seconds: float) -> dict:
    answer = process.reply(timeout_s=seconds + START_DELAY_S + 120)
    if not answer.get("ok"):
        raise RuntimeError(f"kiosk {process.kiosk}: {answer.get('kind')}: {answer.get('error')}\n{process.stderr_tail()}")
    return answer


def audit_database(database, confirmed: list[str]) -> dict:
    """What the database says after the run: lost rentals, double charges, returns at another kiosk."""
    db = open_database(database)
    try:
        known = {row[0] for row in db.execute("SELECT id FROM wheelchair_rentals")}
        missing = [rental for rental in confirmed if rental not in known]
        # A chair out (rented / home use) must have exactly one open rental, and a chair with an open
        # rental must be out.
        disagreeing = db.execute(
            "SELECT count(*) FROM wheelchairs w WHERE (w.state IN ('rented', 'home_use')) <> EXISTS ("
            "SELECT 1 FROM wheelchair_rentals r WHERE r.chair_id = w.chair_id AND r.state IN ('active', 'awaiting_pickup'))"
        ).fetchone()[0]
        double_charged = db.execute(
            "SELECT count(*) FROM wheelchair_rentals r WHERE r.state = 'returned' AND r.fee_fen > 0 AND ("
            "(SELECT count(*) FROM charges c WHERE c.id = 'WC-' || r.id) <> 1 OR "
            "(SELECT coalesce(sum(c.amount_fen), 0) FROM charges c WHERE c.id = 'WC-' || r.id) <> r.fee_fen)"
        ).fetchone()[0]
        charged_unreturned = db.execute(
            "SELECT count(*) FROM charges c JOIN wheelchair_rentals r ON c.id = 'WC-' || r.id WHERE r.state <> 'returned'"
        ).fetchone()[0]
        returns = db.execute("SELECT count(*), coalesce(sum(CASE WHEN return_kiosk_id <> kiosk_id THEN 1 ELSE 0 END), 0), "
                             "coalesce(sum(CASE WHEN fee_fen > 0 THEN 1 ELSE 0 END), 0) "
                             "FROM wheelchair_rentals WHERE state = 'returned'").fetchone()
        stored_duplicates = db.execute(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM queue_numbers "
            "GROUP BY department_code, day, number HAVING count(*) > 1) AS repeated").fetchone()[0]
        return {"lost_rentals": len(missing) + int(disagreeing), "double_charges": int(double_charged) + int(charged_unreturned),
                "rentals": len(confirmed), "returns": int(returns[0]), "cross_kiosk_returns": int(returns[1]),
                "returns_with_a_fee": int(returns[2]),
                "stored_duplicate_queue_numbers": int(stored_duplicates)}
    finally:
        db.close()


def commit_ms(database, commits: int = 200) -> float:
    """Median time of a one-row durable commit: the floor under every rent and return on this disk now."""
    db = open_database(database)
    try:
        db.execute("CREATE TABLE commit_probe (n INTEGER)")
        timings = []
        for n in range(commits):
            started = time.perf_counter()
            with write_transaction(db):
                db.execute("INSERT INTO commit_probe (n) VALUES (?)", (n,))
            timings.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(timings), 3)
    finally:
        db.close()


def measure(database, kiosks: list[str], keys: Path, logs: Path, seconds: float,
            cluster: PostgresCluster | None = None) -> dict:
    plan = prepare(database, kiosks)
    processes = start_all([kiosk_spec(kiosk, database, keys) for kiosk in kiosks], logs)
    try:
        figures = run_phases(processes, plan, seconds, cluster)
    finally:
        for process in processes:
            process.stop()
    found = audit_database(database, figures.pop("confirmed_rentals"))
    figures["duplicate_queue_numbers"] += found.pop("stored_duplicate_queue_numbers")
    figures = {**figures, **found}
    attempted = figures["checkins"] + sum(figures["checkin_failures"].values())
    figures["upper_95"] = {  # exact (Clopper–Pearson) 95 % upper bounds of each rate, from these counts
        "lost_rentals_per_rental": round(upper_bound(figures["lost_rentals"], figures["rentals"]), 5),
        "double_charges_per_charged_return": round(upper_bound(figures["double_charges"], figures["returns_with_a_fee"]), 5),
        "duplicate_queue_numbers_per_ticket": round(upper_bound(figures["duplicate_queue_numbers"], figures["checkins"]), 5),
        "failed_checkins_per_checkin": round(upper_bound(attempted - figures["checkins"], attempted), 5),
    }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    reason = why_unavailable()
    if reason:
        print(json.dumps({"engine": "postgresql", "kiosks": args.kiosks, "skipped": reason}))
        return 0
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="onevisit-fleet-") as folder:
        where = Path(folder)
        keys = where / "keys"
        keys.mkdir(mode=0o700)
        load_or_create_key(keys / "face.key")
        load_label_key(keys / "wheelchair-label.key", create=True)
        logs = where / "logs"
        logs.mkdir()
        cluster = PostgresCluster(durable=True).start()
        try:
            fleet = measure(cluster.create_database("fleet"), [f"LOBBY-{n}" for n in range(1, args.kiosks + 1)],
                            keys, logs, args.seconds, cluster)
            single_pg = measure(cluster.create_database("single"), ["SOLO-PG"], keys, logs, args.seconds, cluster)
            pg_commit_ms = commit_ms(cluster.create_database("probe"))
        finally:
            cluster.stop()
        single_sqlite = measure(where / "kiosk.db", ["SOLO-SQLITE"], keys, logs, args.seconds)
        sqlite_commit_ms = commit_ms(where / "probe.db")
    keep = ("rent_return_per_s", "kiosk_cpu_ms_per_op", "database_cpu_ms_per_op", "checkins_per_s", "duplicate_queue_numbers", "lost_rentals", "double_charges",
            "checkin_failures", "rent_return_errors", "rentals", "checkins")
    print(json.dumps({
        "engine": "postgresql",
        "kiosks": args.kiosks,
        **fleet,
        "postgresql_single_kiosk": {key: single_pg[key] for key in keep},
        "sqlite_single_kiosk": {key: single_sqlite[key] for key in keep},
        "postgresql_commit_ms": pg_commit_ms,
        "sqlite_commit_ms": sqlite_commit_ms,
        "seconds_per_phase": args.seconds,
        "chairs_per_kiosk": CHAIRS_PER_KIOSK,
        "cpus": os.cpu_count(),
        "load_average_1m_before": round(load_before, 2),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
        "storage": "PostgreSQL cluster in the temp folder with fsync and synchronous_commit on (durable); "
                   "SQLite file there too, WAL, synchronous=FULL",
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
