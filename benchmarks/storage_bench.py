"""What the storage seam costs per statement: our thin layer vs raw psycopg vs SQLAlchemy Core.

The kiosk's SQL is hand-written text; the question behind ``kiosk/storage/database.py`` was whether
to send it through SQLAlchemy Core (``text()`` over psycopg 3) or through a thin layer of our own
that only turns ``?`` into ``%s``. This runs the same two operations on one durable throwaway
PostgreSQL cluster (tests/postgres_cluster.py, fsync on) and on a SQLite file:

- ``point_read``: one primary-key SELECT (what most kiosk reads are);
- ``write_tx``: one transaction with an INSERT … ON CONFLICT upsert and an UPDATE (what a queue number
  or a rental costs, minus its business logic).

Prints one JSON object: per path and operation the count, median and p95 in microseconds and the
rate per second. SQLAlchemy is measured only when it is installed (it is not a dependency).

Usage: ``python benchmarks/storage_bench.py [N]`` (default 2000 of each).
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.storage import open_database, write_transaction  # noqa: E402
from tests.postgres_cluster import PostgresCluster, why_unavailable  # noqa: E402

READ = "SELECT version FROM change_counters WHERE name = ?"
UPSERT = ("INSERT INTO queue_counters (department_code, day, last_sequence) VALUES (?, ?, 1) "
          "ON CONFLICT (department_code, day) DO UPDATE SET last_sequence = queue_counters.last_sequence + 1")
UPDATE = "UPDATE change_counters SET version = version + 1 WHERE name = ?"


def timed(operation, count: int) -> dict:
    samples = []
    for index in range(count):
        started = time.perf_counter()
        operation(index)
        samples.append(time.perf_counter() - started)
    samples.sort()
    return {"count": count, "median_us": round(statistics.median(samples) * 1e6, 1),
            "p95_us": round(samples[int(0.95 * (count - 1))] * 1e6, 1),
            "per_s": round(count / sum(samples), 1)}


def ours(target, count: int) -> dict:
    db = open_database(target, kiosk_id="bench")
    db.execute("INSERT INTO change_counters (name, version) VALUES ('n', 0)")

    def read(_):
        db.execute(READ, ("n",)).fetchone()

    def write(index):
        with write_transaction(db) as tx:
            tx.execute(UPSERT, ("IM", f"d{index % 50}"))
            tx.execute(UPDATE, ("n",))

    result = {"point_read": timed(read, count), "write_tx": timed(write, count)}
    db.close()
    return result


def raw_psycopg(url: str, count: int) -> dict:
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    read_sql, upsert_sql, update_sql = (s.replace("?", "%s") for s in (READ, UPSERT, UPDATE))

    def read(_):
        conn.execute(read_sql, ("n",)).fetchone()

    def write(index):
        with conn.transaction():
            conn.execute(upsert_sql, ("IM", f"r{index % 50}"))
            conn.execute(update_sql, ("n",))

    result = {"point_read": timed(read, count), "write_tx": timed(write, count)}
    conn.close()
    return result


def sqlalchemy_core(url: str, count: int) -> dict | str:
    try:
        import sqlalchemy
    except ImportError:
        return "not installed"
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    read_sql = sqlalchemy.text(READ.replace("?", ":name"))
    upsert_sql = sqlalchemy.text(UPSERT.replace("VALUES (?, ?, 1)", "VALUES (:dept, :day, 1)"))
    update_sql = sqlalchemy.text(UPDATE.replace("?", ":name"))
    reader = engine.connect().execution_options(isolation_level="AUTOCOMMIT")  # one round trip, as ours
    writer = engine.connect()

    def read(_):
        reader.execute(read_sql, {"name": "n"}).fetchone()

    def write(index):
        with writer.begin():
            writer.execute(upsert_sql, {"dept": "IM", "day": f"s{index % 50}"})
            writer.execute(update_sql, {"name": "n"})

    result = {"point_read": timed(read, count), "write_tx": timed(write, count),
              "version": sqlalchemy.__version__}
    reader.close()
    writer.close()
    engine.dispose()
    return result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    report: dict = {"benchmark": "storage_layer", "n": count}
    with tempfile.TemporaryDirectory() as folder:
        report["sqlite_ours"] = ours(Path(folder) / "kiosk.db", count)
    reason = why_unavailable()
    if reason:
        report["postgresql"] = f"skipped: {reason}"
    else:
        cluster = PostgresCluster(durable=True).start()
        try:
            url = cluster.create_database("bench")
            report["postgresql_ours"] = ours(url, count)
            report["postgresql_raw_psycopg"] = raw_psycopg(url, count)
            report["postgresql_sqlalchemy_core"] = sqlalchemy_core(url, count)
        finally:
            cluster.stop()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
