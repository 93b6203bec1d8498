"""Staff refunds (``payment_refunds``) and what they reverse (``refund_reversals``): reads and writes.

Every write here runs inside the caller's ``write_transaction``; the decisions (how much can still be
refunded, when a refund is done, what a full refund undoes) stay in ``kiosk.payment.refunds`` and
``kiosk.payment.refund_reversal``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.money import Fen
from kiosk.storage import Database


@dataclass(frozen=True)
class RefundRecord:
    out_request_no: str
    out_trade_no: str
    amount_fen: Fen
    state: str  # requested | done | failed
    error: str = ""


@dataclass(frozen=True)
class RequestedRefund:
    out_request_no: str
    out_trade_no: str
    amount_fen: Fen
    requested_by: str
    reason: str


@dataclass(frozen=True)
class Reversal:
    intent_id: str
    scope: str  # full | self_pay_only
    setl_id: str | None
    charge_ids: list[str]
    state: str  # requested | done


@dataclass(frozen=True)
class PaymentLine:
    """A payment attempt as finance staff see it, with what was refunded of it (not failed)."""
    out_trade_no: str
    amount_fen: Fen
    state: str  # kiosk.payment.store.AttemptState values
    credited: bool
    refunded_fen: Fen
    created_at: datetime

    @property
    def refundable_fen(self) -> Fen:
        return self.amount_fen - self.refunded_fen if self.credited else 0


# Refunds ------------------------------------------------------------------------------------------------

def refund_by_no(db: Database, out_trade_no: str, out_request_no: str) -> RefundRecord | None:
    row = db.execute("SELECT out_request_no, out_trade_no, amount_fen, state, error FROM payment_refunds "
                     "WHERE out_trade_no = ? AND out_request_no = ?", (out_trade_no, out_request_no)).fetchone()
    return RefundRecord(*row) if row else None


def refunded_or_pending_fen(db: Database, out_trade_no: str) -> Fen:
    """What was refunded of this payment or is being refunded (every request not failed)."""
    return db.execute("SELECT coalesce(sum(amount_fen), 0) FROM payment_refunds WHERE out_trade_no = ? "
                      "AND state != 'failed'", (out_trade_no,)).fetchone()[0]


def refunded_fen(db: Database, out_trade_no: str) -> Fen:
    """What the gateway has paid back of this payment (refunds done)."""
    return db.execute("SELECT coalesce(sum(amount_fen), 0) FROM payment_refunds WHERE out_trade_no = ? "
                      "AND state = 'done'", (out_trade_no,)).fetchone()[0]


def add_refund(db: Database, out_request_no: str, out_trade_no: str, amount_fen: Fen, reason: str, staff_id: str,
               now: datetime) -> None:
    db.execute("INSERT INTO payment_refunds (out_request_no, out_trade_no, amount_fen, reason, requested_by, "
               "state, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, 'requested', ?, ?)",
               (out_request_no, out_trade_no, amount_fen, reason, staff_id, to_utc_text(now), to_utc_text(now)))


def update_refund(db: Database, out_trade_no: str, out_request_no: str, now: datetime, **values: object) -> None:
    values["updated_utc"] = to_utc_text(now)
    db.execute(f"UPDATE payment_refunds SET {', '.join(f'{name} = ?' for name in values)} "
               "WHERE out_trade_no = ? AND out_request_no = ?", (*values.values(), out_trade_no, out_request_no))


def requested_refunds(db: Database, kiosk_id: str) -> list[RequestedRefund]:
    """Refunds still ``requested`` of the payments this kiosk took, oldest first."""
    rows = db.execute("SELECT r.out_request_no, r.out_trade_no, r.amount_fen, r.requested_by, r.reason "
                      "FROM payment_refunds r JOIN payment_attempts a ON a.out_trade_no = r.out_trade_no "
                      "WHERE r.state = 'requested' AND a.kiosk_id = ? ORDER BY r.created_utc",
                      (kiosk_id,)).fetchall()
    return [RequestedRefund(*row) for row in rows]


def payments_since(db: Database, kiosk_id: str, since: datetime, limit: int) -> list[PaymentLine]:
    """Payment attempts one kiosk started since ``since``, newest first, with what was refunded of them
    (not failed)."""
    rows = db.execute(
        "SELECT a.out_trade_no, a.amount_fen, a.state, a.credited, a.created_utc, "
        "coalesce((SELECT sum(r.amount_fen) FROM payment_refunds r WHERE r.out_trade_no = a.out_trade_no "
        "AND r.state != 'failed'), 0) FROM payment_attempts a WHERE a.kiosk_id = ? AND a.created_utc >= ? "
        "ORDER BY a.created_utc DESC LIMIT ?", (kiosk_id, to_utc_text(since), int(limit))).fetchall()
    return [PaymentLine(trade, amount, state, bool(credited), refunded, from_utc_text(created))
            for trade, amount, state, credited, created, refunded in rows]


# Reversals ----------------------------------------------------------------------------------------------

def add_reversal(db: Database, out_trade_no: str, out_request_no: str, intent_id: str, scope: str,
                 setl_id: str | None, charge_ids: list[str], state: str, now: datetime) -> None:
    """Write what a refund reverses, once per (trade, request number)."""
    db.execute("INSERT INTO refund_reversals (out_trade_no, out_request_no, intent_id, scope, setl_id, "
               "charge_ids_json, state, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (out_trade_no, out_request_no) DO NOTHING",
               (out_trade_no, out_request_no, intent_id, scope, setl_id, json.dumps(charge_ids), state,
                to_utc_text(now), to_utc_text(now)))


def reversal_by_no(db: Database, out_trade_no: str, out_request_no: str) -> Reversal | None:
    row = db.execute("SELECT intent_id, scope, setl_id, charge_ids_json, state FROM refund_reversals "
                     "WHERE out_trade_no = ? AND out_request_no = ?", (out_trade_no, out_request_no)).fetchone()
    if row is None:
        return None
    intent_id, scope, setl_id, charge_ids, state = row
    return Reversal(intent_id, scope, setl_id, json.loads(charge_ids), state)


def mark_reversal_done(db: Database, out_trade_no: str, out_request_no: str, now: datetime) -> bool:
    """Mark a requested reversal done; False when it was done already (another kiosk, same moment)."""
    return db.execute("UPDATE refund_reversals SET state = 'done', updated_utc = ? WHERE out_trade_no = ? "
                      "AND out_request_no = ? AND state = 'requested'",
                      (to_utc_text(now), out_trade_no, out_request_no)).rowcount == 1


def unfinished_reversals(db: Database, kiosk_id: str) -> list[tuple[str, str]]:
    """(out_trade_no, out_request_no) of reversals of this kiosk's payments not finished yet, oldest first."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT v.out_trade_no, v.out_request_no FROM refund_reversals v JOIN payment_attempts a "
        "ON a.out_trade_no = v.out_trade_no WHERE v.state = 'requested' AND a.kiosk_id = ? ORDER BY v.created_utc",
        (kiosk_id,)).fetchall()]


def has_live_refund(db: Database, out_trade_no: str) -> bool:
    """A refund of this payment was requested or made (one that failed does not count)."""
    return db.execute("SELECT 1 FROM payment_refunds WHERE out_trade_no = ? AND state != 'failed'",
                      (out_trade_no,)).fetchone() is not None
