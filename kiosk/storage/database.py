"""What every store module is handed: one database, SQLite or PostgreSQL, spoken to in one SQL dialect.

The SQL the kiosk writes is the common ground of SQLite ≥ 3.35 and PostgreSQL ≥ 15: ``?``
placeholders, ``INSERT … ON CONFLICT … DO NOTHING/UPDATE``, ``RETURNING``, ``coalesce``, no
``json_extract``, no ``lastrowid``. ``SqliteDatabase`` is sqlite-utils' own ``Database`` (a real file,
WAL); ``PostgresDatabase`` offers the same calls the store modules use (``execute``, ``executemany``,
``db[table].insert/insert_all/count``, ``close``) over one psycopg 3 connection, turning ``?`` into
psycopg's ``%s``. Both have ``engine`` ("sqlite" or "postgresql").

Why not SQLAlchemy Core: the kiosk's SQL is hand-written text in both cases, and the measured
overhead per statement of a ``text()`` round trip (``benchmarks/storage_bench.py``) buys nothing the
seam needs; the dialect differences left are few enough to name here and in the revisions.
"""
from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Union

import sqlite_utils

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


class SqliteDatabase(sqlite_utils.Database):
    """The embedded engine: one SQLite file (``kiosk.storage.sqlite.open_sqlite`` opens it safely)."""

    engine = "sqlite"
    url = ""


class PostgresDatabase:
    """The hospital's shared engine: one psycopg connection, autocommit outside ``transaction()``."""

    engine = "postgresql"

    def __init__(self, conn: Any, url: str) -> None:
        self.conn = conn
        self.url = url
        self._lock = threading.RLock()

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        with self._lock:
            return self.conn.execute(to_pyformat(sql), _params(parameters))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        with self._lock:
            cursor = self.conn.cursor()
            cursor.executemany(to_pyformat(sql), [_params(row) for row in rows])
            return cursor

    def __getitem__(self, table: str) -> PostgresTable:
        return PostgresTable(self, table)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresDatabase]:
        """One atomic write (nested use is a savepoint). Threads sharing the connection take turns."""
        with self._lock, self.conn.transaction():
            yield self

    def close(self) -> None:
        self.conn.close()


class PostgresTable:
    """The few sqlite-utils table calls the kiosk uses, as plain INSERTs."""

    def __init__(self, db: PostgresDatabase, name: str) -> None:
        self.db = db
        self.name = name

    def insert(self, record: Mapping[str, Any], **_: Any) -> PostgresTable:
        return self.insert_all([record])

    def insert_all(self, records: Iterable[Mapping[str, Any]], **_: Any) -> PostgresTable:
        records = list(records)
        if records:
            columns = list(records[0])
            sql = (f"INSERT INTO {self.name} ({', '.join(columns)}) "
                   f"VALUES ({', '.join('?' for _ in columns)})")
            self.db.executemany(sql, [[record[column] for column in columns] for record in records])
        return self

    @property
    def count(self) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {self.name}").fetchone()[0])


Database = Union[SqliteDatabase, PostgresDatabase]


def engine_of(db: object) -> str:
    return getattr(db, "engine", "sqlite")


def _params(parameters: Sequence[Any] | Mapping[str, Any] | None) -> Sequence[Any] | Mapping[str, Any]:
    if parameters is None:
        return ()
    return parameters if isinstance(parameters, Mapping) else tuple(parameters)


@functools.lru_cache(maxsize=4096)
def to_pyformat(sql: str) -> str:
    """``?`` outside quotes becomes ``%s``; a literal ``%`` becomes ``%%`` (psycopg reads both)."""
    out: list[str] = []
    quote = ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in ("'", '"'):
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)
