"""Schema revision 12: red letter invoices."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """A full refund reverses the bill's e-invoice with a red-letter one (红字发票), at most once."""
    db.execute("""CREATE TABLE e_invoice_reversals (
        red_invoice_number TEXT PRIMARY KEY,
        invoice_number TEXT NOT NULL UNIQUE REFERENCES e_invoices(invoice_number),
        intent_id TEXT NOT NULL,
        refund_request_no TEXT NOT NULL,
        self_pay_fen INTEGER NOT NULL,
        issued_utc TEXT NOT NULL
    )""")
