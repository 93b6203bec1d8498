"""The audit chain's rows: append one, find the head, walk them for ``verify``, read them for staff.

The hashing and every decision about the chain stay in ``kiosk.audit``; this module holds the SQL.
Writes run inside the caller's ``write_transaction`` after it took the chain's lock
(``lock(db, "audit:<kiosk>")``). Rows come back as ``AuditEntry`` (what callers read) or, for the
chain walk and the CSV export, as ``StoredRow`` (the columns exactly as stored, text and all).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.clock import from_utc_text
from kiosk.storage import Database

_ENTRY_COLUMNS = "id, at_utc, actor, action, detail_json, prev_hash, hash"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at_utc: datetime
    actor: str
    action: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str
    queued: bool = False  # kept in the outbox until the database answers (id 0, no hashes yet)


@dataclass(frozen=True)
class StoredRow:
    """One ``audit_log`` row as stored (``at_utc`` and ``detail_json`` still text, as they were hashed)."""

    id: int
    kiosk_id: str
    at_utc: str
    actor: str
    action: str
    detail_json: str
    prev_hash: str
    hash: str


def holds_row(db: Database, kiosk_id: str, at_utc: str, actor: str, action: str, detail_json: str) -> bool:
    """True when the kiosk's chain already has this very row (a forwarded one whose first COMMIT got through)."""
    return db.execute("SELECT 1 FROM audit_log WHERE kiosk_id = ? AND action = ? AND at_utc = ? AND actor = ? "
                      "AND detail_json = ?", (kiosk_id, action, at_utc, actor, detail_json)).fetchone() is not None


def insert_row(db: Database, kiosk_id: str, at_utc: str, actor: str, action: str, detail_json: str,
               prev_hash: str, row_hash: str) -> int:
    """Append one row; its new id."""
    return db.execute(
        "INSERT INTO audit_log (kiosk_id, at_utc, actor, action, detail_json, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (kiosk_id, at_utc, actor, action, detail_json, prev_hash, row_hash),
    ).fetchone()[0]


def bump_row_counter(db: Database, counter: str) -> bool:
    """Count one more row on ``counter``; False when the counter does not exist yet."""
    return db.execute("UPDATE change_counters SET version = version + 1 WHERE name = ?", (counter,)).rowcount == 1


def start_row_counter(db: Database, counter: str, kiosk_id: str) -> None:
    """Create ``counter`` at the number of rows the kiosk's chain holds now."""
    db.execute("INSERT INTO change_counters (name, version) "
               "SELECT ?, count(*) FROM audit_log WHERE kiosk_id = ?", (counter, kiosk_id))


def row_counters(db: Database, prefix: str) -> list[tuple[str, int]]:
    """Every ``(counter name, rows counted)`` whose name starts with ``prefix``, by name."""
    return db.execute("SELECT name, version FROM change_counters WHERE substr(name, 1, ?) = ? ORDER BY name",
                      (len(prefix), prefix)).fetchall()


def newest_hash(db: Database, kiosk_id: str) -> str | None:
    """The hash of the kiosk's newest row (None: its chain is empty)."""
    head = db.execute("SELECT hash FROM audit_log WHERE kiosk_id = ? ORDER BY id DESC LIMIT 1",
                      (kiosk_id,)).fetchone()
    return head[0] if head else None


def all_rows(db: Database) -> Iterator[StoredRow]:
    """Every kiosk's rows in id order (read as they are walked, not all at once)."""
    for row in db.execute(
        "SELECT id, kiosk_id, at_utc, actor, action, detail_json, prev_hash, hash FROM audit_log ORDER BY id"
    ):
        yield StoredRow(*row)


def chain_rows(db: Database, kiosk_id: str) -> Iterator[StoredRow]:
    """One kiosk's chain, oldest first (read as they are walked)."""
    for row in db.execute(f"SELECT {_ENTRY_COLUMNS} FROM audit_log WHERE kiosk_id = ? ORDER BY id", (kiosk_id,)):
        row_id, *rest = row
        yield StoredRow(row_id, kiosk_id, *rest)


def last_issued_id(db: Database) -> int | None:
    """SQLite only: the highest id the table ever issued (``sqlite_sequence``), None before the first row."""
    issued = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    return issued[0] if issued else None


def newest_entries(db: Database, limit: int, *, kiosk_id: str | None = None, action: str | None = None,
                   actor: str | None = None, since_utc: str | None = None) -> list[AuditEntry]:
    """Newest first; each filter (exact kiosk, action, actor; ``at_utc >= since_utc``) applies when given."""
    clauses, params = ["1 = 1"], []
    if kiosk_id is not None:
        clauses.append("kiosk_id = ?")
        params.append(kiosk_id)
    if action is not None:
        clauses.append("action = ?")
        params.append(action)
    if actor is not None:
        clauses.append("actor = ?")
        params.append(actor)
    if since_utc is not None:
        clauses.append("at_utc >= ?")
        params.append(since_utc)
    rows = db.execute(f"SELECT {_ENTRY_COLUMNS} FROM audit_log WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT ?",
                      (*params, int(limit))).fetchall()
    return [_entry(row) for row in rows]


def actions(db: Database, kiosk_id: str) -> list[str]:
    """The distinct actions in the kiosk's chain."""
    return [row[0] for row in db.execute("SELECT DISTINCT action FROM audit_log WHERE kiosk_id = ?",
                                         (kiosk_id,)).fetchall()]


def page(db: Database, kiosk_id: str, category: str | None, since_utc: str | None,
         limit: int) -> tuple[int, list[AuditEntry]]:
    """Staff's view of the kiosk's chain: ``(rows matching, the newest ``limit`` of them)``.

    ``category`` is an action or an action prefix (``payment`` matches ``payment.*``). A row whose
    detail cannot be read is still listed (its detail says so); ``verify`` names it."""
    clauses, params = ["kiosk_id = ?"], [kiosk_id]
    if category:
        clauses.append("(action = ? OR action LIKE ? ESCAPE '\\')")
        params += [category, category.replace("%", "\\%").replace("_", "\\_") + ".%"]
    if since_utc is not None:
        clauses.append("at_utc >= ?")
        params.append(since_utc)
    where = f"WHERE {' AND '.join(clauses)}"
    total = db.execute(f"SELECT count(*) FROM audit_log {where}", params).fetchone()[0]
    rows = db.execute(f"SELECT {_ENTRY_COLUMNS} FROM audit_log {where} ORDER BY id DESC LIMIT ?",
                      (*params, int(limit))).fetchall()
    return total, [_listable_entry(row) for row in rows]


def _entry(row: tuple) -> AuditEntry:
    row_id, at_utc, actor, action, detail_json, prev_hash, row_hash = row
    return AuditEntry(row_id, from_utc_text(at_utc), actor, action, json.loads(detail_json), prev_hash, row_hash)


def _listable_entry(row: tuple) -> AuditEntry:
    row_id, at_utc, actor, action, detail_json, prev_hash, row_hash = row
    try:
        detail = json.loads(detail_json)
    except ValueError:  # a tampered row must still be listable; verify() names it
        detail = {"unreadable": detail_json[:80]}
    return AuditEntry(row_id, from_utc_text(at_utc), actor, action, detail, prev_hash, row_hash)
