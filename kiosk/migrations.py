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


def _wheelchair_fleet_and_rentals(db: sqlite_utils.Database) -> None:
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


def _payments_insurance_credit_and_invoices(db: sqlite_utils.Database) -> None:
    """Card-free settlement (see kiosk.payment and kiosk.insurance): the embedded insurer's years and
    settlements, payment intents and gateway attempts (written before every gateway call), verified
    notifications, the money ledger (UNIQUE per movement, so nothing is booked twice), refunds,
    pay-later debts and the e-invoices the demo billing issues.
    """
    db.execute("""CREATE TABLE insurance_years (
        patient_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        deductible_used_fen INTEGER NOT NULL CHECK (deductible_used_fen >= 0),
        fund_used_fen INTEGER NOT NULL CHECK (fund_used_fen >= 0),
        account_balance_fen INTEGER NOT NULL CHECK (account_balance_fen >= 0),
        PRIMARY KEY (patient_id, year)
    )""")
    db.execute("""CREATE TABLE insurance_settlements (
        setl_id TEXT PRIMARY KEY,
        mdtrt_id TEXT NOT NULL UNIQUE,
        request_key TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        insurance_type TEXT NOT NULL,
        medfee_sumamt INTEGER NOT NULL CHECK (medfee_sumamt > 0),
        fund_pay_sumamt INTEGER NOT NULL CHECK (fund_pay_sumamt >= 0),
        hifp_pay INTEGER NOT NULL CHECK (hifp_pay >= 0),
        acct_pay INTEGER NOT NULL CHECK (acct_pay >= 0),
        psn_cash_pay INTEGER NOT NULL CHECK (psn_cash_pay >= 0),
        psn_part_amt INTEGER NOT NULL CHECK (psn_part_amt >= 0),
        deductible_fen INTEGER NOT NULL CHECK (deductible_fen >= 0),
        items_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pre_settled', 'confirmed', 'reversed')),
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        CHECK (fund_pay_sumamt + acct_pay + psn_cash_pay = medfee_sumamt)
    )""")
    db.execute("CREATE INDEX insurance_settlements_by_patient ON insurance_settlements(patient_id, year, state)")
    db.execute("""CREATE TABLE payment_intents (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL,
        patient_id TEXT NOT NULL,
        charges_json TEXT NOT NULL,
        debt_ids_json TEXT NOT NULL DEFAULT '[]',
        setl_id TEXT,
        total_fen INTEGER NOT NULL DEFAULT 0 CHECK (total_fen >= 0),
        fund_fen INTEGER NOT NULL DEFAULT 0 CHECK (fund_fen >= 0),
        account_fen INTEGER NOT NULL DEFAULT 0 CHECK (account_fen >= 0),
        cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (cash_fen >= 0),
        debt_fen INTEGER NOT NULL DEFAULT 0 CHECK (debt_fen >= 0),
        state TEXT NOT NULL CHECK (state IN ('presettling', 'open', 'paid', 'credit', 'settled', 'abandoned')),
        method TEXT NOT NULL DEFAULT '',
        invoice_number TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE UNIQUE INDEX payment_intents_one_live_per_key ON payment_intents(idempotency_key) "
               "WHERE state != 'abandoned'")
    db.execute("CREATE INDEX payment_intents_by_state ON payment_intents(state, updated_utc)")
    db.execute("""CREATE TABLE payment_attempts (
        out_trade_no TEXT PRIMARY KEY,
        intent_id TEXT NOT NULL REFERENCES payment_intents(id),
        kind TEXT NOT NULL CHECK (kind IN ('qr', 'code')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        state TEXT NOT NULL CHECK (state IN ('creating', 'awaiting', 'paid', 'cancelling', 'cancelled',
            'refund_due', 'refunded', 'failed')),
        credited INTEGER NOT NULL DEFAULT 0 CHECK (credited IN (0, 1)),
        qr_code TEXT NOT NULL DEFAULT '',
        trade_no TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        deadline_utc TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE UNIQUE INDEX payment_attempts_one_credited_per_intent ON payment_attempts(intent_id) "
               "WHERE credited = 1")
    db.execute("CREATE INDEX payment_attempts_by_state ON payment_attempts(state, deadline_utc)")
    db.execute("""CREATE TABLE payment_notifications (
        notify_id TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        trade_status TEXT NOT NULL,
        outcome TEXT NOT NULL,
        received_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE payment_ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('gateway_in', 'gateway_refund', 'credit_debt', 'credit_repaid')),
        ref TEXT NOT NULL,
        intent_id TEXT NOT NULL,
        out_trade_no TEXT NOT NULL DEFAULT '',
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        at_utc TEXT NOT NULL,
        UNIQUE (kind, ref)
    )""")
    db.execute("""CREATE TABLE payment_refunds (
        out_request_no TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL REFERENCES payment_attempts(out_trade_no),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'done', 'failed')),
        error TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE credit_debts (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        intent_id TEXT NOT NULL UNIQUE REFERENCES payment_intents(id),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        due_day TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'repaid')),
        repaid_by_intent TEXT,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX credit_debts_by_patient ON credit_debts(patient_id, state)")
    db.execute("""CREATE TABLE e_invoices (
        invoice_number TEXT PRIMARY KEY,
        intent_id TEXT NOT NULL UNIQUE REFERENCES payment_intents(id),
        patient_id TEXT NOT NULL,
        setl_id TEXT NOT NULL,
        check_code TEXT NOT NULL,
        verification_url TEXT NOT NULL,
        total_fen INTEGER NOT NULL,
        fund_fen INTEGER NOT NULL,
        account_fen INTEGER NOT NULL,
        self_pay_fen INTEGER NOT NULL,
        lines_json TEXT NOT NULL,
        issued_utc TEXT NOT NULL
    )""")


def _face_templates_consents_and_queue_numbers(db: sqlite_utils.Database) -> None:
    """Face check-in (see kiosk.face, kiosk.checkin): encrypted face templates (never images), the
    consent record behind them, and the queue numbers handed out per department and day.
    """
    db.execute("""CREATE TABLE face_consents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        patient_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('self_service', 'staff_assisted')),
        staff_id TEXT NOT NULL DEFAULT '',
        notice_version TEXT NOT NULL,
        consented_utc TEXT NOT NULL,
        withdrawn_utc TEXT
    )""")
    db.execute("CREATE INDEX face_consents_by_patient ON face_consents(patient_id, withdrawn_utc)")
    db.execute("""CREATE TABLE face_templates (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        format TEXT NOT NULL,
        nonce BLOB NOT NULL CHECK (length(nonce) = 12),
        ciphertext BLOB NOT NULL,
        created_utc TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX face_templates_by_patient ON face_templates(patient_id)")
    db.execute("""CREATE TABLE queue_numbers (
        appointment_id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        department_code TEXT NOT NULL,
        day TEXT NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        number TEXT NOT NULL,
        issued_utc TEXT NOT NULL,
        called_utc TEXT,
        UNIQUE (department_code, day, sequence)
    )""")


def _audit_action_index(db: sqlite_utils.Database) -> None:
    """Help alerts and the staff audit filter look rows up by action; without this they scan the log."""
    db.execute("CREATE INDEX audit_log_by_action ON audit_log (action, at_utc)")


def _credit_pins_refund_reversals_and_reconciliation_reports(db: sqlite_utils.Database) -> None:
    """Pay-later PINs (scrypt, per-patient salt, lockout), what a refund reversed, one report per day."""
    db.execute("""CREATE TABLE credit_pins (
        patient_id TEXT PRIMARY KEY,
        salt BLOB NOT NULL CHECK (length(salt) = 16),
        pin_hash BLOB NOT NULL,
        failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
        locked_until_utc TEXT,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE refund_reversals (
        out_request_no TEXT PRIMARY KEY REFERENCES payment_refunds(out_request_no),
        intent_id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('full', 'self_pay_only')),
        setl_id TEXT,
        charge_ids_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'done')),
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE reconciliation_reports (
        day TEXT PRIMARY KEY,
        trades_checked INTEGER NOT NULL,
        ledger_in_fen INTEGER NOT NULL,
        ledger_refund_fen INTEGER NOT NULL,
        invoices_self_pay_fen INTEGER NOT NULL,
        credited_fen INTEGER NOT NULL,
        differences_json TEXT NOT NULL,
        balanced INTEGER NOT NULL CHECK (balanced IN (0, 1)),
        created_utc TEXT NOT NULL
    )""")


def _doctor_sessions_and_same_day_registrations(db: sqlite_utils.Database) -> None:
    """Demo HIS: who sees patients in which session of a day, and same-day registrations by idempotency key."""
    db.execute("""CREATE TABLE doctor_sessions (
        doctor_id TEXT NOT NULL REFERENCES doctors(id),
        day TEXT NOT NULL,
        session TEXT NOT NULL CHECK (session IN ('morning', 'afternoon')),
        first_slot TEXT NOT NULL,
        last_slot TEXT NOT NULL,
        places INTEGER NOT NULL CHECK (places >= 0),
        PRIMARY KEY (doctor_id, day, session)
    )""")
    db.execute("""CREATE TABLE registrations (
        idempotency_key TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        appointment_id TEXT NOT NULL UNIQUE REFERENCES appointments(id),
        charge_id TEXT NOT NULL UNIQUE REFERENCES charges(id),
        created_utc TEXT NOT NULL
    )""")


def _wheelchair_reminders_and_patient_messages(db: sqlite_utils.Database) -> None:
    """Overdue wheelchair reminders (an outbox: one per rental per hospital day, sent through the HIS
    port) and the demo HIS's record of the messages it was asked to send to patients."""
    db.execute("""CREATE TABLE wheelchair_reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rental_id TEXT NOT NULL REFERENCES wheelchair_rentals(id),
        patient_id TEXT NOT NULL,
        day TEXT NOT NULL,
        text_zh TEXT NOT NULL,
        text_en TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        error TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        UNIQUE (rental_id, day)
    )""")
    db.execute("CREATE INDEX wheelchair_reminders_by_state ON wheelchair_reminders (state, updated_utc)")
    db.execute("""CREATE TABLE his_patient_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_key TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        text_zh TEXT NOT NULL,
        text_en TEXT NOT NULL,
        received_utc TEXT NOT NULL
    )""")


def _red_letter_invoices(db: sqlite_utils.Database) -> None:
    """A full refund reverses the bill's e-invoice with a red-letter one (红字发票), at most once."""
    db.execute("""CREATE TABLE e_invoice_reversals (
        red_invoice_number TEXT PRIMARY KEY,
        invoice_number TEXT NOT NULL UNIQUE REFERENCES e_invoices(invoice_number),
        intent_id TEXT NOT NULL,
        refund_request_no TEXT NOT NULL,
        self_pay_fen INTEGER NOT NULL,
        issued_utc TEXT NOT NULL
    )""")


def _refunds_keyed_by_trade_and_request(db: sqlite_utils.Database) -> None:
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


MIGRATIONS: list[Migration] = [
    _v1_initial_tables,
    _v2_overdue_debt_and_lookup_indexes,
    _v3_print_journal,
    _v4_staff_accounts,
    _wheelchair_fleet_and_rentals,
    _payments_insurance_credit_and_invoices,
    _face_templates_consents_and_queue_numbers,
    _audit_action_index,
    _credit_pins_refund_reversals_and_reconciliation_reports,
    _doctor_sessions_and_same_day_registrations,
    _wheelchair_reminders_and_patient_messages,
    _red_letter_invoices,
    _refunds_keyed_by_trade_and_request,
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
