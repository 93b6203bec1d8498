"""Chaos: many payments against the sandbox with faults, the kiosk process killed at random points and
restarted; then the invariants. Prints one JSON object. Both gateways (Alipay and WeChat Pay, the
sandbox speaks both) are used at random per bill; once the demo hospital's bills are paid, the
patients pay deposits, so every run makes orders.

``python benchmarks/payment_chaos.py --runs N`` — each run sets random sandbox faults, starts a kiosk
worker process on the shared database (it pays a few bills by QR, by payment code, and sometimes
twice, and sometimes has staff refund part of a payment), kills it with SIGKILL after a random
delay, and starts a new one that recovers first. Faults include a payment taken after the kiosk's
cancel was answered "closed" (``paid_after_cancel``) and refunds whose money moves later
(``refund_pending_s``); every refund is notified. At the end every order is past its deadline and
recovery runs until no refund is waiting (or 20 rounds). Counted:
``double_charges`` bills whose patient paid more than once and was not refunded; ``lost_payments``
orders paid at the gateway that the kiosk neither credited nor refunded; ``ledger_diff_fen`` kiosk
ledger net minus gateway net; ``cancelled_paid_unrefunded``; ``insurance_confirmed_unpaid``;
``paid_unrecorded`` orders paid at the gateway with no money-in row in the kiosk ledger;
``refunds_unconfirmed`` refunds still waiting for the gateway at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kiosk.payment.refunds import refund, retry_requested_refunds  # noqa: E402
from kiosk.payment.sandbox.process import SandboxControl, SandboxEndpoint, SandboxProcess  # noqa: E402
from kiosk.payment.service import NothingToPay, PaymentSettings  # noqa: E402
from payment_world import make_world  # noqa: E402

GATEWAYS = ("wechat", "alipay")  # every run pays through both, chosen at random per bill
QR_TIMEOUT_S = 30  # the smallest the config allows; the final check waits until every order is overdue
FAULTS = [{}, {"notify": "none"}, {"notify": "duplicate"}, {"notify": "out_of_order"}, {"bad_notify_signature": True},
          {"drop_replies": 2}, {"delay_ms": 150}, {"cancel_races_payment": True}, {"bad_signatures": 1},
          {"stale_notify_s": 3600}, {"paid_after_cancel": True}, {"refund_pending_s": 1.5},
          {"paid_after_cancel": True, "refund_pending_s": 1.0}]


def worker(db: Path, endpoint_file: Path, seed: int, bills: list[str]) -> None:
    """One kiosk process: recover, then pay bills in random ways until killed."""
    endpoint = SandboxEndpoint(**json.loads(endpoint_file.read_text()))
    world = make_world(db, endpoint, PaymentSettings(qr_timeout_s=QR_TIMEOUT_S, poll_interval_s=0.3),
                       gateways=GATEWAYS)
    service, rng = world.service, random.Random(seed)
    service.recover()
    print("ready", flush=True)  # the parent's kill timer starts here, not during the imports
    for number, patient in enumerate(bills):
        try:
            try:
                intent = service.open_bill(patient)
            except NothingToPay:  # the demo hospital's bills are paid: a deposit (e.g. a wheelchair's) instead
                intent = service.open_deposit(patient, rng.randint(100, 30_000), f"chaos-{seed}-{number}")
            if intent.state.value != "open":
                continue
            way, gateway = rng.random(), rng.choice(GATEWAYS)
            if way < 0.45:
                attempt = service.start_qr(intent.id, gateway)
                if rng.random() < 0.8:
                    world.control.pay(attempt.out_trade_no)
                for _ in range(rng.randint(1, 6)):
                    service.check_attempt(attempt.out_trade_no, ask_gateway=True)
                    time.sleep(0.1)
                if rng.random() < 0.4:
                    service.cancel_attempt(attempt.out_trade_no)
            elif way < 0.8:
                paid = service.pay_with_code(intent.id, world.control.payment_code(gateway))
                if paid.credited and rng.random() < 0.3:  # staff give part of it back (a refund notification)
                    refund(service, paid.out_trade_no, max(1, paid.amount_fen // 3), f"RF-{seed}", "2001", "chaos")
            else:  # the patient pays by QR and by payment code at once
                attempt = service.start_qr(intent.id, gateway)
                world.control.pay(attempt.out_trade_no)
                service.pay_with_code(intent.id, world.control.payment_code(rng.choice(GATEWAYS)))
        except Exception as exc:  # gateway faults are expected; the next recovery finishes the job
            print(f"worker: {type(exc).__name__}: {exc}", file=sys.stderr)
    world.close()


def check(db: Path, endpoint: SandboxEndpoint) -> dict[str, int]:
    world = make_world(db, endpoint, PaymentSettings(qr_timeout_s=QR_TIMEOUT_S, poll_interval_s=0.3),
                       gateways=GATEWAYS)
    world.control.reset_faults()
    world.db.execute("UPDATE payment_attempts SET deadline_utc = '2000-01-01T00:00:00.000000+00:00'")
    for _ in range(20):
        world.service.recover()
        retry_requested_refunds(world.service)
        if not _refunds_waiting(world.db):
            break
        time.sleep(0.5)
    trades = world.control.trades()
    db_ = world.db
    attempts = {no: (intent, state, credited) for no, intent, state, credited in db_.execute(
        "SELECT out_trade_no, intent_id, state, credited FROM payment_attempts")}
    kept: dict[str, int] = {}
    lost = cancelled_paid = gateway_net = 0
    for no, trade in trades.items():
        net = (trade["amount_fen"] - trade["refunded_fen"]) if trade["paid"] else 0
        gateway_net += net
        if no not in attempts:
            lost += net > 0
            continue
        intent, state, credited = attempts[no]
        if net > 0:
            kept[intent] = kept.get(intent, 0) + 1
            lost += not credited
        if trade["cancelled"] and trade["paid"] and trade["refunded_fen"] < trade["amount_fen"]:
            cancelled_paid += 1
    ledger_in = db_.execute("SELECT coalesce(sum(amount_fen), 0) FROM payment_ledger WHERE kind = 'gateway_in'").fetchone()[0]
    ledger_out = db_.execute("SELECT coalesce(sum(amount_fen), 0) FROM payment_ledger WHERE kind = 'gateway_refund'").fetchone()[0]
    booked = {row[0] for row in db_.execute("SELECT ref FROM payment_ledger WHERE kind = 'gateway_in'")}
    paid_unrecorded = sum(1 for no, trade in trades.items() if trade["paid"] and no not in booked)
    refunds_unconfirmed = _refunds_waiting(db_)
    confirmed_unpaid = db_.execute(
        "SELECT count(*) FROM insurance_settlements s JOIN payment_intents p ON p.id = s.request_key "
        "WHERE s.state = 'confirmed' AND p.state NOT IN ('paid', 'credit', 'settled')").fetchone()[0]
    settled = db_.execute("SELECT count(*) FROM payment_intents WHERE state = 'settled'").fetchone()[0]
    world.close()
    return {"double_charges": sum(1 for n in kept.values() if n > 1), "lost_payments": lost,
            "ledger_diff_fen": ledger_in - ledger_out - gateway_net, "cancelled_paid_unrefunded": cancelled_paid,
            "insurance_confirmed_unpaid": confirmed_unpaid, "bills_settled": settled, "gateway_orders": len(trades),
            "paid_unrecorded": paid_unrecorded, "refunds_unconfirmed": refunds_unconfirmed,
            "gateway_orders_by_gateway": {name: sum(1 for t in trades.values() if t["gateway"] == name)
                                          for name in GATEWAYS}}


def _refunds_waiting(db) -> int:
    return db.execute("SELECT (SELECT count(*) FROM payment_attempts WHERE state IN ('refund_due', 'cancelling')) + "
                      "(SELECT count(*) FROM payment_refunds WHERE state = 'requested')").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bills-per-run", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", nargs=4, metavar=("DB", "ENDPOINT", "SEED", "BILLS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        db, endpoint_file, seed, bills = args.worker
        worker(Path(db), Path(endpoint_file), int(seed), bills.split(","))
        return 0
    rng = random.Random(args.seed)
    sandbox = SandboxProcess()
    sandbox.start()
    try:
        endpoint = sandbox.endpoint()
        control = SandboxControl(endpoint.url)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "chaos.db"
            endpoint_file = Path(tmp) / "endpoint.json"
            endpoint_file.write_text(json.dumps(endpoint.__dict__))
            first = make_world(db, endpoint)
            patients = [r[0] for r in first.db.execute("SELECT DISTINCT patient_id FROM charges WHERE status = 'unpaid' "
                                                        "ORDER BY patient_id")]
            first.close()
            kills = 0
            for run in range(args.runs):
                control.reset_faults()
                control.faults(**rng.choice(FAULTS))
                bills = [patients[(run * args.bills_per_run + n) % len(patients)] for n in range(args.bills_per_run)]
                process = subprocess.Popen([sys.executable, __file__, "--worker", str(db), str(endpoint_file),
                                            str(rng.randrange(10**6)), ",".join(bills)],
                                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                           env=dict(os.environ, PYTHONPATH=str(ROOT)))
                process.stdout.readline()  # "ready" once it recovered (or "" if it died first)
                try:
                    process.wait(timeout=rng.uniform(0.2, 3.0))
                except subprocess.TimeoutExpired:
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                    kills += 1
                process.stdout.close()
            result = check(db, endpoint)
    finally:
        sandbox.stop()
    print(json.dumps({"chaos_runs": args.runs, "kills": kills, **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
