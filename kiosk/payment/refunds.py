"""Staff refunds: full or partial, idempotent per request number, audited.

``refund`` is what maintenance calls (finance/admin roles): the request row is written before the
gateway is asked; repeating a request number returns the first request's outcome and never refunds
twice. A request number is unique per trade (as at Alipay): refunds are keyed by (trade, number). A
refund is ``done`` only when the gateway says the money moved (``fund_change = Y`` or a refund query
saying so); an accepted refund that has not moved yet stays ``requested`` and is asked about again. Once the money is back, ``kiosk.payment.refund_reversal`` undoes the rest: a full refund books
the insurance settlement back and reopens the charges; a partial one touches only the self-pay money.
The daily reconciliation lives in ``kiosk.payment.reconciliation`` (``reconcile`` is re-exported here).
"""
from __future__ import annotations

from kiosk.money import Fen
from kiosk.payment.gateway import GatewayRejected, GatewayUnavailable, refund_and_confirm
from kiosk.payment.reconciliation import ReconciliationReport, reconcile
from kiosk.payment.refund_reversal import finish_reversal, plan_reversal
from kiosk.payment.refund_store import (
    RefundRecord,
    add_refund,
    refund_by_no,
    refunded_or_pending_fen,
    requested_refunds,
    unfinished_reversals,
    update_refund,
)
from kiosk.payment.service import PaymentRefused, PaymentService
from kiosk.payment.store import book, locked_attempt
from kiosk.storage import write_transaction

__all__ = ["ReconciliationReport", "RefundRecord", "reconcile", "refund", "refund_record",
           "retry_requested_refunds"]
WAITING_FOR_MONEY = "the gateway accepted the refund; waiting for it to confirm the money moved"


def refund(service: PaymentService, out_trade_no: str, amount_fen: Fen, out_request_no: str, staff_id: str,
           reason: str) -> RefundRecord:
    """Refund ``amount_fen`` of a credited payment. Raises PaymentRefused (plain words) when not allowed;
    GatewayUnavailable leaves the request ``requested`` (repeat the same request number later)."""
    if not out_request_no or amount_fen <= 0:
        raise PaymentRefused("a refund needs a request number and a positive amount")
    now = service.clock.now()
    with write_transaction(service.db) as db:
        attempt = locked_attempt(db, out_trade_no)  # two kiosks refunding the same payment take turns
        existing = refund_by_no(db, out_trade_no, out_request_no)
        if existing is None:
            if attempt is None or not attempt.credited:
                raise PaymentRefused(f"no credited payment {out_trade_no} to refund")
            refunded = refunded_or_pending_fen(db, out_trade_no)
            if refunded + amount_fen > attempt.amount_fen:
                raise PaymentRefused(f"only {attempt.amount_fen - refunded} fen of {out_trade_no} can still be refunded")
            add_refund(db, out_request_no, out_trade_no, amount_fen, reason, staff_id, now)
    if existing is not None and existing.state != "requested":
        if existing.state == "done":  # a crash may have come between the refund and its reversal
            finish_reversal(service, out_trade_no, out_request_no, f"staff:{staff_id}")
        return existing
    record = refund_by_no(service.db, out_trade_no, out_request_no)
    try:
        outcome = refund_and_confirm(service.gateway, out_trade_no, record.amount_fen, out_request_no)
    except GatewayRejected as exc:
        _set(service, out_trade_no, out_request_no, state="failed", error=str(exc))
        return refund_by_no(service.db, out_trade_no, out_request_no)
    if not outcome.money_moved:  # accepted, not yet paid out: asked again by retry_requested_refunds
        _set(service, out_trade_no, out_request_no, error=WAITING_FOR_MONEY)
        return refund_by_no(service.db, out_trade_no, out_request_no)
    with write_transaction(service.db) as db:
        now = service.clock.now()
        attempt = locked_attempt(db, out_trade_no)
        if refund_by_no(db, out_trade_no, out_request_no).state != "requested":
            return refund_by_no(service.db, out_trade_no, out_request_no)  # another round finished it meanwhile
        book(db, "gateway_refund", ledger_ref(out_trade_no, out_request_no), attempt.intent_id, record.amount_fen, now,
             out_trade_no)
        _set(service, out_trade_no, out_request_no, db=db, state="done", error="")
        plan_reversal(db, attempt, out_request_no, now)
    service.audit.record(f"staff:{staff_id}", "payment.refund", {"out_trade_no": record.out_trade_no,
                                                                 "out_request_no": out_request_no,
                                                                 "amount_fen": record.amount_fen, "reason": reason})
    finish_reversal(service, out_trade_no, out_request_no, f"staff:{staff_id}")
    return refund_by_no(service.db, out_trade_no, out_request_no)


def retry_requested_refunds(service: PaymentService) -> int:
    """Repeat refunds left ``requested`` by a lost reply or a crash (same request number: never twice).

    Each kiosk retries the refunds of the payments it took (where the order was made), so a hospital's
    kiosks do not all ask the gateway about every refund."""
    requested = requested_refunds(service.db, service.kiosk_id)
    for request in requested:
        try:
            refund(service, request.out_trade_no, request.amount_fen, request.out_request_no, request.requested_by,
                   request.reason)
        except GatewayUnavailable:
            continue
    for trade, request_no in unfinished_reversals(service.db, service.kiosk_id):
        finish_reversal(service, trade, request_no, "kiosk")
    return len(requested)


def refund_record(service: PaymentService, out_trade_no: str, out_request_no: str) -> RefundRecord | None:
    """The refund request with this number on this trade, if one was made."""
    return refund_by_no(service.db, out_trade_no, out_request_no)


def ledger_ref(out_trade_no: str, out_request_no: str) -> str:
    """The ledger's reference of a staff refund: the request number alone is not unique across trades."""
    return f"{out_trade_no}/{out_request_no}"


def _set(service: PaymentService, out_trade_no: str, out_request_no: str, db=None, **values: object) -> None:
    if db is None:
        with write_transaction(service.db) as db:
            return _set(service, out_trade_no, out_request_no, db, **values)
    update_refund(db, out_trade_no, out_request_no, service.clock.now(), **values)
