"""Schema revision 13: refunds keyed by trade and request."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """A refund request number is unique per trade only (Alipay's out_request_no): refunds and their
    reversals are keyed by (out_trade_no, out_request_no), so "RF-1" on two trades are two refunds."""
    db.execute("""CREATE TABLE payment_refunds_v2 (
        out_trade_no TEXT NOT NULL REFERENCES payment_attempts(out_trade_no),
        out_request_no TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'done', 'failed')),
        error TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (out_trade_no, out_request_no)
    )""")
    db.execute("INSERT INTO payment_refunds_v2 SELECT out_trade_no, out_request_no, amount_fen, reason, requested_by, "
               "state, error, created_utc, updated_utc FROM payment_refunds")
    db.execute("""CREATE TABLE refund_reversals_v2 (
        out_trade_no TEXT NOT NULL,
        out_request_no TEXT NOT NULL,
        intent_id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('full', 'self_pay_only')),
        setl_id TEXT,
        charge_ids_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'done')),
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (out_trade_no, out_request_no),
        FOREIGN KEY (out_trade_no, out_request_no) REFERENCES payment_refunds_v2(out_trade_no, out_request_no)
    )""")
    db.execute("INSERT INTO refund_reversals_v2 SELECT f.out_trade_no, r.out_request_no, r.intent_id, r.scope, "
               "r.setl_id, r.charge_ids_json, r.state, r.created_utc, r.updated_utc FROM refund_reversals r "
               "JOIN payment_refunds f ON f.out_request_no = r.out_request_no")
    db.execute("DROP TABLE refund_reversals")
    db.execute("DROP TABLE payment_refunds")
    db.execute("ALTER TABLE payment_refunds_v2 RENAME TO payment_refunds")
    db.execute("ALTER TABLE refund_reversals_v2 RENAME TO refund_reversals")
    db.execute("CREATE INDEX payment_refunds_by_state ON payment_refunds(state)")
