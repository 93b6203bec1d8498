"""The queue tables: one ``queue_numbers`` row per checked-in appointment, and ``queue_counters``,
each department's atomic day counter the numbers are drawn from.

Writes run inside the caller's ``write_transaction``; ``now`` is passed in. Kiosks of a hospital may
share one database (PostgreSQL): a check-in first takes ``lock_appointment_number`` (an advisory
lock, a no-op on SQLite), so two kiosks checking in the same appointment draw one number between them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import to_utc_text
from kiosk.storage import Database, lock


@dataclass(frozen=True)
class IssuedNumber:
    number: str  # as printed, e.g. "A003"
    sequence: int  # its place in the department's day


def number_of(db: Database, appointment_id: str) -> str | None:
    """The number issued for this appointment, if any."""
    row = db.execute("SELECT number FROM queue_numbers WHERE appointment_id = ?", (appointment_id,)).fetchone()
    return row[0] if row else None


def people_ahead(db: Database, appointment_id: str) -> int:
    """Earlier numbers of the same department and day not yet called (0 when no number was issued)."""
    row = db.execute(
        "SELECT department_code, day, sequence FROM queue_numbers WHERE appointment_id = ?", (appointment_id,)
    ).fetchone()
    if row is None:
        return 0
    return int(db.execute(
        "SELECT count(*) FROM queue_numbers WHERE department_code = ? AND day = ? AND sequence < ? "
        "AND called_utc IS NULL", row).fetchone()[0])


def mark_called(db: Database, appointment_id: str, now: datetime) -> None:
    db.execute("UPDATE queue_numbers SET called_utc = ? WHERE appointment_id = ? AND called_utc IS NULL",
               (to_utc_text(now), appointment_id))


def lock_appointment_number(db: Database, appointment_id: str) -> None:
    """Inside the write transaction, before reading whether the appointment already has a number."""
    lock(db, f"queue-number:{appointment_id}")


def issued_number(db: Database, appointment_id: str) -> IssuedNumber | None:
    row = db.execute("SELECT number, sequence FROM queue_numbers WHERE appointment_id = ?",
                     (appointment_id,)).fetchone()
    return IssuedNumber(row[0], int(row[1])) if row is not None else None


def next_sequence(db: Database, department_code: str, day: str) -> int:
    """The department's counter for ``day`` (ISO date) up by one in a single statement; the new value."""
    return int(db.execute(
        "INSERT INTO queue_counters (department_code, day, last_sequence) VALUES (?, ?, 1) "
        "ON CONFLICT (department_code, day) DO UPDATE SET last_sequence = queue_counters.last_sequence + 1 "
        "RETURNING last_sequence", (department_code, day)).fetchone()[0])


def add_number(db: Database, appointment_id: str, patient_id: str, department_code: str, day: str,
               issued: IssuedNumber, now: datetime) -> None:
    db.execute(
        "INSERT INTO queue_numbers (appointment_id, patient_id, department_code, day, sequence, number, "
        "issued_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (appointment_id, patient_id, department_code, day, issued.sequence, issued.number, to_utc_text(now)),
    )
