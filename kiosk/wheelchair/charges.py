"""A rental fee becomes one unpaid ``wheelchair`` charge on the patient's visit bill.

The embedded demo HIS keeps charges in the kiosk's own ``charges`` table, so the charge is written
in the same transaction as the rental's end; the payment journey settles it with the other charges.
Its id is derived from the rental (``WC-<rental id>``): a second attempt can never post it twice.
"""
from __future__ import annotations

from datetime import date

import sqlite_utils

from kiosk.his.port import ChargeStatus, InsuranceCategory, ItemClass
from kiosk.wheelchair.pricing import RentalFee


def charge_id_for(rental_id: str) -> str:
    return f"WC-{rental_id}"


def post_wheelchair_charge(db: sqlite_utils.Database, rental, fee: RentalFee, service_day: date) -> str:
    """Insert the charge (call inside the caller's write transaction); returns its id."""
    hours, minutes = divmod(int(fee.duration.total_seconds()) // 60, 60)
    charge_id = charge_id_for(rental.id)
    db.execute(
        "INSERT OR IGNORE INTO charges (id, patient_id, service_day, item_class, description_zh, description_en, "
        "amount_fen, insurance_category, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (charge_id, rental.patient_id, service_day.isoformat(), ItemClass.WHEELCHAIR.value,
         f"轮椅租用 {rental.chair_id}（{hours}小时{minutes}分）",
         f"Wheelchair rental {rental.chair_id} ({hours} h {minutes} min)",
         fee.total_fen, InsuranceCategory.C.value, ChargeStatus.UNPAID.value))
    return charge_id
