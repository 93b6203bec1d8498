"""ID card numbers (issue 13): how long from a card put on the reader to the patient found, over the real
serial driver talking to the byte-exact reader firmware on a pseudo-terminal paced at 115,200 baud
(10 bits a byte, so the 1,295-byte text+photo reply alone takes 112 ms), and the demo hospital's lookup
on a real SQLite file. Prints one JSON object.

Each read starts with the reader polling an empty field (find card every ``poll`` seconds); the card is
put down after a random 0–300 ms, as a person does, and the clock runs from that moment until
``CardIdentification.identify`` has the patient. ``card_to_patient_ms`` gives p50 and p95 with
distribution-free 95 % bounds (binomial order statistics) over N reads; ``frames_per_read`` counts the
command frames the driver sent per read (polls while the field was empty + find + select + read).

Usage: ``python benchmarks/idcard_bench.py [N]`` (default 200 reads: with fewer the p95 has no upper bound below the maximum).
"""
from __future__ import annotations

import json
import math
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.registry import open_device  # noqa: E402
from devices.simulators.idcard_firmware import IdCardFirmware  # noqa: E402
from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.his.demo import DemoHospital, seed_demo_hospital  # noqa: E402
from kiosk.his.demo_cards import demo_cards  # noqa: E402
from kiosk.id_card import CardIdentification  # noqa: E402
from kiosk.identity import PatientFinder  # noqa: E402
from kiosk.storage import open_database  # noqa: E402

BAUD = 115_200
POLL_S = 0.1
TARGET_MS = 1500


def quantile_bounds(sorted_values: list[float], q: float, confidence: float = 0.95) -> tuple[float, float, float]:
    """The q-quantile and a distribution-free confidence interval from binomial order statistics."""
    n = len(sorted_values)

    def cdf(k: int) -> float:
        return sum(math.comb(n, i) * q ** i * (1 - q) ** (n - i) for i in range(k + 1))

    point = sorted_values[min(n - 1, max(0, math.ceil(q * n) - 1))]
    alpha = (1 - confidence) / 2
    lower = max((k for k in range(n) if cdf(k - 1) <= alpha), default=0)
    upper = min((k for k in range(n) if cdf(k) >= 1 - alpha), default=n - 1)
    return point, sorted_values[lower], sorted_values[min(upper, n - 1)]


def main(reads: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="idcard-bench-"))
    clock = FixedClock.at_local(2026, 11, 23, 9, 30)
    db = open_database(folder / "bench.db")
    seed_demo_hospital(db, clock.today())
    his = DemoHospital(db, clock)
    audit = AuditLog(db, clock)
    cards = CardIdentification(his, PatientFinder(his, audit), audit, clock)
    known = [entry.card for entry in demo_cards() if entry.key.startswith("DEMO-")]

    sim = open_device("id_card_reader", "sim:")
    firmware = IdCardFirmware.on_pty(sim, baudrate=BAUD)
    reader = open_device("id_card_reader", f"idcard+serial://{firmware.port}?baudrate={BAUD}&poll={POLL_S}")
    rng = random.Random(13)
    times_ms: list[float] = []
    frames: list[int] = []
    misses = 0
    try:
        for index in range(reads):
            card = known[index % len(known)]
            sim.remove()
            found: dict = {}

            def read_and_identify(found: dict = found) -> None:
                got = reader.read_card(5.0)
                if got is not None:
                    found["patient"] = cards.identify(got).patient
                found["at"] = time.perf_counter()

            sent_before = reader.frames_sent
            worker = threading.Thread(target=read_and_identify)
            worker.start()
            time.sleep(rng.uniform(0.0, 0.3))
            put_down = time.perf_counter()
            sim.present(card)
            worker.join()
            if found.get("patient") is None:
                misses += 1
                continue
            times_ms.append((found["at"] - put_down) * 1000)
            frames.append(reader.frames_sent - sent_before)
    finally:
        reader.close()
        firmware.close()
        sim.close()
        db.close()
    ordered = sorted(times_ms)
    p50 = quantile_bounds(ordered, 0.50)
    p95 = quantile_bounds(ordered, 0.95)
    return {
        "reads": reads,
        "patients_found": len(times_ms),
        "misses": misses,
        "baudrate": BAUD,
        "poll_s": POLL_S,
        "card_to_patient_ms": {
            "p50": round(p50[0], 1), "p50_95ci": [round(p50[1], 1), round(p50[2], 1)],
            "p95": round(p95[0], 1), "p95_95ci": [round(p95[1], 1), round(p95[2], 1)],
            "max": round(ordered[-1], 1), "target": TARGET_MS,
            "within_target": sum(1 for t in ordered if t <= TARGET_MS),
        },
        "read_reply_wire_ms": round(1295 * 10 / BAUD * 1000, 1),
        "frames_per_read": {"mean": round(statistics.mean(frames), 2), "min": min(frames), "max": max(frames)},
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200), ensure_ascii=False))
