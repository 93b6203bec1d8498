"""Pay-later debts (``credit_debts``) and credit PINs (``credit_pins``): their reads and writes.

Every write here runs inside the caller's ``write_transaction``; the decisions (eligibility, the
PIN count and lockout) stay in ``kiosk.payment.credit`` and ``kiosk.payment.credit_pin``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.money import Fen
from kiosk.his.port import Charge
from kiosk.payment.store import PaymentIntent, charges_from_json
from kiosk.storage import Database, lock


@dataclass(frozen=True)
class Debt:
    id: str
    amount_fen: Fen


@dataclass(frozen=True)
class DueDebt:
    amount_fen: Fen
    due_day: date


@dataclass(frozen=True)
class OverdueDebt:
    patient_id: str
    amount_fen: Fen
    due_day: date | None  # None: overdue in the HIS (from before the kiosk)
    debt_id: str = ""


@dataclass(frozen=True)
class DebtOfBill:
    """A debt together with the charges of the bill it was written for."""
    id: str
    amount_fen: Fen
    charges: tuple[Charge, ...]


@dataclass(frozen=True)
class RepaidDebt:
    """A debt a payment repaid, with the charges of the bill it was written for."""
    id: str
    charges: tuple[Charge, ...]


@dataclass(frozen=True)
class StoredPin:
    salt: bytes
    pin_hash: bytes
    locked_until: datetime | None


# Debts ------------------------------------------------------------------------------------------------

def add_debt(db: Database, debt_id: str, intent: PaymentIntent, amount_fen: Fen, due_day: date,
             now: datetime) -> None:
    db.execute("INSERT INTO credit_debts (id, patient_id, intent_id, amount_fen, due_day, state, created_utc, "
               "updated_utc) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
               (debt_id, intent.patient_id, intent.id, amount_fen, due_day.isoformat(),
                to_utc_text(now), to_utc_text(now)))


def open_debts_by_id(db: Database, patient_id: str) -> list[Debt]:
    """The patient's open debts, by id: the ones a new bill includes."""
    return [Debt(debt_id, amount) for debt_id, amount in db.execute(
        "SELECT id, amount_fen FROM credit_debts WHERE patient_id = ? AND state = 'open' ORDER BY id",
        (patient_id,)).fetchall()]


def open_debts(db: Database, patient_id: str) -> list[DueDebt]:
    """The patient's open debts, in no particular order (for the sum and the overdue check)."""
    rows = db.execute("SELECT amount_fen, due_day FROM credit_debts WHERE patient_id = ? AND "
                      "state = 'open'", (patient_id,)).fetchall()
    return [DueDebt(amount, date.fromisoformat(due)) for amount, due in rows]


def overdue_debts(db: Database, today: date) -> list[OverdueDebt]:
    """Every open debt due before ``today``, oldest first."""
    rows = db.execute(
        "SELECT patient_id, amount_fen, due_day, id FROM credit_debts WHERE state = 'open' AND due_day < ? "
        "ORDER BY due_day, id", (today.isoformat(),)).fetchall()
    return [OverdueDebt(patient, amount, date.fromisoformat(due), debt_id) for patient, amount, due, debt_id in rows]


def open_debts_among(db: Database, debt_ids: tuple[str, ...]) -> list[DebtOfBill]:
    """Those of ``debt_ids`` still open, with the charges of the bills they were written for."""
    marks = ", ".join("?" for _ in debt_ids)
    rows = db.execute(f"SELECT d.id, d.amount_fen, p.charges_json FROM credit_debts d JOIN payment_intents p "
                      f"ON p.id = d.intent_id WHERE d.id IN ({marks}) AND d.state = 'open'", debt_ids).fetchall()
    return [DebtOfBill(debt_id, amount, charges_from_json(text)) for debt_id, amount, text in rows]


def debts_repaid_by(db: Database, intent_id: str) -> list[RepaidDebt]:
    """The debts this bill's payment repaid, with the charges of the bills they were written for."""
    rows = db.execute("SELECT d.id, p.charges_json FROM credit_debts d JOIN payment_intents p ON p.id = d.intent_id "
                      "WHERE d.repaid_by_intent = ? AND d.state = 'repaid'", (intent_id,)).fetchall()
    return [RepaidDebt(debt_id, charges_from_json(text)) for debt_id, text in rows]


# Credit PINs -------------------------------------------------------------------------------------------

def pin_locked_until(db: Database, patient_id: str) -> tuple[bool, datetime | None]:
    """(is a PIN set, until when pay-later is locked — possibly in the past — or None)."""
    row = db.execute("SELECT locked_until_utc FROM credit_pins WHERE patient_id = ?", (patient_id,)).fetchone()
    if row is None:
        return False, None
    return True, from_utc_text(row[0]) if row[0] else None


def add_pin(db: Database, patient_id: str, salt: bytes, pin_hash: bytes, now: datetime) -> bool:
    """Store a first PIN; False when the patient has one already."""
    now_text = to_utc_text(now)
    return db.execute("INSERT INTO credit_pins (patient_id, salt, pin_hash, failed_count, "
                      "created_utc, updated_utc) VALUES (?, ?, ?, 0, ?, ?) "
                      "ON CONFLICT (patient_id) DO NOTHING",
                      (patient_id, salt, pin_hash, now_text, now_text)).rowcount == 1


def stored_pin(db: Database, patient_id: str) -> StoredPin | None:
    row = db.execute("SELECT salt, pin_hash, locked_until_utc FROM credit_pins WHERE patient_id = ?",
                     (patient_id,)).fetchone()
    if row is None:
        return None
    salt, pin_hash, locked_text = row
    return StoredPin(salt, pin_hash, from_utc_text(locked_text) if locked_text else None)


def lock_pin(db: Database, patient_id: str) -> None:
    """Inside a write transaction: hold the patient's PIN count until it ends (two kiosks take turns)."""
    lock(db, f"credit-pin:{patient_id}")


def pin_failures(db: Database, patient_id: str) -> tuple[int, datetime | None]:
    """(wrong PINs in a row, locked until) — read under ``lock_pin``."""
    failed, locked_text = db.execute("SELECT failed_count, locked_until_utc FROM credit_pins "
                                     "WHERE patient_id = ?", (patient_id,)).fetchone()
    return failed, from_utc_text(locked_text) if locked_text else None


def reset_pin_failures(db: Database, patient_id: str, now: datetime) -> None:
    db.execute("UPDATE credit_pins SET failed_count = 0, locked_until_utc = NULL, updated_utc = ? "
               "WHERE patient_id = ?", (to_utc_text(now), patient_id))


def set_pin_failures(db: Database, patient_id: str, failed: int, locked_until: datetime | None,
                     now: datetime) -> None:
    db.execute("UPDATE credit_pins SET failed_count = ?, locked_until_utc = ?, updated_utc = ? "
               "WHERE patient_id = ?",
               (failed, to_utc_text(locked_until) if locked_until else None, to_utc_text(now), patient_id))
