"""What a refund undoes besides the money: the insurance settlement, the charges, the e-invoice, the
repaid debts.

A refund that makes the payment wholly refunded ("full") books the bill's insurance settlement back
(fund annual-cap usage, deductible and personal account restored), marks its charges unpaid again,
reverses its e-invoice with a red-letter invoice, and reopens the pay-later debts the payment had
repaid (their charges become pay-later again); the bill's claim on its charges and debts is released
with the refund, so the next bill may take them. A partial refund only returns part of the self-pay
money: insurance, charges, invoice and debts stay as they are.

One ``refund_reversals`` row per refund (trade, request number), written in the same transaction that marks
the refund done; ``finish_reversal`` runs the steps (each idempotent) and marks the row done, so a
crash in between is finished by the next retry of the same request number or by the recovery loop.
Deposits (no charges, no insurance) have nothing to reverse and get no row.
"""
from __future__ import annotations

import logging

from kiosk.his.port import ChargeStatus
from kiosk.insurance.port import InsuranceError
from kiosk.payment.credit_store import debts_repaid_by
from kiosk.payment.refund_store import add_reversal, mark_reversal_done, refunded_fen, reversal_by_no
from kiosk.payment.service import PaymentService
from kiosk.payment.store import PaymentAttempt, intent_by_id, release_bill_items, update
from kiosk.storage import Database, write_transaction

log = logging.getLogger(__name__)


def plan_reversal(db: Database, attempt: PaymentAttempt, out_request_no: str, now) -> None:
    """Inside the caller's transaction (the one marking the refund done): write what to reverse."""
    intent = intent_by_id(db, attempt.intent_id)
    if not intent.charges and not intent.debt_ids:
        return  # a deposit: the money was all there was
    full = refunded_fen(db, attempt.out_trade_no) >= attempt.amount_fen
    if full:  # its charges and debts are owed again: the next bill may take them
        release_bill_items(db, intent.id)
    add_reversal(db, attempt.out_trade_no, out_request_no, intent.id, "full" if full else "self_pay_only",
                 intent.setl_id if full else None, [c.id for c in intent.charges] if full else [],
                 "requested" if full else "done", now)


def finish_reversal(service: PaymentService, out_trade_no: str, out_request_no: str, actor: str) -> str | None:
    """Run the planned reversal of a full refund (safe to repeat); returns its scope, None for none."""
    reversal = reversal_by_no(service.db, out_trade_no, out_request_no)
    if reversal is None:
        return None
    intent_id, scope, setl_id = reversal.intent_id, reversal.scope, reversal.setl_id
    if reversal.state == "done":
        return scope
    if setl_id:
        try:
            service.insurance.reverse_confirmed(setl_id)
        except InsuranceError as exc:  # e.g. not confirmed yet: the money is back; the retry loop finishes this
            log.warning("refund %s: insurance not booked back yet: %s", out_request_no, exc)
            return scope
    service.his.reopen_charges(reversal.charge_ids, ChargeStatus.UNPAID)
    red_invoice = service.billing.reverse_invoice(intent_id, out_request_no) or ""
    reopened = _reopen_repaid_debts(service, intent_id)
    with write_transaction(service.db) as db:
        finished_now = mark_reversal_done(db, out_trade_no, out_request_no, service.clock.now())
    if not finished_now:
        return scope  # another kiosk finished it at the same moment (every step is idempotent)
    service.audit.record(actor, "payment.refund_reversed", {"out_request_no": out_request_no, "intent": intent_id,
                                                            "setl_id": setl_id or "", "debts_reopened": reopened,
                                                            "red_invoice": red_invoice})
    return scope


def _reopen_repaid_debts(service: PaymentService, intent_id: str) -> int:
    """The refunded payment had repaid these pay-later debts: they are owed again."""
    with write_transaction(service.db) as db:
        debts = debts_repaid_by(db, intent_id)
        for debt in debts:
            update(db, "credit_debts", "id", debt.id, service.clock.now(), only_if=("repaid",), state="open",
                   repaid_by_intent=None)
    service.his.reopen_charges([c.id for debt in debts for c in debt.charges], ChargeStatus.PAY_LATER)
    return len(debts)

