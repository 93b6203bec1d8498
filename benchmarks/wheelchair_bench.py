"""Wheelchair numbers (issue 6): rent+return cycles per second on a real SQLite file in one process
(WAL, synchronous=FULL, audited, a charge posted on every return), and zxing-cpp decode time of a chair
label in a 640×480 camera frame. Prints one JSON object: rent_return_per_s (service operations: a rent
and a return count one each), rent_return_cycles_per_s, qr_decode_ms.

Usage: ``python benchmarks/wheelchair_bench.py [FOLDER]`` — the database goes in a temporary folder under
FOLDER (default: the system's temp folder); each commit waits for the disk, so the disk sets the pace.
"""
from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.audit import AuditLog  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.his.demo import DemoHospital, seed_demo_hospital  # noqa: E402
from kiosk.storage import open_database  # noqa: E402
from kiosk.wheelchair.fleet import Fleet  # noqa: E402
from kiosk.wheelchair.label_sheet import label_qr_png  # noqa: E402
from kiosk.wheelchair.labels import read_label, sign_label  # noqa: E402
from kiosk.wheelchair.pricing import RentalTerms  # noqa: E402
from kiosk.wheelchair.rentals import RentalService  # noqa: E402

CYCLES = 2000
CHAIRS = 20
FRAMES = 60


def rent_return_per_s(folder: Path) -> float:
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    db = open_database(folder / "bench.db")
    seed_demo_hospital(db, clock.today())
    audit = AuditLog(db, clock)
    fleet = Fleet(db, clock, audit)
    service = RentalService(db, clock, audit, fleet, RentalTerms(), "BENCH", dock=None)
    his = DemoHospital(db, clock)
    patients = [his.patient(f"DEMO-00{n}") for n in (1, 2, 3)]
    chairs = [fleet.register(f"WC-{n:03d}").chair_id for n in range(CHAIRS)]
    started = time.perf_counter()
    for cycle in range(CYCLES):
        chair = chairs[cycle % CHAIRS]
        service.rent(chair, patients[cycle % len(patients)], key=f"bench:{cycle}")
        clock.advance(timedelta(hours=3))
        service.return_chair(chair)
    elapsed = time.perf_counter() - started
    assert audit.verify().ok
    db.close()
    return CYCLES / elapsed


def qr_decode_ms() -> float:
    key = b"b" * 32
    label = sign_label(key, "WC-001")
    qr = Image.open(io.BytesIO(label_qr_png(label, module_px=6))).convert("L")
    frame = Image.new("L", (640, 480), 200)
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    pixels = np.asarray(frame)
    timings = []
    for _ in range(FRAMES):
        start = time.perf_counter()
        found = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
        timings.append((time.perf_counter() - start) * 1000)
        assert found and read_label(key, found[0].text) == "WC-001"
    return statistics.median(timings)


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory(dir=folder) as where:
        cycles = rent_return_per_s(Path(where))
    print(json.dumps({
        "rent_return_per_s": round(2 * cycles, 1),  # service operations: each rent and each return counts one
        "rent_return_cycles_per_s": round(cycles, 1),
        "qr_decode_ms": round(qr_decode_ms(), 2),
        "cycles": CYCLES, "frames": FRAMES,
        "storage": f"SQLite file under {folder or tempfile.gettempdir()}, WAL, synchronous=FULL (one fsync per commit)",
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
