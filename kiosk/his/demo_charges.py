"""The demo hospital's bill and patient files: posting, settling and reopening charges, overdue debt,
new patient files. Each call is one write transaction and idempotent (see ``HisPort``)."""
from __future__ import annotations

import sqlite_utils

from kiosk.his.id_numbers import normalise_id_number
from kiosk.his.port import (ChargeStatus, HisError, InsuranceType, NewCharge, NewPatientFile, OverdueHisDebt,
                            PatientNotFound)
from kiosk.storage import write_transaction

NEW_FILE_CREDIT_SCORE = 0  # a new file has no credit history


def post_charge(db: sqlite_utils.Database, charge: NewCharge) -> None:
    with write_transaction(db) as tx:
        if tx.execute("SELECT 1 FROM patients WHERE id = ?", (charge.patient_id,)).fetchone() is None:
            raise PatientNotFound(f"no patient with id {charge.patient_id}")
        earlier = tx.execute("SELECT patient_id FROM charges WHERE id = ?", (charge.id,)).fetchone()
        if earlier is not None and earlier[0] != charge.patient_id:
            raise HisError(f"charge {charge.id} already belongs to another patient")
        tx.execute(
            "INSERT OR IGNORE INTO charges (id, patient_id, service_day, item_class, description_zh, description_en, "
            "amount_fen, insurance_category, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (charge.id, charge.patient_id, charge.service_day.isoformat(), charge.item_class.value,
             charge.description_zh, charge.description_en, charge.amount_fen, charge.insurance_category.value,
             ChargeStatus.UNPAID.value))


def mark_charges(db: sqlite_utils.Database, charge_ids: list[str], status: ChargeStatus) -> int:
    if not charge_ids:
        return 0
    marks = ", ".join("?" for _ in charge_ids)
    with write_transaction(db) as tx:
        cursor = tx.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status IN ('unpaid', 'pay_later')"
                            " AND status != ?", (status.value, *charge_ids, status.value))
        return cursor.rowcount


def reopen_charges(db: sqlite_utils.Database, charge_ids: list[str], status: ChargeStatus) -> int:
    if not charge_ids or status not in (ChargeStatus.UNPAID, ChargeStatus.PAY_LATER):
        return 0
    marks = ", ".join("?" for _ in charge_ids)
    with write_transaction(db) as tx:
        cursor = tx.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status = 'paid'",
                            (status.value, *charge_ids))
        return cursor.rowcount


def overdue_debts(db: sqlite_utils.Database) -> list[OverdueHisDebt]:
    rows = db.execute("SELECT id, overdue_debt_fen FROM patients WHERE overdue_debt_fen > 0 ORDER BY id").fetchall()
    return [OverdueHisDebt(patient_id, amount) for patient_id, amount in rows]


def create_patient(db: sqlite_utils.Database, new: NewPatientFile) -> str:
    """The patient id: a new self-pay ``NEW-000001``-style file, or the existing one with this ID number."""
    id_number = normalise_id_number(new.id_number)
    with write_transaction(db) as tx:
        existing = tx.execute("SELECT id FROM patients WHERE id_number = ?", (id_number,)).fetchone()
        if existing is not None:
            return existing[0]
        number = 1 + tx.execute("SELECT count(*) FROM patients WHERE id LIKE 'NEW-%'").fetchone()[0]
        patient_id = f"NEW-{number:06d}"
        tx["patients"].insert({
            "id": patient_id, "name": new.name, "id_number": id_number, "phone": new.phone,
            "birth_date": new.birth_date.isoformat(), "sex": new.sex.value,
            "insurance_type": InsuranceType.SELF_PAY.value, "credit_score": NEW_FILE_CREDIT_SCORE, "overdue_debt_fen": 0})
        return patient_id
