"""The embedded insurance platform: the rules engine plus each patient's insurance year in the database.

A pre-settlement holds its deductible, fund and account amounts (later pre-settlements see less),
``confirm`` books them, ``reverse`` releases or books them back, ``reverse_confirmed`` books a confirmed
one back after a full refund. All are idempotent, so the payment service can repeat any of them after
a crash. Opening standings for the demo patients are
fixed (see ``DEMO_STANDINGS``) so the demo shows a deductible, a personal account and a cash part.

Each of them reads the patient's year and then writes it, so each first takes the patient's lock
(``insurance:<patient id>``): two kiosks settling for one patient at once on the hospital's shared
database take turns, and neither spends the deductible or the personal account the other holds.
"""
from __future__ import annotations

import json
import uuid

from kiosk.clock import Clock, to_local, to_utc_text
from kiosk.his.port import Charge, InsuranceCategory, InsuranceType, ItemClass, Patient
from kiosk.insurance.port import (
    InsuranceError,
    PreSettlement,
    SettledItem,
    SettlementNotConfirmed,
    SettlementNotFound,
    SettlementReversed,
    SettlementState,
)
from kiosk.insurance.rules import DEFAULT_POLICIES, AccountStanding, InsurancePolicy, split_charges
from kiosk.storage import Database, lock, write_transaction

DEMO_STANDINGS: dict[str, AccountStanding] = {
    "DEMO-001": AccountStanding(deductible_used_fen=30_000, fund_used_fen=120_000, account_balance_fen=2_000),
    "DEMO-002": AccountStanding(deductible_used_fen=8_000),
    "DEMO-003": AccountStanding(deductible_used_fen=30_000, fund_used_fen=40_000),
    "DEMO-004": AccountStanding(deductible_used_fen=10_000),
}

_COLUMNS = ("setl_id, mdtrt_id, patient_id, insurance_type, medfee_sumamt, fund_pay_sumamt, hifp_pay, acct_pay, "
            "psn_cash_pay, psn_part_amt, items_json, state")


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
            lock(db, f"insurance:{patient.id}")
            row = db.execute(f"SELECT {_COLUMNS} FROM insurance_settlements WHERE request_key = ?",
                             (request_key,)).fetchone()
            if row is not None:
                existing = _settlement(row)
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
            db["insurance_settlements"].insert({
                "setl_id": settlement.setl_id, "mdtrt_id": settlement.mdtrt_id, "request_key": request_key,
                "patient_id": patient.id, "year": year, "insurance_type": patient.insurance_type.value,
                "medfee_sumamt": total, "fund_pay_sumamt": fund, "hifp_pay": fund, "acct_pay": account,
                "psn_cash_pay": settlement.psn_cash_pay, "psn_part_amt": settlement.psn_part_amt,
                "deductible_fen": sum(i.deductible_fen for i in items),
                "items_json": json.dumps([_item_json(i) for i in items]), "state": SettlementState.PRE_SETTLED.value,
                "created_utc": to_utc_text(now), "updated_utc": to_utc_text(now),
            })
            return settlement

    def estimate_cash(self, patient: Patient, charges: list[Charge]) -> int:
        """What the patient would pay in cash for these charges now (the pre-settlement's psn_cash_pay),
        without settling anything: for screens that mention the amount before the bill is opened."""
        with write_transaction(self._db):
            lock(self._db, f"insurance:{patient.id}")
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
            self._book(settlement.patient_id, year, settlement.fund_pay_sumamt, deductible, -settlement.acct_pay)
            self._set_state(setl_id, SettlementState.CONFIRMED)
        return self.settlement(setl_id)

    def reverse(self, setl_id: str) -> PreSettlement:
        with write_transaction(self._db):
            self._lock_patient_of(setl_id)
            settlement, year, deductible = self._row(setl_id)
            if settlement.state is SettlementState.REVERSED:
                return settlement
            if settlement.state is SettlementState.CONFIRMED:
                self._book(settlement.patient_id, year, -settlement.fund_pay_sumamt, -deductible, settlement.acct_pay)
            self._set_state(setl_id, SettlementState.REVERSED)
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
            lock(self._db, f"insurance:{patient.id}")
            return self._standing(patient, to_local(self._clock.now()).year)

    # Internals ------------------------------------------------------------------------------------

    def _lock_patient_of(self, setl_id: str) -> None:
        row = self._db.execute("SELECT patient_id FROM insurance_settlements WHERE setl_id = ?", (setl_id,)).fetchone()
        if row is None:
            raise SettlementNotFound(f"no insurance settlement {setl_id}")
        lock(self._db, f"insurance:{row[0]}")

    def _standing(self, patient: Patient, year: int) -> AccountStanding:
        row = self._db.execute("SELECT deductible_used_fen, fund_used_fen, account_balance_fen FROM insurance_years "
                               "WHERE patient_id = ? AND year = ?", (patient.id, year)).fetchone()
        if row is None:
            opening = self._opening(patient)
            self._db["insurance_years"].insert({
                "patient_id": patient.id, "year": year, "deductible_used_fen": opening.deductible_used_fen,
                "fund_used_fen": opening.fund_used_fen, "account_balance_fen": opening.account_balance_fen})
            row = (opening.deductible_used_fen, opening.fund_used_fen, opening.account_balance_fen)
        held = self._db.execute(
            "SELECT coalesce(sum(deductible_fen), 0), coalesce(sum(fund_pay_sumamt), 0), coalesce(sum(acct_pay), 0) "
            "FROM insurance_settlements WHERE patient_id = ? AND year = ? AND state = 'pre_settled'",
            (patient.id, year)).fetchone()
        return AccountStanding(row[0] + held[0], row[1] + held[1], row[2] - held[2])

    def _book(self, patient_id: str, year: int, fund: int, deductible: int, account: int) -> None:
        self._db.execute(
            "UPDATE insurance_years SET fund_used_fen = fund_used_fen + ?, deductible_used_fen = deductible_used_fen + ?, "
            "account_balance_fen = account_balance_fen + ? WHERE patient_id = ? AND year = ?",
            (fund, deductible, account, patient_id, year))

    def _set_state(self, setl_id: str, state: SettlementState) -> None:
        self._db.execute("UPDATE insurance_settlements SET state = ?, updated_utc = ? WHERE setl_id = ?",
                         (state.value, to_utc_text(self._clock.now()), setl_id))

    def _row(self, setl_id: str) -> tuple[PreSettlement, int, int]:
        row = self._db.execute(f"SELECT {_COLUMNS}, year, deductible_fen FROM insurance_settlements WHERE setl_id = ?",
                               (setl_id,)).fetchone()
        if row is None:
            raise SettlementNotFound(f"no insurance settlement {setl_id}")
        return _settlement(row[:-2]), row[-2], row[-1]


def _item_json(item: SettledItem) -> dict:
    return {"charge_id": item.charge_id, "item_class": item.item_class.value, "category": item.category.value,
            "amount_fen": item.amount_fen, "fund_fen": item.fund_fen, "account_fen": item.account_fen,
            "cash_fen": item.cash_fen, "deductible_fen": item.deductible_fen, "self_pay_fen": item.self_pay_fen}


def _settlement(row: tuple) -> PreSettlement:
    (setl_id, mdtrt_id, patient_id, insurance_type, total, fund, hifp, account, cash, part, items_json, state) = row
    items = tuple(SettledItem(
        charge_id=i["charge_id"], item_class=ItemClass(i["item_class"]), category=InsuranceCategory(i["category"]),
        amount_fen=i["amount_fen"], fund_fen=i["fund_fen"], account_fen=i["account_fen"], cash_fen=i["cash_fen"],
        deductible_fen=i["deductible_fen"], self_pay_fen=i["self_pay_fen"]) for i in json.loads(items_json))
    return PreSettlement(setl_id, mdtrt_id, patient_id, InsuranceType(insurance_type), total, fund, hifp, account,
                         cash, part, items, SettlementState(state))
