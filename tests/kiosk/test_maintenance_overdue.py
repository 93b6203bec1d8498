"""Overdue pay-later accounts for finance: masked names and ID numbers, amount, due day and days overdue
from CreditDesk.overdue(); finance only; looking is audited with counts, never names."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from kiosk.maintenance.demo_staff import DEMO_PIN
from kiosk.maintenance.overdue_view import overdue_accounts
from kiosk.maintenance.staff_session import PermissionDenied


def _pay_later(services, patient_id, pin="246801"):
    payments = services.payments
    intent = payments.service.open_bill(patient_id)
    payments.credit.set_pin_and_pay_later(intent.id, pin, pin)
    row = services.db.execute("SELECT due_day, amount_fen FROM credit_debts WHERE patient_id = ?",
                              (patient_id,)).fetchone()
    return date.fromisoformat(row[0]), row[1]


def test_finance_sees_masked_overdue_accounts_longest_first(services):
    session = services.maintenance.session
    assert session.sign_in("2001", DEMO_PIN).ok
    due, amount = _pay_later(services, "DEMO-003")
    today = due + timedelta(days=5)
    accounts = overdue_accounts(services.payments, services.his, session, services.audit, today)
    kiosk_debt, = [a for a in accounts if a.due_day is not None]
    assert (kiosk_debt.masked_name, kiosk_debt.amount_fen, kiosk_debt.days_overdue) == ("王*强", amount, 5)
    assert kiosk_debt.masked_id_number.startswith("3101") and "*" in kiosk_debt.masked_id_number
    his_debt, = [a for a in accounts if a.patient_id == "DEMO-004"]
    assert (his_debt.masked_name, his_debt.amount_fen, his_debt.due_day, his_debt.days_overdue) == (
        "陈*玲", 12800, None, None)
    assert accounts[0] is kiosk_debt  # dated debts first, the longest overdue at the top
    undated = [a.amount_fen for a in accounts if a.due_day is None]
    assert undated == sorted(undated, reverse=True)  # the hospital's older debts: the largest first
    entry, = services.audit.entries(action="maintenance.overdue_viewed")
    assert entry.actor == "staff:2001"
    assert entry.detail == {"accounts": len(accounts), "total_fen": sum(a.amount_fen for a in accounts)}
    assert "王" not in json.dumps(entry.detail, ensure_ascii=False)


def test_not_yet_due_is_not_overdue(services):
    session = services.maintenance.session
    assert session.sign_in("2001", DEMO_PIN).ok
    due, _ = _pay_later(services, "DEMO-003")
    accounts = overdue_accounts(services.payments, services.his, session, services.audit, due)
    assert "DEMO-003" not in {a.patient_id for a in accounts} and all(a.due_day is None for a in accounts)


def test_technicians_may_not_look(services):
    session = services.maintenance.session
    assert session.sign_in("1001", DEMO_PIN).ok
    with pytest.raises(PermissionDenied):
        overdue_accounts(services.payments, services.his, session, services.audit)
    assert services.audit.entries(action="maintenance.overdue_viewed") == []
