"""Overdue pay-later accounts for finance staff: who owes how much since when, masked for the screen.

Read-only: the list comes from ``CreditDesk.overdue()`` (the kiosk's own pay-later debts past their due
day, and debts the hospital's records already mark overdue), names and ID numbers from the HIS, masked
(张*华, 3301**********1236). Looking at the list needs the ``payments`` permission and is audited
(how many accounts, never who).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.audit import AuditLog
from kiosk.his.masking import mask_id_number, mask_name
from kiosk.his.port import PatientNotFound
from kiosk.maintenance.staff_session import StaffSession
from kiosk.money import Fen


@dataclass(frozen=True)
class OverdueAccount:
    patient_id: str
    masked_name: str
    masked_id_number: str
    amount_fen: Fen
    due_day: date | None  # None: overdue in the hospital's records, from before the kiosk
    days_overdue: int | None


def overdue_accounts(payments, his, session: StaffSession, audit: AuditLog,
                     today: date | None = None) -> list[OverdueAccount]:
    """Blocking (database, HIS): the longest overdue first, then the hospital's older debts by amount."""
    actor = session.require("payments")
    today = today or payments.service.clock.today()  # the kiosk's day in Asia/Shanghai
    accounts = []
    for debt in payments.credit.overdue(today):
        try:
            patient = his.patient(debt.patient_id)
            name, id_number = mask_name(patient.name), mask_id_number(patient.id_number)
        except PatientNotFound:
            name, id_number = "-", "-"
        days = (today - debt.due_day).days if debt.due_day is not None else None
        accounts.append(OverdueAccount(debt.patient_id, name, id_number, debt.amount_fen, debt.due_day, days))
    accounts.sort(key=lambda a: (a.days_overdue is None, -(a.days_overdue or 0), -a.amount_fen, a.patient_id))
    audit.record(actor, "maintenance.overdue_viewed",
                 {"accounts": len(accounts), "total_fen": sum(a.amount_fen for a in accounts)})
    return accounts
