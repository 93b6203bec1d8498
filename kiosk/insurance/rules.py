"""The embedded insurance rules: a pure function from (policy, account, charges) to the split.

Per charge, in bill order:
1. Category C items and classes the fund does not cover (ratio 0, e.g. wheelchair rental) are self-pay.
   Category B items first take an own share (``b_own_share_percent``, 乙类先行自付); the rest counts.
2. The counted amount first fills what is left of the annual deductible (起付线); the patient pays that.
3. The fund pays ``ratio`` percent of the remainder (per item class and insurance type, rounded down
   to the fen), never more than what is left of the annual cap (封顶线).
4. The personal account (employee insurance only) pays the patient's share of catalogue items while
   its balance lasts; the rest is cash (``psn_cash_pay``).
Rounding only ever rounds the fund down, so fund + account + cash is always exactly the total.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.his.port import Charge, InsuranceCategory, InsuranceType, ItemClass
from kiosk.insurance.port import SettledItem
from kiosk.money import Fen


class BadCharge(ValueError):
    """A charge the rules cannot settle (negative amount, unknown class); plain words."""


@dataclass(frozen=True)
class InsurancePolicy:
    insurance_type: InsuranceType
    deductible_fen: Fen  # per calendar year
    annual_cap_fen: Fen  # most the fund pays per calendar year
    fund_percent: dict[ItemClass, int] = field(default_factory=dict)
    b_own_share_percent: int = 10
    has_personal_account: bool = False


@dataclass(frozen=True)
class AccountStanding:
    """The patient's insurance year so far, after any amounts held by open pre-settlements."""

    deductible_used_fen: Fen = 0
    fund_used_fen: Fen = 0
    account_balance_fen: Fen = 0


def _percents(registration: int, examination: int, laboratory: int, western: int, chinese: int,
              materials: int) -> dict[ItemClass, int]:
    return {ItemClass.REGISTRATION: registration, ItemClass.EXAMINATION: examination,
            ItemClass.LABORATORY: laboratory, ItemClass.WESTERN_MEDICINE: western,
            ItemClass.CHINESE_MEDICINE: chinese, ItemClass.MATERIALS: materials, ItemClass.WHEELCHAIR: 0}


DEFAULT_POLICIES: dict[InsuranceType, InsurancePolicy] = {
    InsuranceType.EMPLOYEE: InsurancePolicy(InsuranceType.EMPLOYEE, deductible_fen=30_000, annual_cap_fen=1_000_000,
                                            fund_percent=_percents(60, 70, 70, 75, 75, 50), has_personal_account=True),
    InsuranceType.RESIDENT: InsurancePolicy(InsuranceType.RESIDENT, deductible_fen=10_000, annual_cap_fen=300_000,
                                            fund_percent=_percents(50, 50, 50, 55, 55, 30)),
    InsuranceType.SELF_PAY: InsurancePolicy(InsuranceType.SELF_PAY, deductible_fen=0, annual_cap_fen=0,
                                            fund_percent=_percents(0, 0, 0, 0, 0, 0)),
}


def check_charges(charges: list[Charge]) -> list[Charge]:
    """Refuse what a HIS should never send; drop zero-amount lines (nothing to pay for them)."""
    for charge in charges:
        if not isinstance(charge.item_class, ItemClass):
            raise BadCharge(f"charge {charge.id} has an unknown item class {charge.item_class!r}")
        if not isinstance(charge.amount_fen, int) or isinstance(charge.amount_fen, bool) or charge.amount_fen < 0:
            raise BadCharge(f"charge {charge.id} has an impossible amount {charge.amount_fen!r}")
    return [charge for charge in charges if charge.amount_fen > 0]


def split_charges(policy: InsurancePolicy, standing: AccountStanding, charges: list[Charge]) -> list[SettledItem]:
    """Settle each charge in order; see the module docstring for the rules."""
    deductible_left = max(policy.deductible_fen - standing.deductible_used_fen, 0)
    cap_left = max(policy.annual_cap_fen - standing.fund_used_fen, 0)
    account_left = standing.account_balance_fen if policy.has_personal_account else 0
    items = []
    for charge in check_charges(charges):
        amount = charge.amount_fen
        percent = policy.fund_percent.get(charge.item_class, 0)
        if charge.insurance_category is InsuranceCategory.C or percent == 0:
            own_first, counted = amount, 0
        elif charge.insurance_category is InsuranceCategory.B:
            own_first = amount * policy.b_own_share_percent // 100
            counted = amount - own_first
        else:
            own_first, counted = 0, amount
        deductible = min(counted, deductible_left)
        deductible_left -= deductible
        fund = min((counted - deductible) * percent // 100, cap_left)
        cap_left -= fund
        catalogue_share = amount - fund - (amount if counted == 0 else 0)
        account = min(account_left, catalogue_share)
        account_left -= account
        items.append(SettledItem(
            charge_id=charge.id, item_class=charge.item_class, category=charge.insurance_category,
            amount_fen=amount, fund_fen=fund, account_fen=account, cash_fen=amount - fund - account,
            deductible_fen=deductible, self_pay_fen=own_first,
        ))
    return items
