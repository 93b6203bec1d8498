"""Schema revision 1: initial tables."""
from __future__ import annotations

from kiosk.storage.database import Database, engine_of


def upgrade(db: Database) -> None:
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
    audit_log_append_only(db)


def audit_log_append_only(db: Database) -> None:
    """Triggers that refuse UPDATE and DELETE on audit_log (also used when revision 14 rebuilds it)."""
    if engine_of(db) == "postgresql":
        db.execute("""CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only: rows cannot be %', CASE TG_OP WHEN 'UPDATE'
                    THEN 'changed' ELSE 'deleted' END;
            END $$""")
        db.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
                      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""")
        return
    db.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END""")
    db.execute("""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END""")
