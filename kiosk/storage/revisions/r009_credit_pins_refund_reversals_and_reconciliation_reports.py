"""Schema revision 9: credit pins refund reversals and reconciliation reports."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Pay-later PINs (scrypt, per-patient salt, lockout), what a refund reversed, one report per day."""
    db.execute("""CREATE TABLE credit_pins (
        patient_id TEXT PRIMARY KEY,
        salt BLOB NOT NULL CHECK (length(salt) = 16),
        pin_hash BLOB NOT NULL,
        failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
        locked_until_utc TEXT,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE refund_reversals (
        out_request_no TEXT PRIMARY KEY REFERENCES payment_refunds(out_request_no),
        intent_id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('full', 'self_pay_only')),
        setl_id TEXT,
        charge_ids_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'done')),
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE reconciliation_reports (
        day TEXT PRIMARY KEY,
        trades_checked INTEGER NOT NULL,
        ledger_in_fen INTEGER NOT NULL,
        ledger_refund_fen INTEGER NOT NULL,
        invoices_self_pay_fen INTEGER NOT NULL,
        credited_fen INTEGER NOT NULL,
        differences_json TEXT NOT NULL,
        balanced INTEGER NOT NULL CHECK (balanced IN (0, 1)),
        created_utc TEXT NOT NULL
    )""")
