"""The schema's history: numbered revisions in ``kiosk/storage/revisions/``, run in order on either engine.

``rNNN_name.py`` takes the schema from version N − 1 to N with its ``upgrade(db)``. Each runs in its
own transaction together with the version bump, so a crash leaves the database at the last completed
revision and the next start-up carries on from there. Append new revisions; never edit a released one.

SQLite keeps the version in ``PRAGMA user_version`` (existing kiosk files upgrade in place);
PostgreSQL in the one-row table ``schema_version``, and kiosks starting together take turns on an
advisory lock. Revisions are written in SQLite's DDL; ``postgres_ddl`` rewrites the four things
PostgreSQL spells differently (AUTOINCREMENT keys, BLOB, 64-bit INTEGER, GLOB in CHECKs); anything
else that differs (triggers) a revision writes per engine, asking ``db.engine``.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from types import ModuleType

from kiosk.storage import revisions
from kiosk.storage.database import Database, engine_of

Migration = Callable[[Database], None]

# A lock id all OneVisit kiosks agree on ("OVSCHEMA" in ASCII), held while one of them migrates.
MIGRATION_LOCK_ID = 0x4F56534348454D41


def _revisions() -> list[ModuleType]:
    found = sorted(name for _, name, _ in pkgutil.iter_modules(revisions.__path__) if re.fullmatch(r"r\d{3}_\w+", name))
    modules = [importlib.import_module(f"{revisions.__name__}.{name}") for name in found]
    for number, name in enumerate(found, 1):
        if int(name[1:4]) != number:
            raise RuntimeError(f"schema revisions are not numbered 1..N without gaps: {name} is number {number}")
    return modules


REVISIONS = _revisions()
MIGRATIONS: list[Migration] = [module.upgrade for module in REVISIONS]
CURRENT_SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(Exception):
    """The database was written by a newer program; migrating it backwards is never attempted."""


def schema_version(db: Database) -> int:
    if engine_of(db) == "postgresql":
        row = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        return int(db.execute("SELECT version FROM schema_version").fetchone()[0])
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, up_to: int = CURRENT_SCHEMA_VERSION, *, kiosk_id: str = "") -> int:
    """Run every pending migration up to ``up_to`` (tests stop early to build old databases).

    ``kiosk_id`` is the kiosk opening the database: rows written before kiosks had ids become its own.
    """
    db.owner_kiosk_id = kiosk_id
    if not 0 <= up_to <= CURRENT_SCHEMA_VERSION:
        raise ValueError(f"schema version {up_to} does not exist (0..{CURRENT_SCHEMA_VERSION})")
    if engine_of(db) == "postgresql":
        return _migrate_postgres(db, up_to)
    return _migrate_sqlite(db, up_to)


def _migrate_sqlite(db: Database, up_to: int) -> int:
    conn = db.conn
    current = schema_version(db)
    if current > CURRENT_SCHEMA_VERSION:
        raise SchemaTooNew(f"schema {current} is newer than this program's {CURRENT_SCHEMA_VERSION}")
    while current < up_to:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) != current:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                current = schema_version(db)
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


def _migrate_postgres(db: Database, up_to: int) -> int:
    db.execute("SELECT pg_advisory_lock(?)", (MIGRATION_LOCK_ID,))
    try:
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        with db.transaction():
            if db.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 0:
                db.execute("INSERT INTO schema_version (version) VALUES (0)")
        current = schema_version(db)
        if current > CURRENT_SCHEMA_VERSION:
            raise SchemaTooNew(f"schema {current} is newer than this program's {CURRENT_SCHEMA_VERSION}")
        translating = _PostgresDDL(db)
        while current < up_to:
            with db.transaction():
                MIGRATIONS[current](translating)
                db.execute("UPDATE schema_version SET version = ?", (current + 1,))
            current += 1
        return current
    finally:
        db.execute("SELECT pg_advisory_unlock(?)", (MIGRATION_LOCK_ID,))


class _PostgresDDL:
    """The database as a revision sees it on PostgreSQL: its SQLite DDL rewritten on the way."""

    engine = "postgresql"

    def __init__(self, db: Database) -> None:
        self._db = db

    def execute(self, sql: str, parameters=None):
        return self._db.execute(postgres_ddl(sql), parameters)

    def __getattr__(self, name: str):
        return getattr(self._db, name)

    def __getitem__(self, table: str):
        return self._db[table]


_DDL_REWRITES = [
    (re.compile(r"\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", re.I), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"(\w+)\s+NOT\s+GLOB\s+'\*\[\^0-9\]\*'"), r"\1 !~ '[^0-9]'"),
]


def postgres_ddl(sql: str) -> str:
    if not re.match(r"\s*(CREATE|ALTER)\s", sql, re.I):
        return sql
    for pattern, replacement in _DDL_REWRITES:
        sql = pattern.sub(replacement, sql)
    return sql
