"""The demo hospital's bill and patient files: posting, settling and reopening charges, overdue debt,
new patient files. Each call is one write transaction and idempotent (see ``HisPort``)."""
from __future__ import annotations


from kiosk.his.port import ChargeStatus, HisError, NewCharge, OverdueHisDebt, PatientNotFound
from kiosk.storage import Database, write_transaction



def post_charge(db: Database, charge: NewCharge) -> None:
    with write_transaction(db) as tx:
        if tx.execute("SELECT 1 FROM patients WHERE id = ?", (charge.patient_id,)).fetchone() is None:
            raise PatientNotFound(f"no patient with id {charge.patient_id}")
        # Insert first, then look: a retry racing the first post (another kiosk) cannot slip in between.
        tx.execute(
            "INSERT INTO charges (id, patient_id, service_day, item_class, description_zh, description_en, "
            "amount_fen, insurance_category, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (charge.id, charge.patient_id, charge.service_day.isoformat(), charge.item_class.value,
             charge.description_zh, charge.description_en, charge.amount_fen, charge.insurance_category.value,
             ChargeStatus.UNPAID.value))
        owner = tx.execute("SELECT patient_id FROM charges WHERE id = ?", (charge.id,)).fetchone()[0]
        if owner != charge.patient_id:
            raise HisError(f"charge {charge.id} already belongs to another patient")


def mark_charges(db: Database, charge_ids: list[str], status: ChargeStatus) -> int:
    if not charge_ids:
        return 0
    marks = ", ".join("?" for _ in charge_ids)
    with write_transaction(db) as tx:
        cursor = tx.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status IN ('unpaid', 'pay_later')"
                            " AND status != ?", (status.value, *charge_ids, status.value))
        return cursor.rowcount


def reopen_charges(db: Database, charge_ids: list[str], status: ChargeStatus) -> int:
    if not charge_ids or status not in (ChargeStatus.UNPAID, ChargeStatus.PAY_LATER):
        return 0
    marks = ", ".join("?" for _ in charge_ids)
    with write_transaction(db) as tx:
        cursor = tx.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status = 'paid'",
                            (status.value, *charge_ids))
        return cursor.rowcount


def overdue_debts(db: Database) -> list[OverdueHisDebt]:
    rows = db.execute("SELECT id, overdue_debt_fen FROM patients WHERE overdue_debt_fen > 0 ORDER BY id").fetchall()
    return [OverdueHisDebt(patient_id, amount) for patient_id, amount in rows]

