"""The overdue reminders' outbox (``wheelchair_reminders``): queued once per rental and day, claimed by
one kiosk (``pending`` → ``sending``), then ``sent`` or ``pending`` again.

Every write here runs inside the caller's ``write_transaction``; nothing here reads the clock or calls
the hospital system. The claim is one conditional UPDATE checked by its row count, so any number of
kiosks sharing the database can sweep at once without a reminder sent twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import to_utc_text
from kiosk.storage import Database


@dataclass(frozen=True)
class ClaimedReminder:
    rental_id: str
    day: str  # the hospital day it was queued for (ISO)
    patient_id: str
    text_zh: str
    text_en: str


def queue_reminder(db: Database, rental_id: str, patient_id: str, day: str, text_zh: str, text_en: str,
                   now: datetime) -> bool:
    """Today's reminder for a rental, pending; False when that day's was queued already."""
    cursor = db.execute(
        "INSERT INTO wheelchair_reminders (rental_id, patient_id, day, text_zh, text_en, state, "
        "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) "
        "ON CONFLICT (rental_id, day) DO NOTHING",
        (rental_id, patient_id, day, text_zh, text_en, to_utc_text(now), to_utc_text(now)))
    return cursor.rowcount == 1


def claimable_reminders(db: Database, stale_before: datetime) -> list[int]:
    """Ids of reminders waiting to be sent, and of claims older than ``stale_before`` (a kiosk that stopped)."""
    return [row[0] for row in db.execute(
        "SELECT id FROM wheelchair_reminders WHERE state = 'pending' OR (state = 'sending' AND updated_utc < ?) "
        "ORDER BY id", (to_utc_text(stale_before),))]


def claim_reminder(db: Database, reminder_id: int, now: datetime, stale_before: datetime) -> ClaimedReminder | None:
    """Mark a reminder ``sending`` by this caller; None when another kiosk claimed it a moment ago."""
    cursor = db.execute(
        "UPDATE wheelchair_reminders SET state = 'sending', attempts = attempts + 1, updated_utc = ? "
        "WHERE id = ? AND (state = 'pending' OR (state = 'sending' AND updated_utc < ?))",
        (to_utc_text(now), reminder_id, to_utc_text(stale_before)))
    if cursor.rowcount != 1:
        return None
    return ClaimedReminder(*db.execute(
        "SELECT rental_id, day, patient_id, text_zh, text_en FROM wheelchair_reminders WHERE id = ?",
        (reminder_id,)).fetchone())


def mark_reminder(db: Database, reminder_id: int, state: str, error: str, now: datetime) -> None:
    db.execute("UPDATE wheelchair_reminders SET state = ?, error = ?, updated_utc = ? WHERE id = ?",
               (state, error, to_utc_text(now), reminder_id))


def unsent_reminder_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM wheelchair_reminders WHERE state != 'sent'").fetchone()[0]


def reminders_of(db: Database, rental_id: str) -> list[tuple[str, str, int]]:
    """(day, state, attempts) of a rental's reminders, oldest first."""
    return [tuple(row) for row in db.execute(
        "SELECT day, state, attempts FROM wheelchair_reminders WHERE rental_id = ? ORDER BY day", (rental_id,))]
