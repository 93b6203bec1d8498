"""What can wait while the hospital's database is away: a small local SQLite file, forwarded later.

A kiosk on the hospital's shared PostgreSQL keeps working for what does not need it. Audit rows
(help calls among them: ``help.requested``) and device events that cannot be written go into this
file (``storage.outbox``, beside the kiosk's other local state) and a background job forwards them,
oldest first, when the database answers again. Each kind has a forwarder (``register``) that writes
one row inside a write transaction (up to ``BATCH`` rows share one) **unless it is already there**,
found by its natural key (for an audit row: kiosk, time to the microsecond, actor, action and
detail; for a device event: every column). So a forward whose COMMIT
answer was lost, or a kiosk killed between the central commit and the local delete, never writes a
row twice; and the local row is deleted only after the central commit, so nothing is lost.

A row the database refuses for a reason other than being away (its data does not fit) would block
every row behind it: it is set aside with the reason (``held``), shown in maintenance, and kept.

Only the PostgreSQL engine has an outbox: the embedded SQLite file is on the kiosk itself.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.clock import Clock, to_utc_text
from kiosk.storage.database import Database
from kiosk.storage.errors import DatabaseUnavailable, StorageError
from kiosk.storage.sqlite import _ensure_private_file, _ensure_writable_folder

log = logging.getLogger(__name__)

OUTBOX_FILE_NAME = "outbox.db"
BATCH = 50  # rows forwarded in one transaction

# One row into the shared database, inside the transaction it is given, unless it is already there.
Forwarder = Callable[[Database, dict[str, Any]], None]

_SCHEMA = """CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    queued_utc TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    held_reason TEXT NOT NULL DEFAULT ''
)"""


@dataclass(frozen=True)
class OutboxState:
    """What maintenance shows: rows waiting, rows set aside, and the last reason a forward stopped."""

    waiting: int
    held: int
    oldest_utc: str  # "" when nothing waits
    last_error: str


@dataclass(frozen=True)
class ForwardReport:
    forwarded: int
    waiting: int  # left to forward (not counting held rows)
    error: str  # why it stopped early ("" when everything went)


class Outbox:
    """The local file of rows waiting for the hospital's database; safe to use from several threads."""

    def __init__(self, path: str | Path, clock: Clock) -> None:
        self.path = Path(path)
        self._clock = clock
        self._forwarders: dict[str, Forwarder] = {}
        self._lock = threading.RLock()
        self._forwarding = threading.Lock()
        self.forwarded_total = 0  # since start, for maintenance
        if str(path) != ":memory:":
            _ensure_writable_folder(self.path)
            _ensure_private_file(self.path)
        try:
            self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")  # a queued audit row survives a power cut
            self._conn.execute(_SCHEMA)
        except sqlite3.Error as error:
            raise StorageError(f"The kiosk's outbox {self.path} cannot be used ({error}). Give the kiosk's user "
                               "account write access to it, or set storage.outbox to another file.") from None

    def register(self, kind: str, forwarder: Forwarder) -> None:
        self._forwarders[kind] = forwarder

    def put(self, kind: str, payload: dict[str, Any], reason: str = "") -> int:
        """Keep one row for later; returns its place in the queue (its id)."""
        if kind not in self._forwarders:
            raise ValueError(f"nothing forwards outbox rows of kind {kind!r}")
        with self._lock:
            first = not self.holds()
            row_id = self._conn.execute(
                "INSERT INTO outbox (kind, payload_json, queued_utc, last_error) VALUES (?, ?, ?, ?) RETURNING id",
                (kind, json.dumps(payload, ensure_ascii=False, sort_keys=True), to_utc_text(self._clock.now()),
                 reason)).fetchone()[0]
        # One warning when the outbox starts filling; each further row is routine while the database is away.
        log.log(logging.WARNING if first else logging.INFO, "%s kept in the outbox (#%d) until the hospital "
                "database answers", kind, row_id, extra={"event": "outbox.queued"})
        return row_id

    def holds(self, kind: str | None = None) -> bool:
        """True while rows (of ``kind``) wait to be forwarded."""
        clause, params = ("AND kind = ?", (kind,)) if kind else ("", ())
        with self._lock:
            return self._conn.execute(f"SELECT 1 FROM outbox WHERE held_reason = '' {clause} LIMIT 1",
                                      params).fetchone() is not None

    def state(self) -> OutboxState:
        with self._lock:
            waiting, held, oldest = self._conn.execute(
                "SELECT coalesce(sum(held_reason = ''), 0), coalesce(sum(held_reason != ''), 0), "
                "coalesce(min(CASE WHEN held_reason = '' THEN queued_utc END), '') FROM outbox").fetchone()
            last = self._conn.execute("SELECT last_error FROM outbox WHERE held_reason = '' ORDER BY id LIMIT 1"
                                      ).fetchone()
        return OutboxState(int(waiting), int(held), oldest, last[0] if last else "")

    def forward(self, db: Database) -> ForwardReport:
        """Forward waiting rows in order until done or the database stops answering.

        Up to ``BATCH`` rows go in one transaction (one commit, not one per row); when the database
        refuses a batch for its data, that batch goes again one row at a time to find the row to set aside."""
        with self._forwarding:  # one forward at a time (the background job and a new audit row)
            forwarded = 0
            batch_size = BATCH
            while True:
                with self._lock:
                    rows = self._conn.execute("SELECT id, kind, payload_json FROM outbox WHERE held_reason = '' "
                                              "ORDER BY id LIMIT ?", (batch_size,)).fetchall()
                if not rows:
                    return ForwardReport(forwarded, 0, "")
                try:
                    self._forward_batch(db, rows)
                except DatabaseUnavailable as error:
                    self._note_failure(rows[0][0], str(error))
                    return ForwardReport(forwarded, self.state().waiting, str(error))
                except Exception as error:  # the database refused a row's data
                    if len(rows) > 1:
                        batch_size = 1  # again one by one, to set aside only that row
                        continue
                    log.error("outbox row #%d (%s) cannot be forwarded and is set aside: %s", rows[0][0], rows[0][1],
                              error)
                    with self._lock:
                        self._conn.execute("UPDATE outbox SET held_reason = ?, attempts = attempts + 1 WHERE id = ?",
                                           (f"{type(error).__name__}: {error}"[:500], rows[0][0]))
                    continue
                with self._lock:  # one statement: one local commit for the batch
                    self._conn.execute(f"DELETE FROM outbox WHERE id IN ({', '.join('?' for _ in rows)})",
                                       [row[0] for row in rows])
                forwarded += len(rows)
                self.forwarded_total += len(rows)
                log.info("%d row(s) forwarded from the outbox", len(rows), extra={"event": "outbox.forwarded"})

    def _forward_batch(self, db: Database, rows: list[tuple[int, str, str]]) -> None:
        from kiosk.storage import write_transaction

        with write_transaction(db) as transaction:
            for _, kind, payload_json in rows:
                forwarder = self._forwarders.get(kind)
                if forwarder is None:
                    raise ValueError(f"nothing forwards outbox rows of kind {kind!r}")
                forwarder(transaction, json.loads(payload_json))

    def _note_failure(self, row_id: int, reason: str) -> None:
        with self._lock:
            self._conn.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                               (reason[:500], row_id))

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def default_outbox_path(database: str | Path, state_folder: Path) -> Path:
    """Beside a SQLite database; for the hospital's PostgreSQL, in the kiosk's local state folder."""
    from kiosk.storage.database import is_postgres_url

    if is_postgres_url(database) or str(database) == ":memory:":
        return state_folder / OUTBOX_FILE_NAME
    return Path(database).parent / OUTBOX_FILE_NAME


def insert_unless_present(db: Database, table: str, row: dict[str, Any]) -> bool:
    """Insert ``row`` unless a row with exactly these column values exists; True when inserted.

    For rows whose columns are their own natural key (a device event: kiosk, device, state, detail
    and the time to the microsecond)."""
    columns = sorted(row)
    match = " AND ".join(f"{column} = ?" for column in columns)
    values = [row[column] for column in columns]
    if db.execute(f"SELECT 1 FROM {table} WHERE {match} LIMIT 1", values).fetchone() is not None:
        return False
    db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values)
    return True


@dataclass(frozen=True)
class StorageStatus:
    """Is the hospital's database answering, and what waits in the outbox (the background job's result)."""

    available: bool
    reason: str  # why not, in plain words ("" when available)
    outbox: OutboxState


def check_storage(db: Database, outbox: Outbox | None) -> StorageStatus:
    """The background job: forward what waits; otherwise one round trip, so a database that went away
    (or came back) is noticed before a patient needs it."""
    if outbox is None or getattr(db, "engine", "sqlite") != "postgresql":
        return StorageStatus(True, "", OutboxState(0, 0, "", ""))
    if outbox.holds():
        outbox.forward(db)
    else:
        db.ping()
    return StorageStatus(db.available, db.down_reason, outbox.state())
