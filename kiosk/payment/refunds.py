"""Staff refunds (full or partial, idempotent per request number) and the daily reconciliation.

``refund`` is what maintenance calls (finance/admin roles): the request row is written before the
gateway is asked; repeating a request number returns the first request's outcome and never refunds
twice. ``reconcile`` compares the kiosk's ledger with the gateway and with the issued invoices.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.clock import from_utc_text, to_local, to_utc_text
from kiosk.money import Fen
from kiosk.payment.gateway import GatewayRejected, GatewayUnavailable, TradeStatus
from kiosk.payment.service import PaymentRefused, PaymentService
from kiosk.payment.store import AttemptState, attempt_by_no, book, update
from kiosk.storage import write_transaction


@dataclass(frozen=True)
class RefundRecord:
    out_request_no: str
    out_trade_no: str
    amount_fen: Fen
    state: str  # requested | done | failed
    error: str = ""


@dataclass(frozen=True)
class ReconciliationReport:
    day: date
    trades_checked: int
    ledger_in_fen: Fen
    ledger_refund_fen: Fen
    invoices_self_pay_fen: Fen
    credited_fen: Fen
    differences: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.differences


def refund(service: PaymentService, out_trade_no: str, amount_fen: Fen, out_request_no: str, staff_id: str,
           reason: str) -> RefundRecord:
    """Refund ``amount_fen`` of a credited payment. Raises PaymentRefused (plain words) when not allowed;
    GatewayUnavailable leaves the request ``requested`` (repeat the same request number later)."""
    if not out_request_no or amount_fen <= 0:
        raise PaymentRefused("a refund needs a request number and a positive amount")
    now = service.clock.now()
    with write_transaction(service.db) as db:
        existing = _record(service, out_request_no)
        if existing is not None and existing.state != "requested":
            return existing
        if existing is None:
            attempt = attempt_by_no(db, out_trade_no)
            if attempt is None or not attempt.credited:
                raise PaymentRefused(f"no credited payment {out_trade_no} to refund")
            refunded = db.execute("SELECT coalesce(sum(amount_fen), 0) FROM payment_refunds WHERE out_trade_no = ? "
                                  "AND state != 'failed'", (out_trade_no,)).fetchone()[0]
            if refunded + amount_fen > attempt.amount_fen:
                raise PaymentRefused(f"only {attempt.amount_fen - refunded} fen of {out_trade_no} can still be refunded")
            db["payment_refunds"].insert({
                "out_request_no": out_request_no, "out_trade_no": out_trade_no, "amount_fen": amount_fen,
                "reason": reason, "requested_by": staff_id, "state": "requested",
                "created_utc": to_utc_text(now), "updated_utc": to_utc_text(now)})
    record = _record(service, out_request_no)
    try:
        service.gateway.refund(record.out_trade_no, record.amount_fen, out_request_no)
    except GatewayRejected as exc:
        with write_transaction(service.db) as db:
            update(db, "payment_refunds", "out_request_no", out_request_no, service.clock.now(), state="failed",
                   error=str(exc))
        return _record(service, out_request_no)
    intent_id = attempt_by_no(service.db, record.out_trade_no).intent_id
    with write_transaction(service.db) as db:
        book(db, "gateway_refund", out_request_no, intent_id, record.amount_fen, service.clock.now(), record.out_trade_no)
        update(db, "payment_refunds", "out_request_no", out_request_no, service.clock.now(), state="done")
    service.audit.record(f"staff:{staff_id}", "payment.refund", {"out_trade_no": record.out_trade_no,
                                                                 "out_request_no": out_request_no,
                                                                 "amount_fen": record.amount_fen, "reason": reason})
    return _record(service, out_request_no)


def retry_requested_refunds(service: PaymentService) -> int:
    """Repeat refunds left ``requested`` by a lost reply or a crash (same request number: never twice)."""
    rows = service.db.execute("SELECT out_request_no, out_trade_no, amount_fen, requested_by, reason FROM payment_refunds "
                              "WHERE state = 'requested'").fetchall()
    for request_no, trade, amount, staff, reason in rows:
        try:
            refund(service, trade, amount, request_no, staff, reason)
        except GatewayUnavailable:
            continue
    return len(rows)


def refund_record(service: PaymentService, out_request_no: str) -> RefundRecord | None:
    """The refund request with this number, if one was made."""
    return _record(service, out_request_no)


def _record(service: PaymentService, out_request_no: str) -> RefundRecord | None:
    row = service.db.execute("SELECT out_request_no, out_trade_no, amount_fen, state, error FROM payment_refunds "
                             "WHERE out_request_no = ?", (out_request_no,)).fetchone()
    return RefundRecord(*row) if row else None


def reconcile(service: PaymentService, day: date) -> ReconciliationReport:
    """Kiosk ledger vs gateway vs invoices for one hospital-local day; every difference in plain words."""
    db = service.db
    attempts = [row for row in db.execute(
        "SELECT out_trade_no, intent_id, amount_fen, state, credited, created_utc FROM payment_attempts").fetchall()
        if to_local(from_utc_text(row[5])).date() == day]
    ledger = {(kind, ref): amount for kind, ref, amount in db.execute(
        "SELECT kind, ref, amount_fen FROM payment_ledger WHERE kind = 'gateway_in'").fetchall()}
    refunds_by_trade = dict(db.execute("SELECT out_trade_no, sum(amount_fen) FROM payment_ledger "
                                       "WHERE kind = 'gateway_refund' GROUP BY out_trade_no").fetchall())
    differences: list[str] = []
    ledger_in = ledger_refund = credited_total = 0
    for out_trade_no, intent_id, amount, state, credited, _ in attempts:
        booked_in = ledger.get(("gateway_in", out_trade_no), 0)
        refunds = refunds_by_trade.get(out_trade_no, 0)
        ledger_in += booked_in
        ledger_refund += refunds
        credited_total += amount if credited else 0
        try:
            trade = service.gateway.query(out_trade_no)
        except GatewayUnavailable as exc:
            differences.append(f"{out_trade_no}: the gateway did not answer ({exc})")
            continue
        paid_at_gateway = trade.status in (TradeStatus.PAID, TradeStatus.FINISHED) or (
            trade.status is TradeStatus.CLOSED and booked_in > 0)
        if paid_at_gateway and not booked_in:
            differences.append(f"{out_trade_no}: paid at the gateway but not in the kiosk ledger")
        if booked_in and not paid_at_gateway:
            differences.append(f"{out_trade_no}: in the kiosk ledger but the gateway says {trade.status.value}")
        if trade.status in (TradeStatus.PAID, TradeStatus.FINISHED) and state not in (
                AttemptState.PAID.value, AttemptState.REFUND_DUE.value):
            differences.append(f"{out_trade_no}: the gateway has it paid but the kiosk has it {state}")
        if credited and booked_in != amount:
            differences.append(f"{out_trade_no}: credited {amount} fen but {booked_in} fen booked")
    invoices = db.execute("SELECT e.invoice_number, e.self_pay_fen, p.method, p.debt_fen, e.issued_utc FROM e_invoices e "
                          "JOIN payment_intents p ON p.id = e.intent_id").fetchall()
    day_invoices = [row for row in invoices if to_local(from_utc_text(row[4])).date() == day]
    invoices_self_pay = sum(row[1] for row in day_invoices)
    for number, self_pay, method, debt, _ in day_invoices:
        if method in ("qr", "code"):
            paid = db.execute("SELECT a.amount_fen FROM payment_attempts a JOIN payment_intents p ON p.id = a.intent_id "
                              "JOIN e_invoices e ON e.intent_id = p.id WHERE e.invoice_number = ? AND a.credited = 1",
                              (number,)).fetchone()
            if paid is None or paid[0] != self_pay + debt:
                differences.append(f"invoice {number}: self-pay {self_pay} fen does not match the payment")
    return ReconciliationReport(day, len(attempts), ledger_in, ledger_refund, invoices_self_pay, credited_total,
                                differences)
