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
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Union

import sqlite_utils

from kiosk.storage.errors import DatabaseUnavailable, StorageError

log = logging.getLogger(__name__)

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


class SqliteDatabase(sqlite_utils.Database):
    """The embedded engine: one SQLite file (``kiosk.storage.sqlite.open_sqlite`` opens it safely)."""

    engine = "sqlite"
    url = ""


class PostgresDatabase:
    """The hospital's shared engine: one psycopg connection, autocommit outside ``transaction()``.

    A lost connection (server restarted, network cut) is noticed when a statement fails: that call
    raises ``DatabaseUnavailable`` in plain words and the database counts as down (``available``)
    until a later use connects again. Reconnecting is tried at most once every ``retry_after_s``, so
    while the server is away every call fails at once instead of waiting on the network. A write
    transaction is never retried here: when the connection breaks while its COMMIT is on the way, the
    error says the outcome is unknown (``outcome_unknown``) and the caller decides.
    """

    engine = "postgresql"
    retry_after_s = 10.0

    def __init__(self, conn: Any, url: str, reconnect: Callable[[], Any] | None = None) -> None:
        self.conn = conn
        self.url = url
        self._reconnect = reconnect
        self._lock = threading.RLock()
        self._depth = 0  # transaction nesting of the thread holding _lock
        self._owner = 0
        self._closed = False
        self._next_try = 0.0
        self.down_since: float | None = None  # time.time() when the server stopped answering
        self.down_reason = ""  # plain words, for maintenance and logs

    @property
    def available(self) -> bool:
        """False from a lost connection until a use connects again."""
        return self.down_since is None

    @property
    def in_transaction(self) -> bool:
        """True inside ``transaction()`` on the calling thread."""
        return self._depth > 0 and self._owner == threading.get_ident()

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        with self._lock:
            conn = self._usable()
            try:
                return conn.execute(to_pyformat(sql), _params(parameters))
            except _operational_error() as error:
                raise self._failed(conn, error, committing=self._depth == 0) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        with self._lock:
            conn = self._usable()
            try:
                cursor = conn.cursor()
                cursor.executemany(to_pyformat(sql), [_params(row) for row in rows])
            except _operational_error() as error:
                raise self._failed(conn, error, committing=self._depth == 0) from None
            return cursor

    def ping(self) -> bool:
        """One trivial round trip (reconnecting if due); True when the server answered."""
        try:
            self.execute("SELECT 1").fetchone()
        except DatabaseUnavailable:
            return False
        return True

    def __getitem__(self, table: str) -> PostgresTable:
        return PostgresTable(self, table)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresDatabase]:
        """One atomic write (nested use is a savepoint). Threads sharing the connection take turns."""
        with self._lock:
            conn = self._usable()
            outer = self._depth == 0
            self._depth += 1
            self._owner = threading.get_ident()
            committing = False
            try:
                with conn.transaction():
                    yield self
                    committing = outer  # leaving the block sends COMMIT (or RELEASE for a savepoint)
            except _operational_error() as error:
                raise self._failed(conn, error, committing=committing) from None
            finally:
                self._depth -= 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self.conn is not None:
                self.conn.close()

    def _usable(self) -> Any:
        """The connection, re-made when the last one was lost (at most once every retry_after_s)."""
        if self._closed:
            raise StorageError("the hospital database connection was closed (the kiosk is shutting down)")
        conn = self.conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if self._depth:  # lost inside a transaction: that transaction is gone, no new one under it
            raise DatabaseUnavailable(self.down_reason or "the connection to the hospital database was lost")
        if self._reconnect is None or time.monotonic() < self._next_try:
            raise DatabaseUnavailable(self.down_reason or "the hospital database cannot be reached")
        try:
            self.conn = self._reconnect()
        except StorageError as error:
            self._next_try = time.monotonic() + self.retry_after_s
            self._mark_down(str(error))
            raise DatabaseUnavailable(str(error)) from None
        if self.down_since is not None:
            log.warning("the hospital database answers again (down for %.0f s)", time.time() - self.down_since)
        self.down_since = None
        self.down_reason = ""
        return self.conn

    def _failed(self, conn: Any, error: Exception, *, committing: bool) -> DatabaseUnavailable:
        detail = first_line(error)
        if not (conn.closed or conn.broken):  # the server answered: lock timeout, cancelled, deadlock
            return DatabaseUnavailable(f"The hospital database is busy and did not finish this step ({detail}); "
                                       "nothing of it was saved. Please try again in a moment.")
        self._next_try = 0.0  # the server may be back at once (a restart): the next use tries
        self._mark_down(f"The hospital database stopped answering ({detail}). Check the network and that the "
                        "database server is running; the kiosk keeps trying.")
        if committing and not _ended_by_the_server(error):
            return DatabaseUnavailable("The hospital database stopped answering while this was being saved, so it "
                                       f"may or may not have been saved ({detail}). Check before doing it again.",
                                       outcome_unknown=True)
        return DatabaseUnavailable(f"The hospital database stopped answering ({detail}); nothing of this step was "
                                   "saved.")

    def _mark_down(self, reason: str) -> None:
        if self.down_since is None:
            self.down_since = time.time()
            log.warning("hospital database unavailable: %s", reason)
        self.down_reason = reason


class PostgresTable:
    """The few sqlite-utils table calls the kiosk uses, as plain INSERTs."""

    def __init__(self, db: PostgresDatabase, name: str) -> None:
        self.db = db
        self.name = name

    def insert(self, record: Mapping[str, Any], **_: Any) -> PostgresTable:
        columns = list(record)
        self.db.execute(f"INSERT INTO {self.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                        [record[column] for column in columns])  # one round trip, no pipeline
        return self

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


def _operational_error() -> tuple[type[Exception], ...]:
    """The errors that mean the connection (not the statement) failed: the network, the server, or the
    server ending a transaction left open too long (``idle_in_transaction_session_timeout``)."""
    import psycopg

    return psycopg.OperationalError, psycopg.errors.IdleInTransactionSessionTimeout


def _ended_by_the_server(error: Exception) -> bool:
    """The server rolled the transaction back and closed the connection before any COMMIT arrived."""
    import psycopg

    return isinstance(error, psycopg.errors.IdleInTransactionSessionTimeout)


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


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
