"""The embedded insurance platform: the rules engine plus each patient's insurance year in the database.

A pre-settlement holds its deductible, fund and account amounts (later pre-settlements see less),
``confirm`` books them, ``reverse`` releases or books them back, ``reverse_confirmed`` books a confirmed
one back after a full refund. All are idempotent, so the payment service can repeat any of them after
a crash. Opening standings for the demo patients are
fixed (see ``DEMO_STANDINGS``) so the demo shows a deductible, a personal account and a cash part.

Each of them reads the patient's year and then writes it, so each first takes the patient's lock
(``insurance:<patient id>``): two kiosks settling for one patient at once on the hospital's shared
database take turns, and neither spends the deductible or the personal account the other holds.
The SQL is in ``kiosk.insurance.store``.
"""
from __future__ import annotations

import uuid

from kiosk.clock import Clock, to_local
from kiosk.his.port import Charge, InsuranceType, Patient
from kiosk.insurance import store
from kiosk.insurance.port import (
    InsuranceError,
    PreSettlement,
    SettlementNotConfirmed,
    SettlementNotFound,
    SettlementReversed,
    SettlementState,
)
from kiosk.insurance.rules import DEFAULT_POLICIES, AccountStanding, InsurancePolicy, split_charges
from kiosk.storage import Database, write_transaction

DEMO_STANDINGS: dict[str, AccountStanding] = {
    "DEMO-001": AccountStanding(deductible_used_fen=30_000, fund_used_fen=120_000, account_balance_fen=2_000),
    "DEMO-002": AccountStanding(deductible_used_fen=8_000),
    "DEMO-003": AccountStanding(deductible_used_fen=30_000, fund_used_fen=40_000),
    "DEMO-004": AccountStanding(deductible_used_fen=10_000),
}


def demo_opening_standing(patient: Patient) -> AccountStanding:
    """Where a patient's insurance year starts in the demo: fixed for DEMO-00x, a small account otherwise."""
    if patient.id in DEMO_STANDINGS:
        return DEMO_STANDINGS[patient.id]
    balance = 30_000 if patient.insurance_type is InsuranceType.EMPLOYEE else 0
    return AccountStanding(account_balance_fen=balance)


def open_embedded_insurance(address: str, context) -> "EmbeddedInsurance":
    """The ``embedded:`` adapter of ``hospital.insurance``: the rules engine over the kiosk's database."""
    return EmbeddedInsurance(context.db, context.clock)


class EmbeddedInsurance:
    """``InsurancePort`` over the tables ``insurance_years`` and ``insurance_settlements``."""

    def __init__(self, db: Database, clock: Clock,
                 policies: dict[InsuranceType, InsurancePolicy] | None = None,
                 opening=demo_opening_standing) -> None:
        self._db = db
        self._clock = clock
        self._policies = policies or DEFAULT_POLICIES
        self._opening = opening

    def pre_settle(self, patient: Patient, charges: list[Charge], request_key: str) -> PreSettlement:
        if not request_key:
            raise ValueError("a pre-settlement needs a request key (the payment intent id)")
        now = self._clock.now()
        year = to_local(now).year
        with write_transaction(self._db) as db:
            store.lock_patient(db, patient.id)
            existing = store.settlement_by_request_key(db, request_key)
            if existing is not None:
                if existing.state is SettlementState.REVERSED:
                    raise SettlementReversed(f"settlement {existing.setl_id} was reversed; start a new bill")
                return existing
            standing = self._standing(patient, year)
            items = split_charges(self._policies[patient.insurance_type], standing, charges)
            if not items:
                raise InsuranceError(f"patient {patient.id} has nothing to settle")
            total = sum(i.amount_fen for i in items)
            fund = sum(i.fund_fen for i in items)
            account = sum(i.account_fen for i in items)
            stamp = f"{to_local(now):%Y%m%d}"
            settlement = PreSettlement(
                setl_id=f"S{stamp}{uuid.uuid4().hex[:12].upper()}", mdtrt_id=f"M{stamp}{uuid.uuid4().hex[:12].upper()}",
                patient_id=patient.id, insurance_type=patient.insurance_type, medfee_sumamt=total,
                fund_pay_sumamt=fund, hifp_pay=fund, acct_pay=account, psn_cash_pay=total - fund - account,
                psn_part_amt=total - fund, items=tuple(items))
            store.add_settlement(db, settlement, request_key, year, sum(i.deductible_fen for i in items), now)
            return settlement

    def estimate_cash(self, patient: Patient, charges: list[Charge]) -> int:
        """What the patient would pay in cash for these charges now (the pre-settlement's psn_cash_pay),
        without settling anything: for screens that mention the amount before the bill is opened."""
        with write_transaction(self._db):
            store.lock_patient(self._db, patient.id)
            standing = self._standing(patient, to_local(self._clock.now()).year)
        return sum(item.cash_fen for item in split_charges(self._policies[patient.insurance_type], standing, charges))

    def confirm(self, setl_id: str) -> PreSettlement:
        with write_transaction(self._db):
            self._lock_patient_of(setl_id)
            settlement, year, deductible = self._row(setl_id)
            if settlement.state is SettlementState.CONFIRMED:
                return settlement
            if settlement.state is SettlementState.REVERSED:
                raise SettlementReversed(f"settlement {setl_id} was reversed and cannot be confirmed")
            store.book_year(self._db, settlement.patient_id, year, settlement.fund_pay_sumamt, deductible,
                            -settlement.acct_pay)
            store.set_settlement_state(self._db, setl_id, SettlementState.CONFIRMED, self._clock.now())
        return self.settlement(setl_id)

    def reverse(self, setl_id: str) -> PreSettlement:
        with write_transaction(self._db):
            self._lock_patient_of(setl_id)
            settlement, year, deductible = self._row(setl_id)
            if settlement.state is SettlementState.REVERSED:
                return settlement
            if settlement.state is SettlementState.CONFIRMED:
                store.book_year(self._db, settlement.patient_id, year, -settlement.fund_pay_sumamt, -deductible,
                                settlement.acct_pay)
            store.set_settlement_state(self._db, setl_id, SettlementState.REVERSED, self._clock.now())
        return self.settlement(setl_id)

    def reverse_confirmed(self, setl_id: str) -> PreSettlement:
        with write_transaction(self._db):
            self._lock_patient_of(setl_id)
            if self._row(setl_id)[0].state is SettlementState.PRE_SETTLED:
                raise SettlementNotConfirmed(f"settlement {setl_id} was never confirmed; nothing to book back")
            return self.reverse(setl_id)  # books a confirmed one back; a reversed one is returned as it is

    def settlement(self, setl_id: str) -> PreSettlement:
        return self._row(setl_id)[0]

    def standing(self, patient: Patient) -> AccountStanding:
        """The patient's year as the next pre-settlement sees it (booked minus held)."""
        with write_transaction(self._db):
            store.lock_patient(self._db, patient.id)
            return self._standing(patient, to_local(self._clock.now()).year)

    # Internals ------------------------------------------------------------------------------------

    def _lock_patient_of(self, setl_id: str) -> None:
        patient_id = store.patient_of_settlement(self._db, setl_id)
        if patient_id is None:
            raise SettlementNotFound(f"no insurance settlement {setl_id}")
        store.lock_patient(self._db, patient_id)

    def _standing(self, patient: Patient, year: int) -> AccountStanding:
        booked = store.booked_year(self._db, patient.id, year)
        if booked is None:
            booked = self._opening(patient)
            store.open_year(self._db, patient.id, year, booked)
        held = store.held_amounts(self._db, patient.id, year)
        return AccountStanding(booked.deductible_used_fen + held.deductible_fen, booked.fund_used_fen + held.fund_fen,
                               booked.account_balance_fen - held.account_fen)

    def _row(self, setl_id: str) -> tuple[PreSettlement, int, int]:
        stored = store.settlement_by_id(self._db, setl_id)
        if stored is None:
            raise SettlementNotFound(f"no insurance settlement {setl_id}")
        return stored.settlement, stored.year, stored.deductible_fen

