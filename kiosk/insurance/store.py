"""The embedded insurer's tables: ``insurance_settlements`` (one row per pre-settlement, with its
items) and ``insurance_years`` (each patient's booked deductible, fund and personal account).

Writes run inside the caller's ``write_transaction``; ``now`` is passed in. Every read-then-write of
a patient's year first takes ``lock_patient`` (an advisory lock on PostgreSQL, a no-op on SQLite), so
two kiosks settling for one patient on the hospital's shared database take turns.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import to_utc_text
from kiosk.his.port import InsuranceCategory, InsuranceType, ItemClass
from kiosk.insurance.port import PreSettlement, SettledItem, SettlementState
from kiosk.insurance.rules import AccountStanding
from kiosk.storage import Database, lock

_COLUMNS = ("setl_id, mdtrt_id, patient_id, insurance_type, medfee_sumamt, fund_pay_sumamt, hifp_pay, acct_pay, "
            "psn_cash_pay, psn_part_amt, items_json, state")


@dataclass(frozen=True)
class StoredSettlement:
    settlement: PreSettlement
    year: int  # the insurance year it counts against
    deductible_fen: int  # the deductible it holds (pre-settled) or booked (confirmed)


@dataclass(frozen=True)
class HeldAmounts:
    """What a patient's open pre-settlements of a year hold, not yet booked."""
    deductible_fen: int
    fund_fen: int
    account_fen: int


def lock_patient(db: Database, patient_id: str) -> None:
    """Inside the write transaction, before reading the patient's year or settlements to write them."""
    lock(db, f"insurance:{patient_id}")


# --- settlements --------------------------------------------------------------------------------

def settlement_by_request_key(db: Database, request_key: str) -> PreSettlement | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM insurance_settlements WHERE request_key = ?",
                     (request_key,)).fetchone()
    return _settlement(row) if row is not None else None


def settlement_by_id(db: Database, setl_id: str) -> StoredSettlement | None:
    row = db.execute(f"SELECT {_COLUMNS}, year, deductible_fen FROM insurance_settlements WHERE setl_id = ?",
                     (setl_id,)).fetchone()
    return StoredSettlement(_settlement(row[:-2]), row[-2], row[-1]) if row is not None else None


def patient_of_settlement(db: Database, setl_id: str) -> str | None:
    row = db.execute("SELECT patient_id FROM insurance_settlements WHERE setl_id = ?", (setl_id,)).fetchone()
    return row[0] if row is not None else None


def add_settlement(db: Database, settlement: PreSettlement, request_key: str, year: int, deductible_fen: int,
                   now: datetime) -> None:
    db["insurance_settlements"].insert({
        "setl_id": settlement.setl_id, "mdtrt_id": settlement.mdtrt_id, "request_key": request_key,
        "patient_id": settlement.patient_id, "year": year, "insurance_type": settlement.insurance_type.value,
        "medfee_sumamt": settlement.medfee_sumamt, "fund_pay_sumamt": settlement.fund_pay_sumamt,
        "hifp_pay": settlement.hifp_pay, "acct_pay": settlement.acct_pay,
        "psn_cash_pay": settlement.psn_cash_pay, "psn_part_amt": settlement.psn_part_amt,
        "deductible_fen": deductible_fen,
        "items_json": json.dumps([_item_json(i) for i in settlement.items]), "state": settlement.state.value,
        "created_utc": to_utc_text(now), "updated_utc": to_utc_text(now),
    })


def set_settlement_state(db: Database, setl_id: str, state: SettlementState, now: datetime) -> None:
    db.execute("UPDATE insurance_settlements SET state = ?, updated_utc = ? WHERE setl_id = ?",
               (state.value, to_utc_text(now), setl_id))


def held_amounts(db: Database, patient_id: str, year: int) -> HeldAmounts:
    row = db.execute(
        "SELECT coalesce(sum(deductible_fen), 0), coalesce(sum(fund_pay_sumamt), 0), coalesce(sum(acct_pay), 0) "
        "FROM insurance_settlements WHERE patient_id = ? AND year = ? AND state = 'pre_settled'",
        (patient_id, year)).fetchone()
    return HeldAmounts(*row)


# --- insurance years ----------------------------------------------------------------------------

def booked_year(db: Database, patient_id: str, year: int) -> AccountStanding | None:
    """The patient's booked standing for ``year``; None before the year's first settlement."""
    row = db.execute("SELECT deductible_used_fen, fund_used_fen, account_balance_fen FROM insurance_years "
                     "WHERE patient_id = ? AND year = ?", (patient_id, year)).fetchone()
    return AccountStanding(*row) if row is not None else None


def open_year(db: Database, patient_id: str, year: int, opening: AccountStanding) -> None:
    db["insurance_years"].insert({
        "patient_id": patient_id, "year": year, "deductible_used_fen": opening.deductible_used_fen,
        "fund_used_fen": opening.fund_used_fen, "account_balance_fen": opening.account_balance_fen})


def book_year(db: Database, patient_id: str, year: int, fund: int, deductible: int, account: int) -> None:
    """Add these amounts (negative to book back) to the patient's year."""
    db.execute(
        "UPDATE insurance_years SET fund_used_fen = fund_used_fen + ?, deductible_used_fen = deductible_used_fen + ?, "
        "account_balance_fen = account_balance_fen + ? WHERE patient_id = ? AND year = ?",
        (fund, deductible, account, patient_id, year))


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
