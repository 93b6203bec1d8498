"""The daily reconciliation: kiosk ledger vs gateway vs invoices, once per hospital-local day.

``reconcile`` compares one day; ``DailyReconciliation`` runs yesterday's once the local time has
passed ``payment.reconcile_at`` (default 02:30), catches up on the days a switched-off kiosk missed
(at most ``MAX_CATCH_UP_DAYS``), and stores each report in ``reconciliation_reports``, whose primary
key is the day: a day is never stored twice, even by two kiosks sharing the database. It is a
hospital-wide job (it checks every kiosk's trades): kiosks sharing a database run it one at a time,
whoever holds the ``payment-reconciliation`` lease (``kiosk.storage.leases``, renewed before each day,
released after). The payment system's background thread calls ``run_due`` every round; ``onevisit
reconcile`` runs it by hand (and is told, in plain words, when another kiosk is running it).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from kiosk.clock import to_local
from kiosk.money import Fen
from kiosk.payment.gateway import GatewayUnavailable, TradeStatus
from kiosk.payment.reconciliation_store import (
    add_report,
    all_trades,
    bill_method_and_debt,
    credited_fen,
    last_reported_day,
    received_by_trade,
    refunded_by_trade,
    report_of,
)
from kiosk.payment.service import PaymentService
from kiosk.payment.store import AttemptState
from kiosk.storage import leases, write_transaction

log = logging.getLogger(__name__)
DEFAULT_RECONCILE_AT = time(2, 30)
MAX_CATCH_UP_DAYS = 31
LEASE = "payment-reconciliation"
LEASE_SECONDS = 15 * 60  # longer than one day's run (one gateway query per trade); renewed before each day


@dataclass(frozen=True)
class ReconciliationReport:
    day: date
    trades_checked: int
    ledger_in_fen: Fen
    ledger_refund_fen: Fen
    invoices_self_pay_fen: Fen
    credited_fen: Fen
    differences: list[str] = field(default_factory=list)
    unanswered: int = 0  # trades the gateway did not answer about: the day is not final yet

    @property
    def balanced(self) -> bool:
        return not self.differences


def reconcile(service: PaymentService, day: date) -> ReconciliationReport:
    """Kiosk ledger vs gateway vs invoices for one hospital-local day; every difference in plain words."""
    db = service.db
    attempts = [trade for trade in all_trades(db) if to_local(trade.created_at).date() == day]
    received = received_by_trade(db)
    refunds_by_trade = refunded_by_trade(db)
    differences: list[str] = []
    ledger_in = ledger_refund = credited_total = unanswered = 0
    for attempt in attempts:
        out_trade_no = attempt.out_trade_no
        booked_in = received.get(out_trade_no, 0)
        refunds = refunds_by_trade.get(out_trade_no, 0)
        ledger_in += booked_in
        ledger_refund += refunds
        credited_total += attempt.amount_fen if attempt.credited else 0
        try:
            trade = service.gateway.query(out_trade_no)
        except GatewayUnavailable as exc:
            differences.append(f"{out_trade_no}: the gateway did not answer ({exc})")
            unanswered += 1
            continue
        paid_at_gateway = trade.status in (TradeStatus.PAID, TradeStatus.FINISHED) or (
            trade.status is TradeStatus.CLOSED and booked_in > 0)
        if paid_at_gateway and not booked_in:
            differences.append(f"{out_trade_no}: paid at the gateway but not in the kiosk ledger")
        if booked_in and not paid_at_gateway:
            differences.append(f"{out_trade_no}: in the kiosk ledger but the gateway says {trade.status.value}")
        if trade.status in (TradeStatus.PAID, TradeStatus.FINISHED) and attempt.state not in (
                AttemptState.PAID.value, AttemptState.REFUND_DUE.value):
            differences.append(f"{out_trade_no}: the gateway has it paid but the kiosk has it {attempt.state}")
        if attempt.state == AttemptState.REFUND_DUE.value:  # e.g. paid after the order was cancelled
            differences.append(f"{out_trade_no}: {booked_in} fen received that no bill needed ({attempt.error}); "
                               "its refund is not confirmed yet")
        if attempt.credited and booked_in != attempt.amount_fen:
            differences.append(f"{out_trade_no}: credited {attempt.amount_fen} fen but {booked_in} fen booked")
        if attempt.credited and booked_in and refunds >= booked_in \
                and service.billing.invoice_for(attempt.intent_id) is not None \
                and service.billing.red_invoice_for(attempt.intent_id) is None:
            differences.append(f"{out_trade_no}: refunded in full but its e-invoice has no red-letter invoice")
    day_invoices = service.billing.invoices_issued_on(day)
    invoices_self_pay = sum(self_pay for _, _, self_pay in day_invoices)
    for number, intent_id, self_pay in day_invoices:
        method, debt = bill_method_and_debt(db, intent_id)
        if method in ("qr", "code"):
            paid = credited_fen(db, intent_id)
            if paid is None or paid != self_pay + debt:
                differences.append(f"invoice {number}: self-pay {self_pay} fen does not match the payment")
    return ReconciliationReport(day, len(attempts), ledger_in, ledger_refund, invoices_self_pay, credited_total,
                                differences, unanswered)


def parse_reconcile_at(text: str) -> time:
    """ "02:30" → 02:30 (the config has checked the shape)."""
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


class ReconciliationBusy(Exception):
    """Another kiosk (or ``onevisit reconcile`` elsewhere) holds the reconciliation lease right now."""


class DailyReconciliation:
    def __init__(self, service: PaymentService, reconcile_at: time = DEFAULT_RECONCILE_AT,
                 holder: str | None = None) -> None:
        self.service = service
        self.reconcile_at = reconcile_at
        self.holder = service.kiosk_id if holder is None else holder  # who takes the lease

    def due_days(self, now: datetime | None = None) -> list[date]:
        """Days whose report is due and not stored yet, oldest first."""
        local = to_local(now or self.service.clock.now())
        last_due = local.date() - timedelta(days=1 if local.time() >= self.reconcile_at else 2)
        stored = last_reported_day(self.service.db)
        first = stored + timedelta(days=1) if stored else last_due
        first = max(first, last_due - timedelta(days=MAX_CATCH_UP_DAYS - 1))
        return [first + timedelta(days=n) for n in range((last_due - first).days + 1)]

    def run_due(self, now: datetime | None = None) -> list[ReconciliationReport]:
        """Reconcile and store every due day; returns the reports this call stored (none while another
        kiosk holds the lease: it is doing the same days)."""
        days = self.due_days(now)
        if not days:
            return []
        try:
            return [report for day in days if (report := self.run_day(day)) is not None]
        except ReconciliationBusy as busy:
            log.info("reconciliation left to %s", busy)
            return []
        finally:
            leases.release(self.service.db, LEASE, self.holder)

    def run_day(self, day: date) -> ReconciliationReport | None:
        """Reconcile ``day`` and store it; None when it was stored already or the gateway did not answer.

        Raises ``ReconciliationBusy`` while another kiosk holds the lease; the caller releases it."""
        if self.stored(day) is not None:
            return None
        db, now = self.service.db, self.service.clock.now()
        if not leases.take(db, LEASE, self.holder, LEASE_SECONDS, now):
            raise ReconciliationBusy(leases.holder(db, LEASE, now) or "another kiosk")
        if self.stored(day) is not None:  # stored by the kiosk that held the lease before us
            return None
        report = reconcile(self.service, day)
        if report.unanswered:  # the gateway is down: try again next round rather than store a false alarm
            log.warning("reconciliation of %s waits: the gateway did not answer about %d trade(s)", day,
                        report.unanswered)
            return None
        with write_transaction(self.service.db) as db:
            inserted = add_report(db, day, report.trades_checked, report.ledger_in_fen, report.ledger_refund_fen,
                                  report.invoices_self_pay_fen, report.credited_fen, report.differences,
                                  report.balanced, self.service.clock.now())
        if not inserted:
            return None
        self.service.audit.record("kiosk", "payment.reconciled", {"day": day.isoformat(), "balanced": report.balanced,
                                                                  "differences": len(report.differences)})
        return report

    def stored(self, day: date) -> ReconciliationReport | None:
        stored = report_of(self.service.db, day)
        if stored is None:
            return None
        return ReconciliationReport(day, stored.trades_checked, stored.ledger_in_fen, stored.ledger_refund_fen,
                                    stored.invoices_self_pay_fen, stored.credited_fen, stored.differences)
