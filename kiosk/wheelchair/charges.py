"""A rental fee becomes one unpaid ``wheelchair`` charge on the patient's visit bill, through the HIS port.

Its id is derived from the rental (``WC-<rental id>``), and ``HisPort.post_charge`` is idempotent by
id: a second attempt (a retry after a crash or an outage) can never post it twice.
"""
from __future__ import annotations

from datetime import date

from kiosk.his.port import HisPort, InsuranceCategory, ItemClass, NewCharge
from kiosk.wheelchair.pricing import RentalFee


def charge_id_for(rental_id: str) -> str:
    return f"WC-{rental_id}"


def post_wheelchair_charge(his: HisPort, rental, fee: RentalFee, service_day: date) -> str:
    """Post the fee to the hospital system (before the return is written); returns the charge id."""
    hours, minutes = divmod(int(fee.duration.total_seconds()) // 60, 60)
    charge = his.post_charge(NewCharge(
        charge_id_for(rental.id), rental.patient_id, service_day, ItemClass.WHEELCHAIR,
        f"轮椅租用 {rental.chair_id}（{hours}小时{minutes}分）",
        f"Wheelchair rental {rental.chair_id} ({hours} h {minutes} min)", fee.total_fen, InsuranceCategory.C))
    return charge.id
