"""The same bill paid at two kiosks at the same moment, many times; prints one JSON object.

Two kiosks (two kiosk ids, two connections to one database, the real sandbox gateway process) each
open the same patient's bill together, then each charge a payment code together. Counted per race:
``charged_once`` (one payment booked, the other kiosk refused in plain words), ``double_charges``
(more than one payment booked for the bill), ``unexplained`` (anything else: an error, no payment).
``double_charge_rate_upper_95`` is the one-sided 95 % Clopper–Pearson upper bound on the rate of
double charges from that count. ``--engine postgresql`` (default) starts a throwaway cluster as the
tests do; ``sqlite`` uses a temporary file. The demo hospital has about 75 bills with a cash part, so
each of ``--rounds`` uses a fresh database and races on up to ``--races`` of them.

``--overlapping``: two bills of the same charges instead of one. The east kiosk has the old bill open, a
wheelchair fee is posted, the west kiosk opens the new bill (old charges and the fee); then both charge a
payment code together. ``charged_once`` here means one payment kept and the other refused or refunded in
full; ``double_charges`` that both kept their money. ``--without-claims`` switches off the claim of a
bill's charges (``claim_bill_items``) for a negative control: the race must then charge twice.
Usage: ``python benchmarks/payment_two_kiosks_bench.py [--rounds 4] [--races 100] [--engine postgresql|sqlite]
[--overlapping [--without-claims]]``
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from kiosk.payment.errors import PaymentRefused  # noqa: E402
from kiosk.payment.sandbox.process import SandboxProcess  # noqa: E402
from kiosk.payment.store import AttemptState  # noqa: E402
from payment_world import make_world  # noqa: E402


def upper_95(failures: int, trials: int) -> float:
    """One-sided 95 % Clopper–Pearson upper bound of a rate seen ``failures`` times in ``trials``:
    the rate p at which seeing ``failures`` or fewer has probability 5 % (found by bisection)."""
    if trials == 0 or failures >= trials:
        return 1.0

    def at_most(p: float) -> float:
        return sum(math.comb(trials, k) * p ** k * (1 - p) ** (trials - k) for k in range(failures + 1))

    low, high = failures / trials, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if at_most(middle) > 0.05 else (low, middle)
    return high


def race(east, west, patient: str) -> str:
    together = threading.Barrier(2, timeout=60)
    outcomes: dict[str, object] = {}
    codes = {"east": east.control.payment_code(), "west": west.control.payment_code()}

    def pay_at(world, name: str) -> None:
        try:
            together.wait()
            intent = world.service.open_bill(patient)
            together.wait()
            outcomes[name] = world.service.pay_with_code(intent.id, codes[name])
        except Exception as outcome:  # counted below
            outcomes[name] = outcome

    threads = [threading.Thread(target=pay_at, args=(east, "east")), threading.Thread(target=pay_at, args=(west, "west"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    booked = east.db.execute("SELECT count(*) FROM payment_ledger WHERE kind = 'gateway_in' AND intent_id IN "
                             "(SELECT id FROM payment_intents WHERE patient_id = ?)", (patient,)).fetchone()[0]
    if booked > 1:
        return "double_charges"
    paid = sum(getattr(o, "state", None) is AttemptState.PAID for o in outcomes.values())
    refused = sum(isinstance(o, PaymentRefused) for o in outcomes.values())
    return "charged_once" if booked == 1 and paid == 1 and refused == 1 else "unexplained"


def refunds_waiting(db, *intent_ids: str) -> bool:
    return db.execute("SELECT count(*) FROM payment_attempts WHERE state = 'refund_due' AND intent_id IN (?, ?)",
                      intent_ids).fetchone()[0] > 0


def overlapping_race(east, west, patient: str, fee_id: str) -> str:
    from kiosk.his.port import InsuranceCategory, ItemClass, NewCharge

    old = east.service.open_bill(patient)
    west.service.his.post_charge(NewCharge(fee_id, patient, west.service.clock.today(), ItemClass.WHEELCHAIR,
                                           "轮椅租用", "Wheelchair rental", 600, InsuranceCategory.C))
    new = west.service.open_bill(patient)
    together = threading.Barrier(2, timeout=60)
    outcomes: dict[str, object] = {}
    codes = {"east": east.control.payment_code(), "west": west.control.payment_code()}

    def pay(world, name: str, intent_id: str) -> None:
        try:
            together.wait()
            outcomes[name] = world.service.pay_with_code(intent_id, codes[name])
        except Exception as outcome:  # counted below
            outcomes[name] = outcome

    threads = [threading.Thread(target=pay, args=(east, "east", old.id)),
               threading.Thread(target=pay, args=(west, "west", new.id))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # the refund of the payment not needed may be under way in a notification's thread, or wait for recovery
    # (the gateway did not answer): let it finish before counting what was kept
    deadline = time.monotonic() + 20
    while refunds_waiting(east.db, old.id, new.id) and time.monotonic() < deadline:
        time.sleep(0.1)
        if time.monotonic() > deadline - 10:
            for world in (east, west):
                world.service.recover()
    kept = east.db.execute(
        "SELECT count(*) FROM payment_ledger i WHERE i.kind = 'gateway_in' AND i.intent_id IN (?, ?) AND NOT EXISTS "
        "(SELECT 1 FROM payment_ledger r WHERE r.kind = 'gateway_refund' AND r.out_trade_no = i.out_trade_no)",
        (old.id, new.id)).fetchone()[0]
    if kept > 1:
        return "double_charges"
    paid = sum(getattr(o, "state", None) is AttemptState.PAID for o in outcomes.values())
    given_back = sum(isinstance(o, PaymentRefused) or getattr(o, "paid_by_another_bill", False)
                     for o in outcomes.values())
    return "charged_once" if kept == 1 and paid == 1 and given_back == 1 else "unexplained"


def patients_with_a_cash_bill(world, count: int) -> list[str]:
    rows = world.db.execute("SELECT DISTINCT patient_id FROM charges WHERE status = 'unpaid' ORDER BY patient_id")
    found = []
    for (patient,) in rows.fetchall():
        intent = world.service.open_bill(patient)  # pre-settled once, so each race is about paying
        if intent.state.value == "open" and intent.due_fen > 0:
            found.append(patient)
        if len(found) == count:
            break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=100, help="races per round at most")
    parser.add_argument("--rounds", type=int, default=4, help="rounds, each on a fresh database")
    parser.add_argument("--engine", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--overlapping", action="store_true", help="two bills of the same charges, not one bill")
    parser.add_argument("--without-claims", action="store_true", help="negative control for --overlapping")
    args = parser.parse_args()
    if args.without_claims:
        import kiosk.payment.orders as orders

        orders.claim_bill_items = lambda db, intent, now: None
        orders.bill_paying_items_of = lambda db, intent: None
    cluster = None
    counts = {"charged_once": 0, "double_charges": 0, "unexplained": 0}
    races, elapsed = 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        sandbox = SandboxProcess()
        sandbox.start()
        try:
            if args.engine == "postgresql":
                from postgres_cluster import PostgresCluster

                cluster = PostgresCluster().start()
            for round_number in range(args.rounds):
                target: object = (cluster.create_database(f"payment_two_kiosks_{round_number}") if cluster
                                  else Path(folder) / f"kiosk-{round_number}.db")
                east = make_world(target, sandbox.endpoint(), kiosk_id="east-1")
                west = make_world(target, sandbox.endpoint(), kiosk_id="west-1")
                east.control.reset_faults()
                patients = patients_with_a_cash_bill(east, args.races)
                started = time.perf_counter()
                for number, patient in enumerate(patients):
                    outcome = (overlapping_race(east, west, patient, f"WC-BENCH-{number}") if args.overlapping
                               else race(east, west, patient))
                    counts[outcome] += 1
                elapsed += time.perf_counter() - started
                races += len(patients)
                west.close()
                east.close()
        finally:
            sandbox.stop()
            if cluster is not None:
                cluster.stop()
    print(json.dumps({"engine": args.engine, "bills": "overlapping" if args.overlapping else "same",
                      "claims": not args.without_claims, "rounds": args.rounds, "races": races, **counts,
                      "double_charge_rate_upper_95": round(upper_95(counts["double_charges"], races), 4),
                      "races_per_s": round(races / elapsed, 2)}))


if __name__ == "__main__":
    main()
