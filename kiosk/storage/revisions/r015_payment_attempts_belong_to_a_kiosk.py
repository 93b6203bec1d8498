"""Schema revision 15: payment attempts belong to the kiosk that made them.

An intent (a bill) belongs to the kiosk handling it, which may change when the patient walks to
another kiosk; an attempt (one gateway order, one QR or one payment code) stays with the kiosk that
created it: its screen shows the QR, and its recovery polls or cancels the order. Existing attempts
take their intent's kiosk.
"""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    db.execute("ALTER TABLE payment_attempts ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE payment_attempts SET kiosk_id = coalesce((SELECT i.kiosk_id FROM payment_intents i "
               "WHERE i.id = payment_attempts.intent_id), '')")
    db.execute("CREATE INDEX payment_attempts_by_kiosk_state ON payment_attempts(kiosk_id, state)")
