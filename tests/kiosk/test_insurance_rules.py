"""The embedded insurance rules and platform: the split, the deductible, caps, holds, confirm/reverse."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.clock import FixedClock
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.his.port import Charge, ChargeStatus, InsuranceCategory, InsuranceType, ItemClass
from kiosk.insurance.embedded import EmbeddedInsurance
from kiosk.insurance.port import SettlementReversed, SettlementState
from kiosk.insurance.rules import DEFAULT_POLICIES, AccountStanding, BadCharge, check_charges, split_charges
from kiosk.storage import open_database

EMPLOYEE = DEFAULT_POLICIES[InsuranceType.EMPLOYEE]
RESIDENT = DEFAULT_POLICIES[InsuranceType.RESIDENT]


def charge(item_class: ItemClass, amount: int, category: InsuranceCategory = InsuranceCategory.A, cid: str = "C1"):
    return Charge(cid, "P", item_class, "项目", "item", amount, category, ChargeStatus.UNPAID)


def test_demo_001_split_fund_account_and_cash():
    standing = AccountStanding(deductible_used_fen=30_000, account_balance_fen=2_000)
    items = split_charges(EMPLOYEE, standing, [charge(ItemClass.REGISTRATION, 5000, cid="R"),
                                               charge(ItemClass.EXAMINATION, 2500, cid="E"),
                                               charge(ItemClass.LABORATORY, 2000, cid="L")])
    assert [i.fund_fen for i in items] == [3000, 1750, 1400]
    assert sum(i.account_fen for i in items) == 2000
    assert sum(i.cash_fen for i in items) == 9500 - 6150 - 2000


def test_deductible_is_paid_by_the_patient_first_then_the_fund_ratio_applies():
    items = split_charges(RESIDENT, AccountStanding(deductible_used_fen=8_000), [charge(ItemClass.EXAMINATION, 5000)])
    assert items[0].deductible_fen == 2000
    assert items[0].fund_fen == (5000 - 2000) * 50 // 100
    assert items[0].account_fen == 0  # residents have no personal account


def test_category_b_pays_its_own_share_first_and_c_and_wheelchair_are_self_pay():
    standing = AccountStanding(deductible_used_fen=30_000, account_balance_fen=100_000)
    b, c, wheelchair = split_charges(EMPLOYEE, standing, [
        charge(ItemClass.WESTERN_MEDICINE, 10_000, InsuranceCategory.B, "B"),
        charge(ItemClass.CHINESE_MEDICINE, 18_900, InsuranceCategory.C, "C"),
        charge(ItemClass.WHEELCHAIR, 900, InsuranceCategory.A, "W")])
    assert (b.self_pay_fen, b.fund_fen) == (1000, 9000 * 75 // 100)
    assert (c.fund_fen, c.account_fen, c.cash_fen) == (0, 0, 18_900)  # the account never pays self-pay items
    assert (wheelchair.fund_fen, wheelchair.cash_fen) == (0, 900)


def test_annual_cap_limits_the_fund():
    items = split_charges(EMPLOYEE, AccountStanding(30_000, EMPLOYEE.annual_cap_fen - 100, 0),
                          [charge(ItemClass.EXAMINATION, 10_000)])
    assert items[0].fund_fen == 100


def test_self_pay_patients_pay_everything_in_cash():
    items = split_charges(DEFAULT_POLICIES[InsuranceType.SELF_PAY], AccountStanding(),
                          [charge(ItemClass.LABORATORY, 2000)])
    assert (items[0].fund_fen, items[0].cash_fen) == (0, 2000)


def test_bad_amounts_from_the_his_are_refused_and_zero_lines_dropped():
    with pytest.raises(BadCharge):
        check_charges([charge(ItemClass.LABORATORY, -1)])
    with pytest.raises(BadCharge):
        check_charges([Charge("X", "P", "massage", "", "", 100, InsuranceCategory.A, ChargeStatus.UNPAID)])
    assert check_charges([charge(ItemClass.LABORATORY, 0)]) == []


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(InsuranceType)),
       st.lists(st.tuples(st.sampled_from(list(ItemClass)), st.integers(0, 500_000),
                          st.sampled_from(list(InsuranceCategory))), max_size=12),
       st.integers(0, 40_000), st.integers(0, 1_200_000), st.integers(0, 200_000))
def test_every_split_adds_up_to_the_fen_and_is_never_negative(kind, lines, deductible, fund_used, balance):
    charges = [charge(c, a, g, f"C{n}") for n, (c, a, g) in enumerate(lines)]
    policy = DEFAULT_POLICIES[kind]
    items = split_charges(policy, AccountStanding(deductible, fund_used, balance), charges)
    for item in items:
        assert item.fund_fen + item.account_fen + item.cash_fen == item.amount_fen
        assert min(item.fund_fen, item.account_fen, item.cash_fen, item.deductible_fen) >= 0
    assert sum(i.account_fen for i in items) <= (balance if policy.has_personal_account else 0)
    assert sum(i.fund_fen for i in items) <= max(policy.annual_cap_fen - fund_used, 0)


@pytest.fixture
def insurer(db_path):
    clock = FixedClock.at_local(2026, 11, 22, 9, 30)
    db = open_database(db_path)
    seed_demo_hospital(db, clock.today())
    yield EmbeddedInsurance(db, clock), DemoHospital(db, clock)
    db.close()


def test_pre_settlement_holds_the_account_confirm_books_it_and_reverse_gives_it_back(insurer):
    insurance, his = insurer
    patient = his.patient("DEMO-001")
    first = insurance.pre_settle(patient, his.unpaid_charges("DEMO-001"), "I1")
    assert (first.medfee_sumamt, first.fund_pay_sumamt, first.acct_pay, first.psn_cash_pay) == (9500, 6150, 2000, 1350)
    assert first.hifp_pay == first.fund_pay_sumamt and first.psn_part_amt == 9500 - 6150
    assert insurance.pre_settle(patient, his.unpaid_charges("DEMO-001"), "I1") == first  # same key, same answer
    assert insurance.standing(patient).account_balance_fen == 0  # held by the open pre-settlement
    second = insurance.pre_settle(patient, his.unpaid_charges("DEMO-001"), "I2")
    assert second.acct_pay == 0
    insurance.reverse(second.setl_id)
    confirmed = insurance.confirm(first.setl_id)
    assert confirmed.state is SettlementState.CONFIRMED
    assert insurance.confirm(first.setl_id).state is SettlementState.CONFIRMED  # idempotent
    assert insurance.standing(patient).account_balance_fen == 0
    insurance.reverse(first.setl_id)
    assert insurance.standing(patient).account_balance_fen == 2000
    assert insurance.standing(patient).fund_used_fen == 120_000
    with pytest.raises(SettlementReversed):
        insurance.confirm(first.setl_id)
