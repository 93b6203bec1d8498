"""Schema revision 17: every charge and pay-later debt is paid by one bill only.

A bill is the patient's unpaid charges and open debts at the moment it is opened. When a new charge
arrives meanwhile (a wheelchair fee, a test ordered), the next bill holds the old items too, and both
bills could be paid, at two kiosks or by two phones. A bill that takes money (or goes onto pay-later)
first claims its items here, in the same transaction; an item already claimed by another bill means the
money goes back. The primary key makes the claim atomic across kiosks on a shared database.
"""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    db.execute("CREATE TABLE bill_items_paid (item TEXT PRIMARY KEY, intent_id TEXT NOT NULL, claimed_utc TEXT NOT NULL)")
