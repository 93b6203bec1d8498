"""The wheelchair tables: chairs, rentals (with their damage reports), the dock's commands.

Every write here runs inside the caller's ``write_transaction``; nothing here reads the clock, calls
the dock or the hospital system, or writes the audit log. Kiosks of a hospital may share one database
(PostgreSQL), where writers are not serialised as they are on SQLite: every change to a chair's state
or rental first takes ``lock_chair`` (an advisory lock, a no-op on SQLite) and a rent also
``lock_patient_rentals``, held until the transaction ends.
"""
from __future__ import annotations

import enum
import functools
import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.storage import Database, lock
from kiosk.wheelchair.pricing import RentalFee, RentalMode, RentalTerms
from kiosk.wheelchair.records import OPEN_STATES, Rental, RentalState


class ChairState(str, enum.Enum):
    AVAILABLE = "available"
    RENTED = "rented"
    HOME_USE = "home_use"
    OVERDUE = "overdue"
    MAINTENANCE = "maintenance"
    DISINFECTION = "disinfection"
    LOST = "lost"


@dataclass(frozen=True)
class Wheelchair:
    chair_id: str
    state: ChairState
    note: str
    updated_at: datetime


_RENTAL_COLUMNS = ("id, idempotency_key, chair_id, patient_id, kiosk_id, dock_slot, mode, state, terms_json, "
                  "deposit_fen, deposit_state, started_utc, home_use_from_utc, due_utc, ended_utc, fee_fen, "
                  "charge_id, end_reason, return_kiosk_id")
_OPEN = f"({', '.join('?' * len(OPEN_STATES))})"


# Locks ----------------------------------------------------------------------------------------------

def lock_chair(db: Database, chair_id: str) -> None:
    """Inside a write transaction: hold this chair (its state, its rental) until it ends, on every kiosk."""
    lock(db, f"wheelchair:{chair_id}")


def lock_patient_rentals(db: Database, patient_id: str) -> None:
    """Inside a write transaction: one rent at a time for this patient, on every kiosk."""
    lock(db, f"wheelchair-patient:{patient_id}")


# Chairs ---------------------------------------------------------------------------------------------

def add_chair(db: Database, chair_id: str, now: datetime) -> bool:
    """Register a chair as available; False when it was registered already (by anyone, any time)."""
    return db.execute(
        "INSERT INTO wheelchairs (chair_id, state, note, updated_utc) VALUES (?, ?, '', ?) "
        "ON CONFLICT (chair_id) DO NOTHING RETURNING chair_id",
        (chair_id, ChairState.AVAILABLE.value, to_utc_text(now))).fetchone() is not None


def chair_by_id(db: Database, chair_id: str) -> Wheelchair | None:
    row = db.execute("SELECT chair_id, state, note, updated_utc FROM wheelchairs WHERE chair_id = ?",
                     (chair_id,)).fetchone()
    return _chair(row) if row else None


def chairs(db: Database, state: ChairState | None = None) -> list[Wheelchair]:
    """Every chair (or those in ``state``), by id."""
    sql = "SELECT chair_id, state, note, updated_utc FROM wheelchairs"
    params: tuple = ()
    if state is not None:
        sql += " WHERE state = ?"
        params = (ChairState(state).value,)
    return [_chair(row) for row in db.execute(sql + " ORDER BY chair_id", params).fetchall()]


def chair_counts(db: Database) -> dict[ChairState, int]:
    """How many chairs are in each state that has any."""
    rows = db.execute("SELECT state, count(*) FROM wheelchairs GROUP BY state").fetchall()
    return {ChairState(state): count for state, count in rows}


def set_chair_state(db: Database, chair_id: str, state: ChairState, note: str, now: datetime) -> None:
    db.execute("UPDATE wheelchairs SET state = ?, note = ?, updated_utc = ? WHERE chair_id = ?",
               (state.value, note, to_utc_text(now), chair_id))


# Rentals --------------------------------------------------------------------------------------------

def rental_by_id(db: Database, rental_id: str) -> Rental | None:
    row = db.execute(f"SELECT {_RENTAL_COLUMNS} FROM wheelchair_rentals WHERE id = ?", (rental_id,)).fetchone()
    return _rental(row) if row else None


def rental_by_key(db: Database, key: str) -> Rental | None:
    row = db.execute(f"SELECT {_RENTAL_COLUMNS} FROM wheelchair_rentals WHERE idempotency_key = ?",
                     (key,)).fetchone()
    return _rental(row) if row else None


def has_open_rental(db: Database, patient_id: str) -> bool:
    return db.execute(f"SELECT 1 FROM wheelchair_rentals WHERE patient_id = ? AND state IN {_OPEN} LIMIT 1",
                      (patient_id, *OPEN_STATES)).fetchone() is not None


def open_rentals_of(db: Database, patient_id: str) -> list[Rental]:
    """A patient's rentals not yet returned or cancelled, oldest first."""
    rows = db.execute(f"SELECT {_RENTAL_COLUMNS} FROM wheelchair_rentals WHERE patient_id = ? AND state IN "
                      f"{_OPEN} ORDER BY started_utc", (patient_id, *OPEN_STATES))
    return [_rental(row) for row in rows.fetchall()]


def open_rental_of_chair(db: Database, chair_id: str) -> Rental | None:
    row = db.execute(f"SELECT {_RENTAL_COLUMNS} FROM wheelchair_rentals WHERE chair_id = ? AND state IN "
                     f"{_OPEN}", (chair_id, *OPEN_STATES)).fetchone()
    return _rental(row) if row else None


def last_returned_rental(db: Database, chair_id: str) -> Rental | None:
    row = db.execute(f"SELECT {_RENTAL_COLUMNS} FROM wheelchair_rentals WHERE chair_id = ? AND state = ? "
                     "ORDER BY ended_utc DESC LIMIT 1", (chair_id, RentalState.RETURNED.value)).fetchone()
    return _rental(row) if row else None


def rentals_awaiting_pickup(db: Database, kiosk_id: str) -> list[str]:
    """Ids of this kiosk's rentals whose chair is still in its unlocked slot."""
    rows = db.execute("SELECT id FROM wheelchair_rentals WHERE state = ? AND kiosk_id = ?",
                      (RentalState.AWAITING_PICKUP.value, kiosk_id)).fetchall()
    return [rental_id for (rental_id,) in rows]


def chairs_past_home_use_due(db: Database, now: datetime) -> list[str]:
    """Chairs still marked home use whose running home-use rental was due before ``now``."""
    rows = db.execute(
        "SELECT r.chair_id FROM wheelchair_rentals r JOIN wheelchairs w ON w.chair_id = r.chair_id "
        "WHERE r.state = 'active' AND r.mode = 'home_use' AND r.due_utc < ? AND w.state = 'home_use'",
        (to_utc_text(now),)).fetchall()
    return [chair_id for (chair_id,) in rows]


def overdue_rental_chairs(db: Database, now: datetime) -> list[str]:
    """Chairs of running home-use rentals due before ``now``, oldest due first."""
    rows = db.execute(
        "SELECT chair_id FROM wheelchair_rentals WHERE state = ? AND mode = 'home_use' AND due_utc < ? "
        "ORDER BY due_utc", (RentalState.ACTIVE.value, to_utc_text(now))).fetchall()
    return [chair_id for (chair_id,) in rows]


def insert_rental(db: Database, rental: Rental, terms_json: str) -> None:
    """A new rental row, exactly as ``rental`` says (not yet ended); the UNIQUE index on open rentals
    per chair raises an integrity error when another kiosk rented the chair first."""
    db.execute(
        f"INSERT INTO wheelchair_rentals ({_RENTAL_COLUMNS}) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, '', '')",
        (rental.id, rental.key, rental.chair_id, rental.patient_id, rental.kiosk_id, rental.dock_slot,
         rental.mode.value, rental.state.value, terms_json, rental.deposit_fen, rental.deposit_state,
         to_utc_text(rental.started_at), _utc_or_none(rental.home_use_from), _utc_or_none(rental.due_at)))


def mark_taken(db: Database, rental_id: str) -> None:
    """The chair left its slot: an awaiting rental becomes active (a rental already moved on stays)."""
    db.execute("UPDATE wheelchair_rentals SET state = ? WHERE id = ? AND state = ?",
               (RentalState.ACTIVE.value, rental_id, RentalState.AWAITING_PICKUP.value))


def start_home_use(db: Database, rental_id: str, since: datetime, due: datetime) -> None:
    db.execute("UPDATE wheelchair_rentals SET mode = ?, home_use_from_utc = ?, due_utc = ? WHERE id = ?",
               (RentalMode.HOME_USE.value, to_utc_text(since), to_utc_text(due), rental_id))


def mark_returned(db: Database, rental_id: str, ended: datetime, fee: RentalFee, charge_id: str | None,
                  deposit_state: str, return_kiosk_id: str) -> None:
    db.execute(
        "UPDATE wheelchair_rentals SET state = ?, ended_utc = ?, fee_fen = ?, fee_json = ?, charge_id = ?, "
        "deposit_state = ?, end_reason = 'returned', return_kiosk_id = ? WHERE id = ?",
        (RentalState.RETURNED.value, to_utc_text(ended), fee.total_fen,
         json.dumps([vars(item) for item in fee.items], ensure_ascii=False), charge_id, deposit_state,
         return_kiosk_id, rental_id))


def mark_cancelled(db: Database, rental_id: str, ended: datetime, reason: str) -> None:
    """Ended without the chair going out: nothing charged, a held deposit released."""
    db.execute("UPDATE wheelchair_rentals SET state = ?, ended_utc = ?, fee_fen = 0, end_reason = ?, "
               "deposit_state = CASE deposit_state WHEN 'held' THEN 'released' ELSE deposit_state END "
               "WHERE id = ?", (RentalState.CANCELLED.value, to_utc_text(ended), reason, rental_id))


def add_damage_report(db: Database, chair_id: str, rental_id: str, problem: str, now: datetime) -> None:
    db.execute("INSERT INTO wheelchair_damage_reports (chair_id, rental_id, problem, reported_utc) "
               "VALUES (?, ?, ?, ?)", (chair_id, rental_id, problem, to_utc_text(now)))


# The dock's commands ----------------------------------------------------------------------------------

def write_dock_command(db: Database, key: str, kiosk_id: str, slot: int, action: str, rental_id: str,
                       now: datetime) -> None:
    """A command about to be sent; one tried before (a crash, then recovery) is the same row, pending again."""
    db.execute(
        "INSERT INTO dock_commands (idempotency_key, kiosk_id, slot, action, rental_id, state, created_utc, "
        "updated_utc) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (idempotency_key) DO UPDATE SET "
        "state = 'pending', error = '', updated_utc = excluded.updated_utc",
        (key, kiosk_id, slot, action, rental_id, to_utc_text(now), to_utc_text(now)))


def mark_dock_command(db: Database, key: str, state: str, error: str, now: datetime) -> None:
    db.execute("UPDATE dock_commands SET state = ?, error = ?, updated_utc = ? WHERE idempotency_key = ?",
               (state, error, to_utc_text(now), key))


def fail_pending_dock_commands(db: Database, kiosk_id: str, now: datetime) -> None:
    """At start-up: this kiosk's commands left pending by a crash never got their answer."""
    db.execute("UPDATE dock_commands SET state = 'failed', error = 'the kiosk stopped during this command', "
               "updated_utc = ? WHERE state = 'pending' AND kiosk_id = ?", (to_utc_text(now), kiosk_id))


def dock_commands_of(db: Database, rental_id: str) -> list[tuple[str, int, str]]:
    """(action, slot, state) of the dock commands written for a rental, oldest first."""
    return [tuple(row) for row in db.execute(
        "SELECT action, slot, state FROM dock_commands WHERE rental_id = ? ORDER BY id", (rental_id,))]


# Deposits -----------------------------------------------------------------------------------------------

# Rows -----------------------------------------------------------------------------------------------------

def _rental(row: tuple) -> Rental:
    (rental_id, key, chair_id, patient_id, kiosk_id, dock_slot, mode, state, terms_json, deposit_fen,
     deposit_state, started, home_use_from, due, ended, fee_fen, charge_id, end_reason, return_kiosk) = row
    return Rental(rental_id, key, chair_id, patient_id, kiosk_id, dock_slot, RentalMode(mode), RentalState(state),
                  _terms(terms_json), deposit_fen, deposit_state, from_utc_text(started),
                  _optional_time(home_use_from), _optional_time(due), _optional_time(ended), fee_fen, charge_id,
                  end_reason, return_kiosk)


def _chair(row: tuple) -> Wheelchair:
    chair_id, state, note, updated = row
    return Wheelchair(chair_id, ChairState(state), note, from_utc_text(updated))


@functools.lru_cache(maxsize=64)
def _terms(terms_json: str) -> RentalTerms:
    """Every rental of a hospital carries the same few terms; parse each spelling once."""
    return RentalTerms.from_dict(json.loads(terms_json))


def _optional_time(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


def _utc_or_none(moment: datetime | None) -> str | None:
    return to_utc_text(moment) if moment else None
