"""The payment tables as small dataclasses, and the reads and writes the service repeats.

Every write here runs inside the caller's ``write_transaction``; nothing here calls the outside.
"""
from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.his.port import Charge, ChargeStatus, InsuranceCategory, ItemClass
from kiosk.money import Fen


class IntentState(str, enum.Enum):
    PRESETTLING = "presettling"  # written before the insurance pre-settlement is asked for
    OPEN = "open"  # split known; waiting for the patient to pay (or choose pay-later)
    PAID = "paid"  # one gateway payment credited; insurance, billing and invoice still to do
    CREDIT = "credit"  # pay-later chosen; insurance, billing and invoice still to do
    SETTLED = "settled"  # all done
    ABANDONED = "abandoned"  # given up unpaid; the pre-settlement was reversed


class AttemptState(str, enum.Enum):
    CREATING = "creating"  # written before precreate / pay-with-code; outcome unknown until answered
    AWAITING = "awaiting"  # order exists, QR shown, waiting for the customer
    PAID = "paid"  # paid and credited to its intent
    CANCELLING = "cancelling"  # we decided not to take this order's money; cancel (maybe refund) under way
    CANCELLED = "cancelled"  # closed unpaid
    REFUND_DUE = "refund_due"  # paid, but its intent did not need it (paid twice, abandoned, wrong amount)
    REFUNDED = "refunded"  # the money went back
    FAILED = "failed"  # the gateway refused to create it; nothing was charged


OPEN_ATTEMPT_STATES = (AttemptState.CREATING.value, AttemptState.AWAITING.value)


@dataclass(frozen=True)
class PaymentIntent:
    id: str
    idempotency_key: str
    patient_id: str
    charges: tuple[Charge, ...]
    debt_ids: tuple[str, ...]
    setl_id: str | None
    total_fen: Fen
    fund_fen: Fen
    account_fen: Fen
    cash_fen: Fen
    debt_fen: Fen
    state: IntentState
    method: str
    invoice_number: str
    created_at: datetime

    @property
    def due_fen(self) -> Fen:
        """What the patient pays now: the cash part of this bill plus earlier pay-later debts."""
        return self.cash_fen + self.debt_fen


@dataclass(frozen=True)
class PaymentAttempt:
    out_trade_no: str
    intent_id: str
    kind: str  # qr | code
    amount_fen: Fen
    state: AttemptState
    credited: bool
    qr_code: str
    trade_no: str
    error: str
    deadline: datetime
    created_at: datetime


_INTENT_COLUMNS = ("id, idempotency_key, patient_id, charges_json, debt_ids_json, setl_id, total_fen, fund_fen, "
                   "account_fen, cash_fen, debt_fen, state, method, invoice_number, created_utc")
_ATTEMPT_COLUMNS = ("out_trade_no, intent_id, kind, amount_fen, state, credited, qr_code, trade_no, error, "
                    "deadline_utc, created_utc")


def charges_json(charges: list[Charge]) -> str:
    return json.dumps([{"id": c.id, "patient_id": c.patient_id, "item_class": c.item_class.value,
                        "description_zh": c.description_zh, "description_en": c.description_en,
                        "amount_fen": c.amount_fen, "category": c.insurance_category.value} for c in charges],
                      ensure_ascii=False)


def charges_from_json(text: str) -> tuple[Charge, ...]:
    return tuple(Charge(c["id"], c["patient_id"], ItemClass(c["item_class"]), c["description_zh"], c["description_en"],
                        c["amount_fen"], InsuranceCategory(c["category"]), ChargeStatus.UNPAID)
                 for c in json.loads(text))


def intent_by_id(db: sqlite_utils.Database, intent_id: str) -> PaymentIntent:
    row = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE id = ?", (intent_id,)).fetchone()
    if row is None:
        raise KeyError(f"no payment intent {intent_id}")
    return _intent(row)


def live_intent_by_key(db: sqlite_utils.Database, key: str) -> PaymentIntent | None:
    row = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE idempotency_key = ? AND state != 'abandoned'",
                     (key,)).fetchone()
    return _intent(row) if row else None


def intents_in(db: sqlite_utils.Database, *states: IntentState) -> list[PaymentIntent]:
    marks = ", ".join("?" for _ in states)
    rows = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE state IN ({marks}) ORDER BY created_utc",
                      tuple(s.value for s in states)).fetchall()
    return [_intent(row) for row in rows]


def attempt_by_no(db: sqlite_utils.Database, out_trade_no: str) -> PaymentAttempt | None:
    row = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM payment_attempts WHERE out_trade_no = ?",
                     (out_trade_no,)).fetchone()
    return _attempt(row) if row else None


def attempts_of(db: sqlite_utils.Database, intent_id: str) -> list[PaymentAttempt]:
    rows = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM payment_attempts WHERE intent_id = ? ORDER BY created_utc",
                      (intent_id,)).fetchall()
    return [_attempt(row) for row in rows]


def attempts_in(db: sqlite_utils.Database, *states: AttemptState) -> list[PaymentAttempt]:
    marks = ", ".join("?" for _ in states)
    rows = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM payment_attempts WHERE state IN ({marks}) ORDER BY created_utc",
                      tuple(s.value for s in states)).fetchall()
    return [_attempt(row) for row in rows]


def update(db: sqlite_utils.Database, table: str, key_column: str, key: str, now: datetime, **values: object) -> None:
    values["updated_utc"] = to_utc_text(now)
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.execute(f"UPDATE {table} SET {assignments} WHERE {key_column} = ?",
               tuple(v.value if isinstance(v, enum.Enum) else v for v in values.values()) + (key,))


def book(db: sqlite_utils.Database, kind: str, ref: str, intent_id: str, amount_fen: Fen, now: datetime,
         out_trade_no: str = "") -> bool:
    """One money movement in the ledger; False when this (kind, ref) was booked before."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO payment_ledger (kind, ref, intent_id, out_trade_no, amount_fen, at_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)", (kind, ref, intent_id, out_trade_no, amount_fen, to_utc_text(now)))
    return cursor.rowcount == 1


def _intent(row: tuple) -> PaymentIntent:
    (intent_id, key, patient_id, charges, debts, setl_id, total, fund, account, cash, debt, state, method, invoice,
     created) = row
    return PaymentIntent(intent_id, key, patient_id, charges_from_json(charges), tuple(json.loads(debts)), setl_id, total, fund,
                         account, cash, debt, IntentState(state), method, invoice, from_utc_text(created))


def _attempt(row: tuple) -> PaymentAttempt:
    (out_trade_no, intent_id, kind, amount, state, credited, qr_code, trade_no, error, deadline, created) = row
    return PaymentAttempt(out_trade_no, intent_id, kind, amount, AttemptState(state), bool(credited), qr_code,
                          trade_no, error, from_utc_text(deadline), from_utc_text(created))
