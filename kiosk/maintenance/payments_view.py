"""Today's mobile payments as finance staff see them, full refunds and the daily reconciliation.

Thin on purpose: the refund itself (request row before the gateway call, idempotent per request
number, audited) and the reconciliation live in ``kiosk.payment.refunds``. A full refund uses the
request number ``RF-<out_trade_no>-full`` so pressing twice, or a crash and a retry, never refunds twice.
"""
from __future__ import annotations

from datetime import datetime

from kiosk.clock import HOSPITAL_ZONE, Clock, to_local
from kiosk.payment.refund_store import PaymentLine, payments_since
from kiosk.payment.refunds import ReconciliationReport, RefundRecord, reconcile
from kiosk.payment.system import PaymentSystem
from kiosk.storage import Database

__all__ = ["PaymentLine", "refund_in_full", "todays_payments", "todays_reconciliation"]

REFUND_REASON = "refunded in full by staff at the kiosk"
PAGE_ROWS = 50


def todays_payments(db: Database, clock: Clock, kiosk_id: str, limit: int = PAGE_ROWS) -> list[PaymentLine]:
    """The payment orders this kiosk started since local midnight, newest first, with what was refunded (not
    failed). This kiosk's only: a hospital's kiosks share one database, and a refund is retried by the kiosk
    that took the payment."""
    local_now = to_local(clock.now())
    midnight = datetime(local_now.year, local_now.month, local_now.day, tzinfo=HOSPITAL_ZONE)
    return payments_since(db, kiosk_id, midnight, limit)


def refund_in_full(payments: PaymentSystem, line: PaymentLine, staff_id: str) -> RefundRecord:
    """Refund what is left of a credited payment (blocking: gateway call, call from a worker)."""
    return payments.refund(line.out_trade_no, line.refundable_fen, f"RF-{line.out_trade_no}-full", staff_id,
                           REFUND_REASON)


def todays_reconciliation(payments: PaymentSystem, clock: Clock) -> ReconciliationReport:
    return reconcile(payments.service, clock.today())
