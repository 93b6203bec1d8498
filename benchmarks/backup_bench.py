"""An online backup while the kiosk writes: how long it takes, and how long the kiosk's writes wait.

Fills a real database file (WAL, synchronous=FULL) with ROWS audit rows (about the size of a busy
year's log), then starts a writer thread that appends audit rows as fast as it can and runs
``make_backup`` (SQLite's backup API, the whole copy in one step). Prints one JSON object: the
database size, the backup's duration, and the writer's write latencies before and during the backup
(count, median, p95, p99, max), so "a backup never stalls a payment" is a measured statement.

Usage: ``python benchmarks/backup_bench.py [ROWS] [FOLDER]`` (default 50000 rows, the system's temp folder).
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.ops.backup import make_backup  # noqa: E402
from kiosk.storage import open_database, write_transaction  # noqa: E402

CLOCK = FixedClock.at_local(2026, 11, 22, 8, 0)


def summary(latencies_ms: list[float]) -> dict[str, float | int]:
    ordered = sorted(latencies_ms)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"count": len(ordered), "median_ms": round(statistics.median(ordered), 2), "p95_ms": at(0.95),
            "p99_ms": at(0.99), "max_ms": round(ordered[-1], 2)}


def fill(path: Path, rows: int) -> None:
    db = open_database(path)
    detail = {"kiosk": "BENCH-1", "screen": "pay-bill", "amount_fen": 12345}
    with write_transaction(db):  # one transaction: the chain is the same, the filling is fast
        audit = AuditLog(db, CLOCK)
        for _ in range(rows):
            audit.record("kiosk", "bench.filled", detail)
    db.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="onevisit-backup-bench-"))
    database = folder / "kiosk.db"
    fill(database, rows)
    writer_db = open_database(database)
    audit = AuditLog(writer_db, CLOCK)
    phase = {"name": "before"}
    latencies: dict[str, list[float]] = {"before": [], "during": []}
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            audit.record("kiosk", "bench.write", {"n": 1})
            latencies.setdefault(phase["name"], []).append((time.perf_counter() - started) * 1000)

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(2.0)
    phase["name"] = "during"
    started = time.perf_counter()
    report = make_backup(database, {}, folder / "backup", "BENCH-1")
    backup_s = time.perf_counter() - started
    phase["name"] = "after"
    stop.set()
    thread.join()
    writer_db.close()
    print(json.dumps({
        "rows": rows,
        "database_mb": round(database.stat().st_size / 1e6, 1),
        "backup_s": round(backup_s, 2),
        "backup_mb": round((report.folder / "kiosk.db").stat().st_size / 1e6, 1),
        "writes_before_backup": summary(latencies["before"]),
        "writes_during_backup": summary(latencies["during"]),
    }))


if __name__ == "__main__":
    main()
