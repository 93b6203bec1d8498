"""Where the kiosk keeps what must survive: the embedded SQLite file or the hospital's shared PostgreSQL.

``open_database(target)`` takes a file path (SQLite, the default for one kiosk) or a
``postgresql://`` URL (a hospital's kiosks sharing one database) and returns a migrated database.
``write_transaction(db)`` is one atomic write on either. ``lock(db, name)`` serialises a
read-then-write on one thing (a queue, a chair, an audit chain) across every kiosk of the hospital:
a transaction-scoped advisory lock on PostgreSQL; on SQLite the write transaction already holds the
file's only write lock.

Module map: ``database`` (the two engines' common calls and the SQL dialect), ``sqlite``,
``postgres``, ``migrations`` + ``revisions/`` (the schema history), ``errors``, ``outbox`` (what waits
locally while the hospital's PostgreSQL is away).
"""
from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

from kiosk.storage.database import Database, PostgresDatabase, SqliteDatabase, engine_of, is_postgres_url
from kiosk.storage.errors import DATABASE_ERRORS, INTEGRITY_ERRORS, DatabaseUnavailable, StorageError
from kiosk.storage.sqlite import MEMORY, open_sqlite, sqlite_transaction

__all__ = ["DATABASE_ERRORS", "INTEGRITY_ERRORS", "MEMORY", "Database", "DatabaseUnavailable", "PostgresDatabase",
           "SqliteDatabase", "StorageError", "engine_of", "in_transaction", "is_postgres_url", "lock", "open_database",
           "write_transaction"]


def open_database(target: str | Path, *, kiosk_id: str = "", **sqlite_options: float) -> Database:
    """A migrated database: SQLite for a path (options: busy/lock timeouts), PostgreSQL for a URL.

    ``kiosk_id`` is the kiosk opening it (rows from before kiosks had ids become that kiosk's)."""
    if is_postgres_url(target):
        from kiosk.storage.postgres import open_postgres

        return open_postgres(str(target), kiosk_id=kiosk_id)
    return open_sqlite(target, kiosk_id=kiosk_id, **sqlite_options)


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write; nested use becomes a savepoint inside the outer transaction."""
    if engine_of(db) == "postgresql":
        with db.transaction():
            yield db
        return
    with sqlite_transaction(db):
        yield db


@contextlib.contextmanager
def joined_transaction(db: Database) -> Iterator[Database]:
    """Inside this thread's open write transaction on PostgreSQL: join it, without a savepoint (two
    round trips saved; a failure fails the whole transaction, as it would anyway when not caught).
    Otherwise ``write_transaction``."""
    if engine_of(db) == "postgresql" and db.in_transaction:
        yield db
        return
    with write_transaction(db) as opened:
        yield opened


def lock(db: Database, name: str) -> None:
    """Inside a write transaction: hold ``name`` until it ends, against every kiosk of the hospital."""
    if engine_of(db) == "postgresql":
        key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
        db.execute("SELECT pg_advisory_xact_lock(?)", (key,))


def in_transaction(db: Database) -> bool:
    """True when the calling code runs inside a write transaction (its writes stand or fall with it)."""
    if engine_of(db) == "postgresql":
        return db.in_transaction
    return db.conn.in_transaction
