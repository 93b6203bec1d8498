"""Schema revision 3: print journal."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
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
