"""Schema revision 6: payments insurance credit and invoices."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Card-free settlement (see kiosk.payment and kiosk.insurance): the embedded insurer's years and
    settlements, payment intents and gateway attempts (written before every gateway call), verified
    notifications, the money ledger (UNIQUE per movement, so nothing is booked twice), refunds,
    pay-later debts and the e-invoices the demo billing issues.
    """
    db.execute("""CREATE TABLE insurance_years (
        patient_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        deductible_used_fen INTEGER NOT NULL CHECK (deductible_used_fen >= 0),
        fund_used_fen INTEGER NOT NULL CHECK (fund_used_fen >= 0),
        account_balance_fen INTEGER NOT NULL CHECK (account_balance_fen >= 0),
        PRIMARY KEY (patient_id, year)
    )""")
    db.execute("""CREATE TABLE insurance_settlements (
        setl_id TEXT PRIMARY KEY,
        mdtrt_id TEXT NOT NULL UNIQUE,
        request_key TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        insurance_type TEXT NOT NULL,
        medfee_sumamt INTEGER NOT NULL CHECK (medfee_sumamt > 0),
        fund_pay_sumamt INTEGER NOT NULL CHECK (fund_pay_sumamt >= 0),
        hifp_pay INTEGER NOT NULL CHECK (hifp_pay >= 0),
        acct_pay INTEGER NOT NULL CHECK (acct_pay >= 0),
        psn_cash_pay INTEGER NOT NULL CHECK (psn_cash_pay >= 0),
        psn_part_amt INTEGER NOT NULL CHECK (psn_part_amt >= 0),
        deductible_fen INTEGER NOT NULL CHECK (deductible_fen >= 0),
        items_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pre_settled', 'confirmed', 'reversed')),
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        CHECK (fund_pay_sumamt + acct_pay + psn_cash_pay = medfee_sumamt)
    )""")
    db.execute("CREATE INDEX insurance_settlements_by_patient ON insurance_settlements(patient_id, year, state)")
    db.execute("""CREATE TABLE payment_intents (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL,
        patient_id TEXT NOT NULL,
        charges_json TEXT NOT NULL,
        debt_ids_json TEXT NOT NULL DEFAULT '[]',
        setl_id TEXT,
        total_fen INTEGER NOT NULL DEFAULT 0 CHECK (total_fen >= 0),
        fund_fen INTEGER NOT NULL DEFAULT 0 CHECK (fund_fen >= 0),
        account_fen INTEGER NOT NULL DEFAULT 0 CHECK (account_fen >= 0),
        cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (cash_fen >= 0),
        debt_fen INTEGER NOT NULL DEFAULT 0 CHECK (debt_fen >= 0),
        state TEXT NOT NULL CHECK (state IN ('presettling', 'open', 'paid', 'credit', 'settled', 'abandoned')),
        method TEXT NOT NULL DEFAULT '',
        invoice_number TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE UNIQUE INDEX payment_intents_one_live_per_key ON payment_intents(idempotency_key) "
               "WHERE state != 'abandoned'")
    db.execute("CREATE INDEX payment_intents_by_state ON payment_intents(state, updated_utc)")
    db.execute("""CREATE TABLE payment_attempts (
        out_trade_no TEXT PRIMARY KEY,
        intent_id TEXT NOT NULL REFERENCES payment_intents(id),
        kind TEXT NOT NULL CHECK (kind IN ('qr', 'code')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        state TEXT NOT NULL CHECK (state IN ('creating', 'awaiting', 'paid', 'cancelling', 'cancelled',
            'refund_due', 'refunded', 'failed')),
        credited INTEGER NOT NULL DEFAULT 0 CHECK (credited IN (0, 1)),
        qr_code TEXT NOT NULL DEFAULT '',
        trade_no TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        deadline_utc TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE UNIQUE INDEX payment_attempts_one_credited_per_intent ON payment_attempts(intent_id) "
               "WHERE credited = 1")
    db.execute("CREATE INDEX payment_attempts_by_state ON payment_attempts(state, deadline_utc)")
    db.execute("""CREATE TABLE payment_notifications (
        notify_id TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        trade_status TEXT NOT NULL,
        outcome TEXT NOT NULL,
        received_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE payment_ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('gateway_in', 'gateway_refund', 'credit_debt', 'credit_repaid')),
        ref TEXT NOT NULL,
        intent_id TEXT NOT NULL,
        out_trade_no TEXT NOT NULL DEFAULT '',
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        at_utc TEXT NOT NULL,
        UNIQUE (kind, ref)
    )""")
    db.execute("""CREATE TABLE payment_refunds (
        out_request_no TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL REFERENCES payment_attempts(out_trade_no),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'done', 'failed')),
        error TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE credit_debts (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        intent_id TEXT NOT NULL UNIQUE REFERENCES payment_intents(id),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        due_day TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'repaid')),
        repaid_by_intent TEXT,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX credit_debts_by_patient ON credit_debts(patient_id, state)")
    db.execute("""CREATE TABLE e_invoices (
        invoice_number TEXT PRIMARY KEY,
        intent_id TEXT NOT NULL UNIQUE REFERENCES payment_intents(id),
        patient_id TEXT NOT NULL,
        setl_id TEXT NOT NULL,
        check_code TEXT NOT NULL,
        verification_url TEXT NOT NULL,
        total_fen INTEGER NOT NULL,
        fund_fen INTEGER NOT NULL,
        account_fen INTEGER NOT NULL,
        self_pay_fen INTEGER NOT NULL,
        lines_json TEXT NOT NULL,
        issued_utc TEXT NOT NULL
    )""")
