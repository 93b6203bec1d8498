"""``onevisit reconcile [--date YYYY-MM-DD] [--config kiosk.toml]``: run one day's reconciliation now.

Without ``--date`` it reconciles yesterday (hospital-local). A day already stored is shown, not run
again (the daily report is stored once per day). Only finished days can be reconciled; while another
kiosk of the hospital is reconciling (it holds the lease) it says so and changes nothing. Exit code 0
when the day balances, 1 when there are differences, 2 for anything an installer must fix or retry.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timedelta

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import DEFAULT_CONFIG, ConfigError, load_config
from kiosk.adapters import open_hospital
from kiosk.payment.reconciliation import LEASE, DailyReconciliation, ReconciliationBusy
from kiosk.payment.system import build_payments
from kiosk.storage import leases
from kiosk.storage import StorageError, open_database


class _UsageError(Exception):
    """The command line is wrong (one line)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="onevisit reconcile", description="Kiosk ledger vs gateway vs invoices for one day")
    parser.add_argument("--date", type=_day, help="the hospital-local day (default: yesterday)")
    parser.add_argument("--config", default=os.environ.get("ONEVISIT_CONFIG", DEFAULT_CONFIG),
                        help=f"the kiosk's TOML file (default: $ONEVISIT_CONFIG or {DEFAULT_CONFIG})")
    return parser


def reconcile_command(argv: list[str], clock: Clock | None = None) -> int:
    clock = clock or Clock()
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as error:
        print(f"onevisit: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)
    day = args.date or clock.today() - timedelta(days=1)
    if day >= clock.today():
        print(f"onevisit: {day} is not over yet; only finished days can be reconciled", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config)
        db = open_database(config.database, kiosk_id=config.kiosk_id)
    except (ConfigError, StorageError) as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    payments = link = None
    try:  # only the payment side: the running kiosk keeps its devices
        audit = AuditLog(db, clock, config.kiosk_id)
        link = open_hospital(config, db, clock)
        payments = build_payments(config, db, clock, link, audit)
        daily = DailyReconciliation(payments.service, holder=f"{config.kiosk_id} (onevisit reconcile)")
        try:
            report = daily.run_day(day)
        finally:
            leases.release(db, LEASE, daily.holder)
        ran = report is not None
        report = report or daily.stored(day)
    except ConfigError as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    except ReconciliationBusy as busy:
        print(f"onevisit: kiosk {busy} is reconciling right now; nothing was changed, try again in a few minutes",
              file=sys.stderr)
        return 2
    finally:
        if payments is not None:
            payments.close()
        if link is not None:
            link.close()
        db.close()
    if report is None:
        print(f"onevisit: the gateway did not answer; {day} was not reconciled, try again later", file=sys.stderr)
        return 2
    print(f"{day}: {'reconciled now' if ran else 'already reconciled'}; {report.trades_checked} trade(s), "
          f"ledger in {report.ledger_in_fen} fen, refunds {report.ledger_refund_fen} fen, "
          f"invoices self-pay {report.invoices_self_pay_fen} fen")
    for difference in report.differences:
        print(f"  difference: {difference}")
    print("balanced" if report.balanced else f"{len(report.differences)} difference(s)")
    return 0 if report.balanced else 1
