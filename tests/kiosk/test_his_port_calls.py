"""The HIS port calls that replaced direct table access, on the embedded demo hospital (a real SQLite file):
posting a charge, settling and reopening charges, overdue debt, new patient files."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.his.port import (ChargeStatus, HisError, InsuranceCategory, ItemClass, NewCharge, NewPatientFile,
                            PatientNotFound, Sex)


@pytest.fixture
def his(db, clock):
    seed_demo_hospital(db, clock.today())
    return DemoHospital(db, clock)


def wheelchair_fee(patient_id="DEMO-002", amount=600):
    return NewCharge("WC-R1", patient_id, date(2026, 11, 22), ItemClass.WHEELCHAIR, "轮椅租用", "Wheelchair rental",
                     amount, InsuranceCategory.C)


def test_a_posted_charge_is_on_the_bill_once_whatever_the_retries(his):
    first = his.post_charge(wheelchair_fee())
    assert his.post_charge(wheelchair_fee(amount=900)) == first  # the first posting stands
    assert [c.id for c in his.unpaid_charges("DEMO-002")].count("WC-R1") == 1 and first.amount_fen == 600
    with pytest.raises(HisError, match="another patient"):
        his.post_charge(wheelchair_fee(patient_id="DEMO-003"))
    with pytest.raises(PatientNotFound):
        his.post_charge(NewCharge("WC-R2", "NOBODY", date(2026, 11, 22), ItemClass.WHEELCHAIR, "x", "x", 1,
                                  InsuranceCategory.C))


def test_charges_are_settled_once_and_reopened_only_from_paid(his):
    ids = [c.id for c in his.unpaid_charges("DEMO-001")]
    assert his.mark_charges(ids, ChargeStatus.PAID) == 3 and his.mark_charges(ids, ChargeStatus.PAID) == 0
    assert his.unpaid_charges("DEMO-001") == []
    assert his.reopen_charges(ids, ChargeStatus.VOIDED) == 0  # only back to unpaid or pay-later
    assert his.reopen_charges(ids, ChargeStatus.PAY_LATER) == 3 and his.charge(ids[0]).status is ChargeStatus.PAY_LATER
    assert his.mark_charges(ids, ChargeStatus.PAID) == 3  # a pay-later bill repaid


def test_overdue_debt_comes_from_the_hospital_system(his):
    debts = {d.patient_id: d.amount_fen for d in his.overdue_debts()}
    assert debts["DEMO-004"] == 12800 and "DEMO-001" not in debts


def test_a_new_patient_file_is_self_pay_and_opened_once_per_id_number(his):
    new = NewPatientFile("赵丽", Sex.FEMALE, date(1952, 3, 4), "11010119520304002x", "13900000009")
    first = his.create_patient(new)
    assert his.create_patient(new) == first and first.id_number == "11010119520304002X"
    assert (first.insurance_type.value, first.credit_score, first.overdue_debt_fen) == ("self_pay", 0, 0)
    assert his.find_patient_by_id_number("11010119520304002X") == first
    assert "赵丽" not in repr(new)
