"""Changing the audit log around its append-only triggers, as someone with the database owner's account
could: on SQLite by dropping the triggers, on PostgreSQL by ``ALTER TABLE … DISABLE TRIGGER USER`` (the
test cluster's user is a superuser). Tests use it to show that the hash chains find what was done."""
from __future__ import annotations

from kiosk.storage import engine_of


def tamper_audit_log(db, sql: str, params=()) -> None:
    """Run ``sql`` (an UPDATE or DELETE on audit_log) with the append-only triggers out of the way."""
    if engine_of(db) == "postgresql":
        with db.transaction():
            db.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
            db.execute(sql, params)
            db.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
        return
    for trigger in ("audit_log_no_update", "audit_log_no_delete"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute(sql, params)
