"""Payment figures through the real sandbox gateway process; prints one JSON object.

- ``settlements_per_s``: whole settlements (bill → insurance pre-settle → pay with a payment code →
  insurance confirmed → charges paid → e-invoice) per second, with 2 kiosk threads on one database;
- ``paid_to_shown_p95_ms_notify`` / ``_poll``: from "paid" at the gateway to the moment the QR screen's
  loop (a check every 250 ms, a gateway query every ``poll_interval_s``) sees the payment, with
  notifications on, and with notifications off (polling only).
Usage: ``python benchmarks/payment_bench.py [--settlements 120] [--samples 20]``
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from kiosk.payment.sandbox.process import SandboxProcess  # noqa: E402
from kiosk.payment.service import PaymentSettings  # noqa: E402
from kiosk.payment.store import AttemptState  # noqa: E402
from payment_world import make_world  # noqa: E402

UI_TICK_S = 0.25


def open_bills(world, count: int) -> list[str]:
    """Intent ids of bills with a cash part (some are paid in full by the personal account at once)."""
    rows = world.db.execute("SELECT DISTINCT patient_id FROM charges WHERE status = 'unpaid' ORDER BY patient_id")
    bills = []
    for (patient,) in rows:
        intent = world.service.open_bill(patient)
        if intent.state.value == "open":
            bills.append(intent.id)
        if len(bills) == count:
            break
    return bills


def settlements_per_s(endpoint, folder: Path, count: int, threads: int = 2) -> float:
    world = make_world(folder / "rate.db", endpoint)
    bills = open_bills(world, count)
    codes = [world.control.payment_code() for _ in bills]
    work = list(zip(bills, codes))
    lock = threading.Lock()

    def settle() -> None:
        while True:
            with lock:
                if not work:
                    return
                bill, code = work.pop()
            world.service.pay_with_code(bill, code)

    started = time.perf_counter()
    workers = [threading.Thread(target=settle) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    settled = world.db.execute("SELECT count(*) FROM payment_intents WHERE state = 'settled' AND method = 'code'").fetchone()[0]
    world.close()
    return settled / elapsed


def paid_to_shown_p95_ms(endpoint, folder: Path, name: str, samples: int, notify: bool, poll_s: float) -> float:
    world = make_world(folder / f"{name}.db", endpoint, PaymentSettings(qr_timeout_s=120, poll_interval_s=poll_s))
    world.control.reset_faults()
    if not notify:
        world.control.faults(notify="none")
    rng = random.Random(7)
    delays = []
    for bill in open_bills(world, samples):
        attempt = world.service.start_qr(bill)
        last_ask = time.monotonic() - rng.uniform(0, poll_s)  # the screen's poll phase is arbitrary
        time.sleep(rng.uniform(0, UI_TICK_S))
        paid_at = time.monotonic()
        world.control.pay(attempt.out_trade_no)
        while True:
            ask = time.monotonic() - last_ask >= poll_s
            if ask:
                last_ask = time.monotonic()
            if world.service.check_attempt(attempt.out_trade_no, ask).state is AttemptState.PAID:
                break
            time.sleep(UI_TICK_S)
        delays.append((time.monotonic() - paid_at) * 1000)
    world.control.reset_faults()
    world.close()
    return statistics.quantiles(delays, n=20)[18] if len(delays) >= 2 else delays[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--settlements", type=int, default=100)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args(argv)
    sandbox = SandboxProcess()
    sandbox.start()
    try:
        endpoint = sandbox.endpoint()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            result = {
                "settlements_per_s": round(settlements_per_s(endpoint, folder, args.settlements), 1),
                "paid_to_shown_p95_ms_notify": round(paid_to_shown_p95_ms(endpoint, folder, "notify", args.samples,
                                                                          True, 3.0)),
                "paid_to_shown_p95_ms_poll": round(paid_to_shown_p95_ms(endpoint, folder, "poll", args.samples,
                                                                        False, 3.0)),
                "poll_interval_s": 3.0,
                "ui_check_every_ms": int(UI_TICK_S * 1000),
            }
    finally:
        sandbox.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
