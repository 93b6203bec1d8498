"""Chaos for the outbox: audit rows and device events written while the line to PostgreSQL is cut at random.

``python benchmarks/outbox_chaos.py --rows N`` starts a throwaway PostgreSQL cluster (durable, as a
hospital's would be), puts a line-cutting TCP relay between it and one kiosk (tests/tcp_cut_proxy.py)
and writes N rows: audit rows (each with its own number) and device events (a device whose health
flips). Before each row, at random: the next COMMIT's (or insert's) answer is lost after the server got
it, every open connection is cut, or the server stops being reachable for a while. Every 20 rows the
outbox is forwarded, as the kiosk's timer does. At the end the line is restored and the outbox drained.
Then the database is read directly: ``duplicates`` (a row there more than once), ``lost`` (a row the
kiosk wrote, queued or not, that is not there), whether each kiosk's audit chain verifies, and 95 %
Clopper–Pearson upper bounds of the duplicate and loss rates. ``forward_rows_per_s``: draining
``--backlog`` rows queued while the server was unreachable. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices.base import Health  # noqa: E402
from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import Clock  # noqa: E402
from kiosk.device_board import DeviceBoard, DeviceSlot  # noqa: E402
from kiosk.storage import open_database  # noqa: E402
from kiosk.storage.outbox import Outbox  # noqa: E402
from tests.postgres_cluster import PostgresCluster, why_unavailable  # noqa: E402
from tests.tcp_cut_proxy import CutProxy  # noqa: E402


class FlippingDevice:
    simulated = True

    def __init__(self) -> None:
        self.n = 0

    def health(self) -> Health:
        return Health.ok() if self.n % 2 == 0 else Health.fault(f"fault {self.n}")

    def close(self) -> None:
        pass


def upper_bound_95(failures: int, trials: int) -> float:
    """Two-sided 95 % Clopper–Pearson upper bound of a rate (bisection on the binomial tail)."""
    if trials == 0:
        return 1.0
    if failures >= trials:
        return 1.0
    from math import comb

    def tail(p: float) -> float:  # P(X <= failures)
        return sum(comb(trials, k) * p ** k * (1 - p) ** (trials - k) for k in range(failures + 1))

    low, high = failures / trials, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if tail(middle) > 0.025:
            low = middle
        else:
            high = middle
    return high


def run(rows: int, backlog: int, seed: int) -> dict:
    chance = random.Random(seed)
    cluster = PostgresCluster(durable=True).start()
    proxy = CutProxy(cluster.port)
    folder = Path(tempfile.mkdtemp(prefix="outbox-chaos-"))
    try:
        name = cluster.create_database("chaos").rsplit("/", 1)[1]
        db = open_database(proxy.url(name), kiosk_id="K1")
        db.retry_after_s = 0.0
        outbox = Outbox(folder / "outbox.db", Clock())
        audit = AuditLog(db, Clock(), "K1", outbox)
        device = FlippingDevice()
        board = DeviceBoard({"scanner": DeviceSlot("scanner", "sim:", device)}, db, Clock(), outbox=outbox)
        faults = {"answer_lost": 0, "line_cut": 0, "unreachable_spells": 0}
        audit_written = events_written = queued = 0
        unreachable_left = 0
        started = time.perf_counter()
        for n in range(rows):
            roll = chance.random()
            if unreachable_left:
                unreachable_left -= 1
                if not unreachable_left:
                    proxy.refuse = False
            elif roll < 0.06:
                proxy.cut_after = b"COMMIT" if chance.random() < 0.7 else b"INSERT INTO device_events"
                faults["answer_lost"] += 1
            elif roll < 0.10:
                proxy.cut()
                faults["line_cut"] += 1
            elif roll < 0.12:
                proxy.refuse = True
                proxy.cut()
                unreachable_left = chance.randint(3, 30)
                faults["unreachable_spells"] += 1
            if chance.random() < 0.8:
                entry = audit.record("kiosk", "chaos.row", {"n": n})
                audit_written += 1
                queued += entry.queued
            else:
                device.n += 1
                board.poll()
                events_written += 1
            if n % 20 == 19:
                outbox.forward(db)
        proxy.refuse = False
        proxy.cut_after = None
        for _ in range(50):
            if not outbox.forward(db).waiting:
                break
            time.sleep(0.1)
        chaos_s = time.perf_counter() - started

        # The backlog: rows queued while the server cannot be reached, then forwarded in one go.
        proxy.refuse = True
        proxy.cut()
        for n in range(rows, rows + backlog):
            audit.record("kiosk", "chaos.row", {"n": n})
        proxy.refuse = False
        forward_started = time.perf_counter()
        report = outbox.forward(db)
        forward_s = time.perf_counter() - forward_started

        counts: dict[int, int] = {}
        for detail_json, count in db.execute("SELECT detail_json, count(*) FROM audit_log WHERE action = 'chaos.row' "
                                             "GROUP BY detail_json").fetchall():
            counts[json.loads(detail_json)["n"]] = int(count)
        audit_total = audit_written + backlog
        event_counts = [int(count) for _, count in
                        db.execute("SELECT at_utc, count(*) FROM device_events GROUP BY at_utc").fetchall()]
        duplicates = sum(c - 1 for c in counts.values() if c > 1) + sum(c - 1 for c in event_counts if c > 1)
        lost = (audit_total - len(counts)) + (events_written - len(event_counts))
        written = audit_total + events_written
        state = outbox.state()
        result = {
            "engine": "postgresql",
            "seed": seed,
            "audit_rows_written": audit_total,
            "device_events_written": events_written,
            "queued_during_chaos": queued,
            "faults": faults,
            "answers_lost_after_the_server_got_them": proxy.answers_cut,
            "duplicates": duplicates,
            "lost": lost,
            "held": state.held,
            "left_waiting": state.waiting,
            "chain_ok": audit.verify().ok,
            "duplicate_rate_upper_95": round(upper_bound_95(duplicates, written), 5),
            "loss_rate_upper_95": round(upper_bound_95(max(lost, 0), written), 5),
            "chaos_s": round(chaos_s, 1),
            "backlog": backlog,
            "backlog_forwarded": report.forwarded,
            "forward_rows_per_s": round(report.forwarded / forward_s, 1) if forward_s else None,
        }
        outbox.close()
        db.close()
        return result
    finally:
        proxy.close()
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--backlog", type=int, default=500)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    reason = why_unavailable()
    if reason:
        print(json.dumps({"engine": "postgresql", "skipped": reason}, ensure_ascii=False))
        return
    print(json.dumps(run(args.rows, args.backlog, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
