"""The demo hospital's bill: charges and their status, and the demo e-invoice platform's invoices and
red (reversing) invoices.

Every write runs inside the caller's ``write_transaction`` (an invoice's under its ``lock``); nothing
here reads the clock or calls the outside.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.his.port import Charge, ChargeStatus, InsuranceCategory, ItemClass, NewCharge
from kiosk.money import Fen
from kiosk.printing.invoice import InvoiceLine
from kiosk.storage import Database

_CHARGE_COLUMNS = "id, patient_id, item_class, description_zh, description_en, amount_fen, insurance_category, status"


@dataclass(frozen=True)
class ChargeOnFile:
    """A charge with its service day, as the FHIR loader publishes it."""

    charge: NewCharge
    status: ChargeStatus


@dataclass(frozen=True)
class StoredInvoice:
    number: str
    check_code: str
    verification_url: str
    fund_fen: Fen
    account_fen: Fen
    self_pay_fen: Fen
    lines: tuple[InvoiceLine, ...]
    issued_at: datetime
    patient_id: str


@dataclass(frozen=True)
class InvoicePaid:
    """The part of an invoice a reversal needs: its number and what the patient paid."""

    number: str
    self_pay_fen: Fen


@dataclass(frozen=True)
class IssuedInvoice:
    number: str
    intent_id: str
    self_pay_fen: Fen
    issued_at: datetime


# Charges

def charge_by_id(db: Database, charge_id: str) -> Charge | None:
    row = db.execute(f"SELECT {_CHARGE_COLUMNS} FROM charges WHERE id = ?", (charge_id,)).fetchone()
    return _charge(row) if row else None


def unpaid_charges(db: Database, patient_id: str) -> list[Charge]:
    rows = db.execute(f"SELECT {_CHARGE_COLUMNS} FROM charges WHERE patient_id = ? AND status = ? ORDER BY id",
                      (patient_id, ChargeStatus.UNPAID.value)).fetchall()
    return [_charge(row) for row in rows]


def charges_on_file(db: Database) -> list[ChargeOnFile]:
    rows = db.execute("SELECT id, patient_id, service_day, item_class, description_zh, description_en, amount_fen, "
                      "insurance_category, status FROM charges ORDER BY id").fetchall()
    return [ChargeOnFile(NewCharge(cid, pid, date.fromisoformat(day), ItemClass(item_class), zh, en, fen,
                                   InsuranceCategory(category)), ChargeStatus(status))
            for cid, pid, day, item_class, zh, en, fen, category, status in rows]


def add_charge_once(db: Database, charge: NewCharge) -> None:
    """An unpaid charge; nothing when its id is already on file (whoever it belongs to: see ``charge_owner``)."""
    db.execute(
        "INSERT INTO charges (id, patient_id, service_day, item_class, description_zh, description_en, "
        "amount_fen, insurance_category, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (charge.id, charge.patient_id, charge.service_day.isoformat(), charge.item_class.value,
         charge.description_zh, charge.description_en, charge.amount_fen, charge.insurance_category.value,
         ChargeStatus.UNPAID.value))


def add_charge(db: Database, charge: NewCharge, status: ChargeStatus) -> None:
    db["charges"].insert({
        "id": charge.id, "patient_id": charge.patient_id, "service_day": charge.service_day.isoformat(),
        "item_class": charge.item_class.value, "description_zh": charge.description_zh,
        "description_en": charge.description_en, "amount_fen": charge.amount_fen,
        "insurance_category": charge.insurance_category.value, "status": status.value,
    })


def add_charges(db: Database, rows: Iterable[dict]) -> None:
    db["charges"].insert_all(rows)


def charge_owner(db: Database, charge_id: str) -> str:
    """The patient a charge on file belongs to."""
    return db.execute("SELECT patient_id FROM charges WHERE id = ?", (charge_id,)).fetchone()[0]


def mark_open_charges(db: Database, charge_ids: list[str], status: ChargeStatus) -> int:
    """Unpaid or pay-later charges among ``charge_ids`` not yet in ``status`` take it; returns how many did."""
    marks = ", ".join("?" for _ in charge_ids)
    cursor = db.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status IN ('unpaid', 'pay_later')"
                        " AND status != ?", (status.value, *charge_ids, status.value))
    return cursor.rowcount


def reopen_paid_charges(db: Database, charge_ids: list[str], status: ChargeStatus) -> int:
    """Paid charges among ``charge_ids`` go back to ``status``; returns how many did."""
    marks = ", ".join("?" for _ in charge_ids)
    cursor = db.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status = 'paid'",
                        (status.value, *charge_ids))
    return cursor.rowcount


def void_unpaid_charges_before(db: Database, day: date, except_item_class: ItemClass) -> None:
    db.execute("UPDATE charges SET status = 'voided' WHERE status = 'unpaid' AND service_day < ? AND item_class != ?",
               (day.isoformat(), except_item_class.value))


# E-invoices

def invoice_exists(db: Database, intent_id: str) -> bool:
    return db.execute("SELECT 1 FROM e_invoices WHERE intent_id = ?", (intent_id,)).fetchone() is not None


def add_invoice(db: Database, *, number: str, intent_id: str, patient_id: str, setl_id: str, check_code: str,
                verification_url: str, total_fen: Fen, fund_fen: Fen, account_fen: Fen, self_pay_fen: Fen,
                lines: list[InvoiceLine], issued_at: datetime) -> None:
    db["e_invoices"].insert({
        "invoice_number": number, "intent_id": intent_id, "patient_id": patient_id, "setl_id": setl_id,
        "check_code": check_code, "verification_url": verification_url, "total_fen": total_fen,
        "fund_fen": fund_fen, "account_fen": account_fen, "self_pay_fen": self_pay_fen,
        "lines_json": json.dumps([{"item_class": line.item_class.value, "zh": line.description_zh,
                                   "en": line.description_en, "amount_fen": line.amount_fen} for line in lines],
                                 ensure_ascii=False),
        "issued_utc": to_utc_text(issued_at),
    })


def invoice_of(db: Database, intent_id: str) -> StoredInvoice | None:
    row = db.execute(
        "SELECT invoice_number, check_code, verification_url, fund_fen, account_fen, self_pay_fen, lines_json, "
        "issued_utc, patient_id FROM e_invoices WHERE intent_id = ?", (intent_id,)).fetchone()
    if row is None:
        return None
    number, check_code, url, fund, account, self_pay, lines_json, issued, patient_id = row
    lines = tuple(InvoiceLine(ItemClass(line["item_class"]), line["zh"], line["en"], line["amount_fen"])
                  for line in json.loads(lines_json))
    return StoredInvoice(number, check_code, url, fund, account, self_pay, lines, from_utc_text(issued), patient_id)


def invoice_paid(db: Database, intent_id: str) -> InvoicePaid | None:
    row = db.execute("SELECT invoice_number, self_pay_fen FROM e_invoices WHERE intent_id = ?",
                     (intent_id,)).fetchone()
    return InvoicePaid(*row) if row else None


def invoices_by_issue_time(db: Database) -> list[IssuedInvoice]:
    rows = db.execute("SELECT invoice_number, intent_id, self_pay_fen, issued_utc FROM e_invoices "
                      "ORDER BY issued_utc").fetchall()
    return [IssuedInvoice(number, intent, fen, from_utc_text(issued)) for number, intent, fen, issued in rows]


def red_invoice_number(db: Database, intent_id: str) -> str | None:
    row = db.execute("SELECT r.red_invoice_number FROM e_invoices e JOIN e_invoice_reversals r "
                     "ON r.invoice_number = e.invoice_number WHERE e.intent_id = ?", (intent_id,)).fetchone()
    return row[0] if row else None


def add_red_invoice(db: Database, red_number: str, invoice_number: str, intent_id: str, refund_request_no: str,
                    self_pay_fen: Fen, issued_at: datetime) -> None:
    """``self_pay_fen`` as it is to be recorded (a red invoice's amount is negative)."""
    db.execute("INSERT INTO e_invoice_reversals (red_invoice_number, invoice_number, intent_id, "
               "refund_request_no, self_pay_fen, issued_utc) VALUES (?, ?, ?, ?, ?, ?)",
               (red_number, invoice_number, intent_id, refund_request_no, self_pay_fen, to_utc_text(issued_at)))


def _charge(row: tuple) -> Charge:
    charge_id, patient_id, item_class, zh, en, amount_fen, category, status = row
    return Charge(charge_id, patient_id, ItemClass(item_class), zh, en, amount_fen,
                  InsuranceCategory(category), ChargeStatus(status))
