"""Schema revision 5: wheelchair fleet and rentals."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Wheelchairs, their rentals, dock commands (intent rows) and damage reports (see kiosk.wheelchair).

    The partial UNIQUE index is what makes renting one chair twice impossible, even for two kiosks
    writing to the same file at the same moment.
    """
    db.execute("""CREATE TABLE wheelchairs (
        chair_id TEXT PRIMARY KEY CHECK (length(chair_id) BETWEEN 1 AND 16),
        state TEXT NOT NULL CHECK (state IN ('available', 'rented', 'home_use', 'overdue', 'maintenance',
            'disinfection', 'lost')),
        note TEXT NOT NULL DEFAULT '',
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE wheelchair_rentals (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        chair_id TEXT NOT NULL REFERENCES wheelchairs(chair_id),
        patient_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        dock_slot INTEGER,
        mode TEXT NOT NULL CHECK (mode IN ('on_site', 'home_use')),
        state TEXT NOT NULL CHECK (state IN ('awaiting_pickup', 'active', 'returned', 'cancelled')),
        terms_json TEXT NOT NULL,
        deposit_fen INTEGER NOT NULL CHECK (deposit_fen >= 0),
        deposit_state TEXT NOT NULL CHECK (deposit_state IN ('waived', 'held', 'released')),
        started_utc TEXT NOT NULL,
        home_use_from_utc TEXT,
        due_utc TEXT,
        ended_utc TEXT,
        fee_fen INTEGER CHECK (fee_fen >= 0),
        fee_json TEXT NOT NULL DEFAULT '',
        charge_id TEXT,
        end_reason TEXT NOT NULL DEFAULT '',
        return_kiosk_id TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("CREATE UNIQUE INDEX wheelchair_one_open_rental_per_chair ON wheelchair_rentals(chair_id) "
               "WHERE state IN ('awaiting_pickup', 'active')")
    db.execute("CREATE INDEX wheelchair_rentals_by_state ON wheelchair_rentals(state, chair_id)")
    db.execute("""CREATE TABLE dock_commands (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL,
        slot INTEGER NOT NULL CHECK (slot >= 1),
        action TEXT NOT NULL CHECK (action IN ('unlock', 'lock')),
        rental_id TEXT REFERENCES wheelchair_rentals(id),
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        error TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE wheelchair_damage_reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chair_id TEXT NOT NULL REFERENCES wheelchairs(chair_id),
        rental_id TEXT REFERENCES wheelchair_rentals(id),
        problem TEXT NOT NULL CHECK (problem IN ('wheel', 'brake', 'seat', 'footrest', 'other')),
        reported_utc TEXT NOT NULL,
        UNIQUE (rental_id, problem)
    )""")
