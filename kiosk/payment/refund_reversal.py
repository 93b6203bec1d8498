"""What a refund undoes besides the money: the insurance settlement, the charges, the e-invoice, the
repaid debts.

A refund that makes the payment wholly refunded ("full") books the bill's insurance settlement back
(fund annual-cap usage, deductible and personal account restored), marks its charges unpaid again,
reverses its e-invoice with a red-letter invoice, and reopens the pay-later debts the payment had
repaid (their charges become pay-later again). A partial refund only returns part of the self-pay
money: insurance, charges, invoice and debts stay as they are.

One ``refund_reversals`` row per refund (trade, request number), written in the same transaction that marks
the refund done; ``finish_reversal`` runs the steps (each idempotent) and marks the row done, so a
crash in between is finished by the next retry of the same request number or by the recovery loop.
Deposits (no charges, no insurance) have nothing to reverse and get no row.
"""
from __future__ import annotations

import json
import logging


from kiosk.clock import to_utc_text
from kiosk.his.port import ChargeStatus
from kiosk.insurance.port import InsuranceError
from kiosk.payment.service import PaymentService
from kiosk.payment.store import PaymentAttempt, charges_from_json, intent_by_id, update
from kiosk.storage import Database, write_transaction

log = logging.getLogger(__name__)


def plan_reversal(db: Database, attempt: PaymentAttempt, out_request_no: str, now) -> None:
    """Inside the caller's transaction (the one marking the refund done): write what to reverse."""
    intent = intent_by_id(db, attempt.intent_id)
    if not intent.charges and not intent.debt_ids:
        return  # a deposit: the money was all there was
    refunded = db.execute("SELECT coalesce(sum(amount_fen), 0) FROM payment_refunds WHERE out_trade_no = ? "
                          "AND state = 'done'", (attempt.out_trade_no,)).fetchone()[0]
    full = refunded >= attempt.amount_fen
    db.execute("INSERT INTO refund_reversals (out_trade_no, out_request_no, intent_id, scope, setl_id, "
               "charge_ids_json, state, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (out_trade_no, out_request_no) DO NOTHING",
               (attempt.out_trade_no, out_request_no, intent.id, "full" if full else "self_pay_only", intent.setl_id if full else None,
                json.dumps([c.id for c in intent.charges] if full else []), "requested" if full else "done",
                to_utc_text(now), to_utc_text(now)))


def finish_reversal(service: PaymentService, out_trade_no: str, out_request_no: str, actor: str) -> str | None:
    """Run the planned reversal of a full refund (safe to repeat); returns its scope, None for none."""
    row = service.db.execute("SELECT intent_id, scope, setl_id, charge_ids_json, state FROM refund_reversals "
                             "WHERE out_trade_no = ? AND out_request_no = ?", (out_trade_no, out_request_no)).fetchone()
    if row is None:
        return None
    intent_id, scope, setl_id, charge_ids_json, state = row
    if state == "done":
        return scope
    if setl_id:
        try:
            service.insurance.reverse_confirmed(setl_id)
        except InsuranceError as exc:  # e.g. not confirmed yet: the money is back; the retry loop finishes this
            log.warning("refund %s: insurance not booked back yet: %s", out_request_no, exc)
            return scope
    service.his.reopen_charges(json.loads(charge_ids_json), ChargeStatus.UNPAID)
    red_invoice = service.billing.reverse_invoice(intent_id, out_request_no) or ""
    reopened = _reopen_repaid_debts(service, intent_id)
    with write_transaction(service.db) as db:
        finished_now = db.execute("UPDATE refund_reversals SET state = 'done', updated_utc = ? WHERE out_trade_no = ? "
                                  "AND out_request_no = ? AND state = 'requested'",
                                  (to_utc_text(service.clock.now()), out_trade_no, out_request_no)).rowcount == 1
    if not finished_now:
        return scope  # another kiosk finished it at the same moment (every step is idempotent)
    service.audit.record(actor, "payment.refund_reversed", {"out_request_no": out_request_no, "intent": intent_id,
                                                            "setl_id": setl_id or "", "debts_reopened": reopened,
                                                            "red_invoice": red_invoice})
    return scope


def _reopen_repaid_debts(service: PaymentService, intent_id: str) -> int:
    """The refunded payment had repaid these pay-later debts: they are owed again."""
    with write_transaction(service.db) as db:
        rows = db.execute("SELECT d.id, p.charges_json FROM credit_debts d JOIN payment_intents p ON p.id = d.intent_id "
                          "WHERE d.repaid_by_intent = ? AND d.state = 'repaid'", (intent_id,)).fetchall()
        for debt_id, _ in rows:
            update(db, "credit_debts", "id", debt_id, service.clock.now(), only_if=("repaid",), state="open",
                   repaid_by_intent=None)
    service.his.reopen_charges([c.id for _, text in rows for c in charges_from_json(text)], ChargeStatus.PAY_LATER)
    return len(rows)


def unfinished_reversals(service: PaymentService) -> list[tuple[str, str]]:
    """(out_trade_no, out_request_no) of full refunds of this kiosk's payments whose reversal is not finished."""
    return [(r[0], r[1]) for r in service.db.execute(
        "SELECT v.out_trade_no, v.out_request_no FROM refund_reversals v JOIN payment_attempts a "
        "ON a.out_trade_no = v.out_trade_no WHERE v.state = 'requested' AND a.kiosk_id = ? ORDER BY v.created_utc",
        (service.kiosk_id,)).fetchall()]
