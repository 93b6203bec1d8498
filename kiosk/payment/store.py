"""The payment tables as small dataclasses, and the reads and writes the service repeats.

Every write here runs inside the caller's ``write_transaction``; nothing here calls the outside.
Kiosks of a hospital may share one database (PostgreSQL), where writers are not serialised as they
are on SQLite: a transaction that decides from an intent's or an attempt's state first takes
``lock_intent`` (an advisory lock on the bill, a no-op on SQLite), so a payment, a cancel, a
notification and another kiosk's new order for the same bill take turns. An intent belongs to the
kiosk handling it (``kiosk_id``): recovery at one kiosk leaves other kiosks' bills alone.
"""
from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import from_utc_text, to_local, to_utc_text
from kiosk.his.port import Charge, ChargeStatus, InsuranceCategory, ItemClass
from kiosk.money import Fen
from kiosk.payment.errors import BillInUseElsewhere
from kiosk.storage import Database, lock


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
# A bill's idempotency key starts with this (a deposit's does not).
BILL_KEY = "bill:"
# An attempt's error when its money goes back because another bill of the same charges or debts was paid first.
PAID_BY_ANOTHER_BILL = "paid by another bill"


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
    kiosk_id: str  # the kiosk handling the bill (the last one to open it or start an order for it)

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
    kiosk_id: str  # the kiosk that created the order (shows its QR, polls and cancels it)

    @property
    def paid_by_another_bill(self) -> bool:
        """Its money goes back because another bill of the same charges or debts was paid first."""
        return self.error.startswith(PAID_BY_ANOTHER_BILL)


_INTENT_COLUMNS = ("id, idempotency_key, patient_id, charges_json, debt_ids_json, setl_id, total_fen, fund_fen, "
                   "account_fen, cash_fen, debt_fen, state, method, invoice_number, created_utc, kiosk_id")
_ATTEMPT_COLUMNS = ("out_trade_no, intent_id, kind, amount_fen, state, credited, qr_code, trade_no, error, "
                    "deadline_utc, created_utc, kiosk_id")


def charges_json(charges: list[Charge]) -> str:
    return json.dumps([{"id": c.id, "patient_id": c.patient_id, "item_class": c.item_class.value,
                        "description_zh": c.description_zh, "description_en": c.description_en,
                        "amount_fen": c.amount_fen, "category": c.insurance_category.value} for c in charges],
                      ensure_ascii=False)


def charges_from_json(text: str) -> tuple[Charge, ...]:
    return tuple(Charge(c["id"], c["patient_id"], ItemClass(c["item_class"]), c["description_zh"], c["description_en"],
                        c["amount_fen"], InsuranceCategory(c["category"]), ChargeStatus.UNPAID)
                 for c in json.loads(text))


def add_intent(db: Database, intent_id: str, kiosk_id: str, key: str, patient_id: str, charges: str, debt_ids: str,
               cash_fen: Fen, debt_fen: Fen, state: IntentState, now: datetime) -> None:
    """Write a new intent unless a live one (not abandoned) has this idempotency key: one atomic insert,
    so two kiosks opening the same bill at the same moment get the same intent."""
    db.execute("INSERT INTO payment_intents (id, kiosk_id, idempotency_key, patient_id, charges_json, debt_ids_json, "
               "total_fen, fund_fen, account_fen, cash_fen, debt_fen, state, created_utc, updated_utc) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (idempotency_key) WHERE state != 'abandoned' DO NOTHING",
               (intent_id, kiosk_id, key, patient_id, charges, debt_ids, cash_fen, 0, 0, cash_fen, debt_fen, state.value,
                to_utc_text(now), to_utc_text(now)))


def intent_by_id(db: Database, intent_id: str) -> PaymentIntent:
    row = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE id = ?", (intent_id,)).fetchone()
    if row is None:
        raise KeyError(f"no payment intent {intent_id}")
    return _intent(row)


def live_intent_by_key(db: Database, key: str) -> PaymentIntent | None:
    row = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE idempotency_key = ? AND state != 'abandoned'",
                     (key,)).fetchone()
    return _intent(row) if row else None


def open_bills_of(db: Database, patient_id: str) -> list[PaymentIntent]:
    """The patient's bills still open to pay, at any kiosk (bills only: a deposit is not one)."""
    rows = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE patient_id = ? AND state = ? "
                      "ORDER BY created_utc", (patient_id, IntentState.OPEN.value)).fetchall()
    return [intent for intent in map(_intent, rows) if intent.idempotency_key.startswith(BILL_KEY)]


def intents_in(db: Database, kiosk_id: str, *states: IntentState) -> list[PaymentIntent]:
    """The intents of one kiosk in these states, oldest first."""
    marks = ", ".join("?" for _ in states)
    rows = db.execute(f"SELECT {_INTENT_COLUMNS} FROM payment_intents WHERE kiosk_id = ? AND state IN ({marks}) "
                      "ORDER BY created_utc", (kiosk_id, *(s.value for s in states))).fetchall()
    return [_intent(row) for row in rows]


def lock_intent(db: Database, intent_id: str) -> None:
    """Inside a write transaction: hold the bill until it ends, against every kiosk sharing the database."""
    lock(db, f"payment:{intent_id}")


def claim_intent(db: Database, intent_id: str, kiosk_id: str, now: datetime) -> PaymentIntent:
    """Inside a write transaction: ``kiosk_id`` handles this unpaid bill from now on (its recovery
    pre-settles, settles or gives it up). Refused while another kiosk's order for it is still open."""
    lock_intent(db, intent_id)
    intent = intent_by_id(db, intent_id)
    if intent.kiosk_id == kiosk_id or intent.state not in (IntentState.PRESETTLING, IntentState.OPEN):
        return intent
    busy = db.execute("SELECT kiosk_id, deadline_utc FROM payment_attempts WHERE intent_id = ? AND kiosk_id != ? "
                      f"AND state IN ({', '.join('?' for _ in OPEN_ATTEMPT_STATES)}) AND deadline_utc > ? "
                      "ORDER BY deadline_utc DESC", (intent_id, kiosk_id, *OPEN_ATTEMPT_STATES, to_utc_text(now))
                      ).fetchone()
    if busy is not None:
        raise BillInUseElsewhere(busy[0], f"{to_local(from_utc_text(busy[1])):%H:%M}")
    update(db, "payment_intents", "id", intent_id, now, kiosk_id=kiosk_id)
    return intent_by_id(db, intent_id)


def locked_attempt(db: Database, out_trade_no: str) -> PaymentAttempt | None:
    """Inside a write transaction: the attempt, read again after locking its bill (``lock_intent``)."""
    attempt = attempt_by_no(db, out_trade_no)
    if attempt is None:
        return None
    lock_intent(db, attempt.intent_id)
    return attempt_by_no(db, out_trade_no)


def attempt_by_no(db: Database, out_trade_no: str) -> PaymentAttempt | None:
    row = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM payment_attempts WHERE out_trade_no = ?",
                     (out_trade_no,)).fetchone()
    return _attempt(row) if row else None


def attempts_of(db: Database, intent_id: str) -> list[PaymentAttempt]:
    rows = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM payment_attempts WHERE intent_id = ? ORDER BY created_utc",
                      (intent_id,)).fetchall()
    return [_attempt(row) for row in rows]


def attempts_in(db: Database, kiosk_id: str, *states: AttemptState) -> list[PaymentAttempt]:
    """The attempts one kiosk created that are in these states, oldest first."""
    marks = ", ".join("?" for _ in states)
    rows = db.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM payment_attempts WHERE kiosk_id = ? AND state IN ({marks}) "
                      "ORDER BY created_utc", (kiosk_id, *(s.value for s in states))).fetchall()
    return [_attempt(row) for row in rows]


def add_attempt(db: Database, out_trade_no: str, intent_id: str, kiosk_id: str, kind: str, amount_fen: Fen,
                deadline: datetime, now: datetime) -> None:
    """Write a new attempt as ``creating``: before the gateway call that could create its order."""
    db.execute("INSERT INTO payment_attempts (out_trade_no, intent_id, kiosk_id, kind, amount_fen, state, "
               "credited, deadline_utc, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
               (out_trade_no, intent_id, kiosk_id, kind, amount_fen, AttemptState.CREATING.value,
                to_utc_text(deadline), to_utc_text(now), to_utc_text(now)))


def update(db: Database, table: str, key_column: str, key: str, now: datetime, *,
           only_if: tuple[enum.Enum | str, ...] = (), **values: object) -> bool:
    """Set ``values`` on one row; with ``only_if``, only while its state is one of those (one atomic
    statement, so two kiosks cannot both move it). True when the row changed."""
    values["updated_utc"] = to_utc_text(now)
    assignments = ", ".join(f"{name} = ?" for name in values)
    condition = f" AND state IN ({', '.join('?' for _ in only_if)})" if only_if else ""
    cursor = db.execute(f"UPDATE {table} SET {assignments} WHERE {key_column} = ?{condition}",
                        tuple(v.value if isinstance(v, enum.Enum) else v for v in values.values()) + (key,)
                        + tuple(state.value if isinstance(state, enum.Enum) else state for state in only_if))
    return cursor.rowcount == 1


def book(db: Database, kind: str, ref: str, intent_id: str, amount_fen: Fen, now: datetime,
         out_trade_no: str = "") -> bool:
    """One money movement in the ledger; False when this (kind, ref) was booked before."""
    cursor = db.execute(
        "INSERT INTO payment_ledger (kind, ref, intent_id, out_trade_no, amount_fen, at_utc) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref) DO NOTHING", (kind, ref, intent_id, out_trade_no, amount_fen, to_utc_text(now)))
    return cursor.rowcount == 1


def _bill_items(intent: PaymentIntent) -> list[str]:
    """What a bill pays for, by name: its charges and the earlier pay-later debts it repays (sorted, so two
    kiosks claiming overlapping bills take the rows in the same order and never deadlock)."""
    return sorted([f"charge:{charge.id}" for charge in intent.charges] + [f"debt:{debt}" for debt in intent.debt_ids])


def claim_bill_items(db: Database, intent: PaymentIntent, now: datetime) -> str | None:
    """Inside the transaction that takes the bill's money (or puts it on credit): make its items this bill's.

    Returns None when every item is now this bill's (also when it already was), or the id of another bill
    that already paid one of them, in which case this bill claims nothing. Atomic across kiosks: on
    PostgreSQL a second claim of an item waits for the first transaction and then sees its row."""
    items = _bill_items(intent)
    if not items:
        return None
    db.execute(f"INSERT INTO bill_items_paid (item, intent_id, claimed_utc) VALUES {', '.join('(?, ?, ?)' for _ in items)} "
               "ON CONFLICT (item) DO NOTHING", tuple(v for item in items for v in (item, intent.id, to_utc_text(now))))
    paid_by = bill_paying_items_of(db, intent)
    if paid_by is not None:
        release_bill_items(db, intent.id)
    return paid_by


def release_bill_items(db: Database, intent_id: str) -> None:
    """Inside a write transaction: the bill's money went back in full; its charges and debts are owed again."""
    db.execute("DELETE FROM bill_items_paid WHERE intent_id = ?", (intent_id,))


def bill_paying_items_of(db: Database, intent: PaymentIntent) -> str | None:
    """Another bill that already paid one of this bill's charges or debts, or None."""
    items = _bill_items(intent)
    if not items:
        return None
    row = db.execute(f"SELECT intent_id FROM bill_items_paid WHERE item IN ({', '.join('?' for _ in items)}) "
                     "AND intent_id != ? ORDER BY claimed_utc LIMIT 1", (*items, intent.id)).fetchone()
    return row[0] if row else None


def is_received(db: Database, out_trade_no: str) -> bool:
    """True when money for this order was booked in (``gateway_in``)."""
    return db.execute("SELECT 1 FROM payment_ledger WHERE kind = 'gateway_in' AND ref = ?",
                      (out_trade_no,)).fetchone() is not None


def received_fen(db: Database, out_trade_no: str) -> Fen | None:
    """The money booked in for this order, None when none was."""
    row = db.execute("SELECT amount_fen FROM payment_ledger WHERE kind = 'gateway_in' AND ref = ?",
                     (out_trade_no,)).fetchone()
    return row[0] if row else None


def notification_acted_on(db: Database, notify_id: str) -> bool:
    return db.execute("SELECT 1 FROM payment_notifications WHERE notify_id = ?", (notify_id,)).fetchone() is not None


def remember_notification(db: Database, notify_id: str, out_trade_no: str, trade_status: str, outcome: str,
                          now: datetime) -> None:
    """The notification was acted on: a repeat of it is a duplicate from now on."""
    db.execute("INSERT INTO payment_notifications (notify_id, out_trade_no, trade_status, outcome, "
               "received_utc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (notify_id) DO NOTHING",
               (notify_id, out_trade_no, trade_status, outcome, to_utc_text(now)))


def _intent(row: tuple) -> PaymentIntent:
    (intent_id, key, patient_id, charges, debts, setl_id, total, fund, account, cash, debt, state, method, invoice,
     created, kiosk_id) = row
    return PaymentIntent(intent_id, key, patient_id, charges_from_json(charges), tuple(json.loads(debts)), setl_id, total, fund,
                         account, cash, debt, IntentState(state), method, invoice, from_utc_text(created), kiosk_id)


def _attempt(row: tuple) -> PaymentAttempt:
    (out_trade_no, intent_id, kind, amount, state, credited, qr_code, trade_no, error, deadline, created, kiosk_id) = row
    return PaymentAttempt(out_trade_no, intent_id, kind, amount, AttemptState(state), bool(credited), qr_code,
                          trade_no, error, from_utc_text(deadline), from_utc_text(created), kiosk_id)
