"""The insurance port: pre-settle a visit's charges, confirm once the patient's part is paid, reverse.

Amounts are integer fen. ``PreSettlement`` carries the national platform's field names so the
provincial adapter can map its JSON one to one:

- ``medfee_sumamt``   total medical fees of the bill (医疗费总额)
- ``fund_pay_sumamt`` everything the funds pay (基金支付总额); here only ``hifp_pay``, the basic fund
- ``acct_pay``        paid from the patient's personal account (个人账户支出)
- ``psn_cash_pay``    what the patient pays now in cash / mobile pay (个人现金支出)
- ``psn_part_amt``    the patient's whole share, account + cash (个人负担总金额)
- ``setl_id`` / ``mdtrt_id`` settlement id / visit (medical treatment) id
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.his.port import Charge, InsuranceCategory, InsuranceType, ItemClass, Patient
from kiosk.money import Fen


class SettlementState(str, enum.Enum):
    PRE_SETTLED = "pre_settled"  # the split is known and the account amount is held; nothing booked
    CONFIRMED = "confirmed"  # booked: fund used, account debited
    REVERSED = "reversed"  # released (never confirmed) or booked back (冲正)


@dataclass(frozen=True)
class SettledItem:
    charge_id: str
    item_class: ItemClass
    category: InsuranceCategory
    amount_fen: Fen
    fund_fen: Fen
    account_fen: Fen
    cash_fen: Fen
    deductible_fen: Fen  # the part of this item that went toward the annual deductible (起付线)
    self_pay_fen: Fen  # outside the catalogue (category C, uncovered classes) or B's own share first


@dataclass(frozen=True)
class PreSettlement:
    setl_id: str
    mdtrt_id: str
    patient_id: str
    insurance_type: InsuranceType
    medfee_sumamt: Fen
    fund_pay_sumamt: Fen
    hifp_pay: Fen
    acct_pay: Fen
    psn_cash_pay: Fen
    psn_part_amt: Fen
    items: tuple[SettledItem, ...]
    state: SettlementState = SettlementState.PRE_SETTLED

    def __post_init__(self) -> None:
        if self.fund_pay_sumamt + self.acct_pay + self.psn_cash_pay != self.medfee_sumamt:
            raise ValueError(f"settlement {self.setl_id}: fund + account + cash must equal the total")


class InsuranceError(Exception):
    """The insurance platform refused or could not answer; the message is plain words."""


class SettlementNotFound(InsuranceError):
    """No settlement has this id."""


class SettlementReversed(InsuranceError):
    """The settlement was reversed and cannot be confirmed any more; pre-settle again."""


class SettlementNotConfirmed(InsuranceError):
    """Only a confirmed settlement can be booked back after a refund."""


@runtime_checkable
class InsurancePort(Protocol):
    def pre_settle(self, patient: Patient, charges: list[Charge], request_key: str) -> PreSettlement:
        """The split of ``charges``; the same ``request_key`` returns the same pre-settlement."""

    def confirm(self, setl_id: str) -> PreSettlement:
        """Book a pre-settlement (idempotent). Call only after the patient's cash part is paid."""

    def reverse(self, setl_id: str) -> PreSettlement:
        """Release a pre-settlement or book a confirmed one back (idempotent)."""

    def reverse_confirmed(self, setl_id: str) -> PreSettlement:
        """After a full refund: book a confirmed settlement back (冲销) — the fund's annual-cap usage,
        the deductible and the personal-account payment are restored. Idempotent; a settlement that
        was never confirmed raises ``SettlementNotConfirmed`` (there is nothing to book back)."""

    def settlement(self, setl_id: str) -> PreSettlement: ...
