"""Schema revision 14: kiosks sharing one database.

A hospital's kiosks may share one database (PostgreSQL). What belongs to one kiosk gets a
``kiosk_id``: its state (out of service, volume), device events, print jobs, payment intents, and
its own audit hash chain (``UNIQUE (kiosk_id, prev_hash)``: each kiosk's chain starts at the genesis
hash and cannot fork). Rows already in the database belong to the kiosk that migrates it (an
embedded SQLite file has only ever had one kiosk), ``db.owner_kiosk_id``.

Hospital-wide: ``queue_counters`` (one row per department and day, bumped atomically, so two
kiosks never hand out the same number), ``job_leases`` (one kiosk at a time runs a hospital-wide
job such as reconciliation or reminders), and ``change_counters`` (a version per shared thing, e.g.
the face gallery, that every kiosk polls to notice changes made at another kiosk).
"""
from __future__ import annotations

from kiosk.storage.database import Database, engine_of
from kiosk.storage.revisions.r001_initial_tables import audit_log_append_only


def upgrade(db: Database) -> None:
    owner = getattr(db, "owner_kiosk_id", "") or ""
    for table in ("device_events", "print_jobs", "payment_intents"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT ''")
        db.execute(f"UPDATE {table} SET kiosk_id = ?", (owner,))
    db.execute("CREATE INDEX print_jobs_by_kiosk_state ON print_jobs(kiosk_id, state, created_utc)")
    db.execute("CREATE INDEX payment_intents_by_kiosk_state ON payment_intents(kiosk_id, state, updated_utc)")
    db.execute("CREATE INDEX device_events_by_kiosk ON device_events(kiosk_id, at_utc)")

    db.execute("""CREATE TABLE kiosk_state_v2 (
        kiosk_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (kiosk_id, key)
    )""")
    db.execute("INSERT INTO kiosk_state_v2 (kiosk_id, key, value, updated_utc) "
               "SELECT ?, key, value, updated_utc FROM kiosk_state", (owner,))
    db.execute("DROP TABLE kiosk_state")
    db.execute("ALTER TABLE kiosk_state_v2 RENAME TO kiosk_state")

    db.execute("""CREATE TABLE audit_log_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kiosk_id TEXT NOT NULL,
        at_utc TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        UNIQUE (kiosk_id, prev_hash)
    )""")
    if engine_of(db) == "postgresql":
        db.execute("INSERT INTO audit_log_v2 (id, kiosk_id, at_utc, actor, action, detail_json, prev_hash, hash) "
                   "OVERRIDING SYSTEM VALUE SELECT id, ?, at_utc, actor, action, detail_json, prev_hash, hash "
                   "FROM audit_log", (owner,))
        db.execute("SELECT setval(pg_get_serial_sequence('audit_log_v2', 'id'), coalesce(max(id), 0) + 1, false) "
                   "FROM audit_log_v2")
        db.execute("DROP TABLE audit_log")
        db.execute("DROP FUNCTION audit_log_append_only")
    else:
        db.execute("INSERT INTO audit_log_v2 (id, kiosk_id, at_utc, actor, action, detail_json, prev_hash, hash) "
                   "SELECT id, ?, at_utc, actor, action, detail_json, prev_hash, hash FROM audit_log", (owner,))
        db.execute("DROP TABLE audit_log")  # an implicit delete that fires no trigger; the triggers go with it
    db.execute("ALTER TABLE audit_log_v2 RENAME TO audit_log")
    audit_log_append_only(db)
    db.execute("CREATE INDEX audit_log_by_action ON audit_log (action, at_utc)")
    db.execute("CREATE INDEX audit_log_by_kiosk ON audit_log (kiosk_id, id)")

    db.execute("""CREATE TABLE queue_counters (
        department_code TEXT NOT NULL,
        day TEXT NOT NULL,
        last_sequence INTEGER NOT NULL CHECK (last_sequence >= 0),
        PRIMARY KEY (department_code, day)
    )""")
    db.execute("INSERT INTO queue_counters (department_code, day, last_sequence) "
               "SELECT department_code, day, max(sequence) FROM queue_numbers GROUP BY department_code, day")
    db.execute("""CREATE TABLE job_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        until_utc TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE change_counters (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL
    )""")
