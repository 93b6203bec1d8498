"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes the schema from version ``n`` to ``n + 1``. Each runs in its own
``BEGIN IMMEDIATE`` transaction together with the ``user_version`` bump, so a crash leaves the file at
the last completed version and the next start-up carries on from there. Append new steps; never edit
a released one.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def _v1_initial_tables(db: sqlite_utils.Database) -> None:
    """Kiosk state, device events, the audit log and the demo hospital's HIS tables."""
    statements = [
        """CREATE TABLE kiosk_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_utc TEXT NOT NULL
        )""",
        """CREATE TABLE device_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            device_kind TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('ok', 'degraded', 'fault', 'unknown')),
            detail TEXT NOT NULL DEFAULT '',
            at_utc TEXT NOT NULL
        )""",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail_json TEXT NOT NULL,
            prev_hash TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL UNIQUE
        )""",
        # UNIQUE(prev_hash): two rows can never claim the same predecessor, so the chain cannot fork.
        """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
           BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END""",
        """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
           BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END""",
        """CREATE TABLE departments (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            floor INTEGER NOT NULL,
            room TEXT NOT NULL,
            is_clinic INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE doctors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            department_code TEXT NOT NULL REFERENCES departments(code),
            title_zh TEXT NOT NULL,
            title_en TEXT NOT NULL,
            registration_fee_fen INTEGER NOT NULL CHECK (registration_fee_fen >= 0)
        )""",
        """CREATE TABLE patients (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            id_number TEXT NOT NULL UNIQUE,
            phone TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
            insurance_type TEXT NOT NULL,
            credit_score INTEGER NOT NULL
        )""",
        """CREATE TABLE appointments (
            id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL REFERENCES patients(id),
            department_code TEXT NOT NULL REFERENCES departments(code),
            doctor_id TEXT NOT NULL REFERENCES doctors(id),
            doctor_name TEXT NOT NULL,
            day TEXT NOT NULL,
            slot_time TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled')),
            checked_in_utc TEXT
        )""",
        """CREATE TABLE charges (
            id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL REFERENCES patients(id),
            service_day TEXT NOT NULL,
            item_class TEXT NOT NULL CHECK (item_class IN ('registration', 'examination',
                'laboratory', 'western_medicine', 'chinese_medicine', 'materials', 'wheelchair')),
            description_zh TEXT NOT NULL,
            description_en TEXT NOT NULL,
            amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
            insurance_category TEXT NOT NULL CHECK (insurance_category IN ('A', 'B', 'C')),
            status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'pay_later', 'refunded', 'voided'))
        )""",
        """CREATE TABLE demo_seed_days (
            day TEXT PRIMARY KEY,
            seed INTEGER NOT NULL,
            seeded_utc TEXT NOT NULL
        )""",
    ]
    for statement in statements:
        db.execute(statement)


def _v2_overdue_debt_and_lookup_indexes(db: sqlite_utils.Database) -> None:
    """Pay-later needs each patient's overdue debt; check-in and settlement look up by patient+day."""
    db.execute("ALTER TABLE patients ADD COLUMN overdue_debt_fen INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX appointments_by_patient_day ON appointments(patient_id, day)")
    db.execute("CREATE INDEX charges_by_patient_status ON charges(patient_id, status)")
    db.execute("CREATE INDEX patients_by_phone ON patients(phone)")


def _v3_print_journal(db: sqlite_utils.Database) -> None:
    """Every print is an intent row written before a byte goes to the printer (see kiosk.printing.journal)."""
    db.execute("""CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        printer TEXT NOT NULL CHECK (printer IN ('receipt', 'document')),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        payload BLOB NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'dismissed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        reprints INTEGER NOT NULL DEFAULT 0 CHECK (reprints IN (0, 1)),
        printer_ref TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        fallback_json TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX print_jobs_by_state ON print_jobs(state, created_utc)")


def _v4_staff_accounts(db: sqlite_utils.Database) -> None:
    """Staff accounts (scrypt PIN hash + salt) and their wrong-PIN count and lock (see kiosk.staff)."""
    db.execute("""CREATE TABLE staff (
        staff_id TEXT PRIMARY KEY CHECK (length(staff_id) BETWEEN 4 AND 8 AND staff_id NOT GLOB '*[^0-9]*'),
        name TEXT NOT NULL CHECK (length(name) > 0),
        role TEXT NOT NULL CHECK (role IN ('technician', 'finance', 'admin')),
        pin_hash TEXT NOT NULL,
        pin_salt BLOB NOT NULL CHECK (length(pin_salt) = 16),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE staff_sign_in_state (
        staff_id TEXT PRIMARY KEY REFERENCES staff(staff_id) ON DELETE CASCADE,
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        locked_until_utc TEXT
    )""")


MIGRATIONS: list[Migration] = [
    _v1_initial_tables,
    _v2_overdue_debt_and_lookup_indexes,
    _v3_print_journal,
    _v4_staff_accounts,
]
CURRENT_SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(Exception):
    """The file was written by a newer program; migrating it backwards is never attempted."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, up_to: int = CURRENT_SCHEMA_VERSION) -> int:
    """Run every pending migration up to ``up_to`` (tests stop early to build old files)."""
    if not 0 <= up_to <= CURRENT_SCHEMA_VERSION:
        raise ValueError(f"schema version {up_to} does not exist (0..{CURRENT_SCHEMA_VERSION})")
    conn = db.conn
    current = schema_version(conn)
    if current > CURRENT_SCHEMA_VERSION:
        raise SchemaTooNew(f"schema {current} is newer than this program's {CURRENT_SCHEMA_VERSION}")
    while current < up_to:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) != current:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                current = schema_version(conn)
                continue
            MIGRATIONS[current](db)
            conn.execute(f"PRAGMA user_version={current + 1}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        current += 1
    return current
