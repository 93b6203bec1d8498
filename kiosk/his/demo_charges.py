"""The demo hospital's bill: posting, settling and reopening charges. Each call is one write
transaction and idempotent (see ``HisPort``)."""
from __future__ import annotations

from kiosk.his import demo_billing_store, demo_store
from kiosk.his.port import ChargeStatus, HisError, NewCharge, PatientNotFound
from kiosk.storage import Database, write_transaction


def post_charge(db: Database, charge: NewCharge) -> None:
    with write_transaction(db) as tx:
        if not demo_store.patient_exists(tx, charge.patient_id):
            raise PatientNotFound(f"no patient with id {charge.patient_id}")
        # Insert first, then look: a retry racing the first post (another kiosk) cannot slip in between.
        demo_billing_store.add_charge_once(tx, charge)
        if demo_billing_store.charge_owner(tx, charge.id) != charge.patient_id:
            raise HisError(f"charge {charge.id} already belongs to another patient")


def mark_charges(db: Database, charge_ids: list[str], status: ChargeStatus) -> int:
    if not charge_ids:
        return 0
    with write_transaction(db) as tx:
        return demo_billing_store.mark_open_charges(tx, charge_ids, status)


def reopen_charges(db: Database, charge_ids: list[str], status: ChargeStatus) -> int:
    if not charge_ids or status not in (ChargeStatus.UNPAID, ChargeStatus.PAY_LATER):
        return 0
    with write_transaction(db) as tx:
        return demo_billing_store.reopen_paid_charges(tx, charge_ids, status)
