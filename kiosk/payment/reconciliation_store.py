"""What the daily reconciliation reads (every kiosk's attempts, the ledger, the bills) and its stored
reports (``reconciliation_reports``, keyed by the hospital-local day).

The comparison itself (which day, what counts as a difference) stays in ``kiosk.payment.reconciliation``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.money import Fen
from kiosk.storage import Database


@dataclass(frozen=True)
class TradeLine:
    """One attempt as the reconciliation compares it with the gateway."""
    out_trade_no: str
    intent_id: str
    amount_fen: Fen
    state: str  # kiosk.payment.store.AttemptState values
    credited: bool
    created_at: datetime
    error: str


@dataclass(frozen=True)
class StoredReport:
    trades_checked: int
    ledger_in_fen: Fen
    ledger_refund_fen: Fen
    invoices_self_pay_fen: Fen
    credited_fen: Fen
    differences: list[str]


def all_trades(db: Database) -> list[TradeLine]:
    """Every payment attempt of every kiosk (the caller picks the day's)."""
    rows = db.execute(
        "SELECT out_trade_no, intent_id, amount_fen, state, credited, created_utc, error FROM payment_attempts").fetchall()
    return [TradeLine(trade, intent_id, amount, state, bool(credited), from_utc_text(created), error)
            for trade, intent_id, amount, state, credited, created, error in rows]


def received_by_trade(db: Database) -> dict[str, Fen]:
    """The money booked in (``gateway_in``) for each order."""
    return {ref: amount for _, ref, amount in db.execute(
        "SELECT kind, ref, amount_fen FROM payment_ledger WHERE kind = 'gateway_in'").fetchall()}


def refunded_by_trade(db: Database) -> dict[str, Fen]:
    """The money booked back (``gateway_refund``) for each order."""
    return dict(db.execute("SELECT out_trade_no, sum(amount_fen) FROM payment_ledger "
                           "WHERE kind = 'gateway_refund' GROUP BY out_trade_no").fetchall())


def bill_method_and_debt(db: Database, intent_id: str) -> tuple[str, Fen]:
    """How the bill was paid (qr, code, credit, account …) and the earlier debts it included."""
    method, debt = db.execute("SELECT method, debt_fen FROM payment_intents WHERE id = ?", (intent_id,)).fetchone()
    return method, debt


def credited_fen(db: Database, intent_id: str) -> Fen | None:
    """The amount of the bill's credited attempt, None when none was credited."""
    row = db.execute("SELECT amount_fen FROM payment_attempts WHERE intent_id = ? AND credited = 1",
                     (intent_id,)).fetchone()
    return row[0] if row else None


def last_reported_day(db: Database) -> date | None:
    stored = db.execute("SELECT max(day) FROM reconciliation_reports").fetchone()[0]
    return date.fromisoformat(stored) if stored else None


def add_report(db: Database, day: date, trades_checked: int, ledger_in_fen: Fen, ledger_refund_fen: Fen,
               invoices_self_pay_fen: Fen, credited_fen: Fen, differences: list[str], balanced: bool,
               now: datetime) -> bool:
    """Store the day's report; False when that day was stored already (by another kiosk)."""
    return db.execute(
        "INSERT INTO reconciliation_reports (day, trades_checked, ledger_in_fen, ledger_refund_fen, "
        "invoices_self_pay_fen, credited_fen, differences_json, balanced, created_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day) DO NOTHING",
        (day.isoformat(), trades_checked, ledger_in_fen, ledger_refund_fen, invoices_self_pay_fen, credited_fen,
         json.dumps(differences, ensure_ascii=False), int(balanced), to_utc_text(now))).rowcount == 1


def report_of(db: Database, day: date) -> StoredReport | None:
    row = db.execute(
        "SELECT trades_checked, ledger_in_fen, ledger_refund_fen, invoices_self_pay_fen, credited_fen, "
        "differences_json FROM reconciliation_reports WHERE day = ?", (day.isoformat(),)).fetchone()
    if row is None:
        return None
    return StoredReport(*row[:5], json.loads(row[5]))
