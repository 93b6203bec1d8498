"""Today's mobile payments as finance staff see them, full refunds and the daily reconciliation.

Thin on purpose: the refund itself (request row before the gateway call, idempotent per request
number, audited) and the reconciliation live in ``kiosk.payment.refunds``. A full refund uses the
request number ``RF-<out_trade_no>-full`` so pressing twice, or a crash and a retry, never refunds twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from kiosk.clock import HOSPITAL_ZONE, Clock, from_utc_text, to_local, to_utc_text
from kiosk.money import Fen
from kiosk.payment.refunds import ReconciliationReport, RefundRecord, reconcile
from kiosk.payment.system import PaymentSystem

REFUND_REASON = "refunded in full by staff at the kiosk"
PAGE_ROWS = 50


@dataclass(frozen=True)
class PaymentLine:
    out_trade_no: str
    amount_fen: Fen
    state: str  # kiosk.payment.store.AttemptState values
    credited: bool
    refunded_fen: Fen
    created_at: datetime

    @property
    def refundable_fen(self) -> Fen:
        return self.amount_fen - self.refunded_fen if self.credited else 0


def todays_payments(db: sqlite_utils.Database, clock: Clock, limit: int = PAGE_ROWS) -> list[PaymentLine]:
    """Payment attempts started since local midnight, newest first, with what was refunded (not failed)."""
    local_now = to_local(clock.now())
    midnight = datetime(local_now.year, local_now.month, local_now.day, tzinfo=HOSPITAL_ZONE)
    rows = db.execute(
        "SELECT a.out_trade_no, a.amount_fen, a.state, a.credited, a.created_utc, "
        "coalesce((SELECT sum(r.amount_fen) FROM payment_refunds r WHERE r.out_trade_no = a.out_trade_no "
        "AND r.state != 'failed'), 0) FROM payment_attempts a WHERE a.created_utc >= ? "
        "ORDER BY a.created_utc DESC LIMIT ?", (to_utc_text(midnight), int(limit))).fetchall()
    return [PaymentLine(trade, amount, state, bool(credited), refunded, from_utc_text(created))
            for trade, amount, state, credited, created, refunded in rows]


def refund_in_full(payments: PaymentSystem, line: PaymentLine, staff_id: str) -> RefundRecord:
    """Refund what is left of a credited payment (blocking: gateway call, call from a worker)."""
    return payments.refund(line.out_trade_no, line.refundable_fen, f"RF-{line.out_trade_no}-full", staff_id,
                           REFUND_REASON)


def todays_reconciliation(payments: PaymentSystem, clock: Clock) -> ReconciliationReport:
    return reconcile(payments.service, clock.today())
