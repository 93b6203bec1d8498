"""The hospital's shared PostgreSQL (15 or newer): connected, migrated, and explained when it can't be.

``storage.database = "postgresql://user@host/db"`` (a password, if any, comes from ``~/.pgpass`` or
``PGPASSFILE``, never the URL in the config). Every kiosk of the hospital opens the same database;
the schema is migrated by whichever kiosk starts first, the others wait on an advisory lock.

Parameters are sent untyped (``unknown``), as SQLite takes them: the server gives each the type of
the column or expression it meets, so ``?`` compared with a TEXT column or an INTEGER column both
work, and a Python bool is stored as 0/1 like on SQLite. ``sum()`` of integers (NUMERIC in
PostgreSQL) comes back as ``int`` as it does from SQLite.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from kiosk.storage.database import PostgresDatabase, first_line
from kiosk.storage.errors import DatabaseUnavailable, StorageError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5
# Statements that wait longer than this on a lock give up with a plain error instead of hanging a kiosk.
LOCK_TIMEOUT = "10s"
TCP_USER_TIMEOUT_MS = 10_000
# The server's side of the same: a kiosk that lost its network (or its power) mid-transaction, or while
# holding its instance lock, is noticed by the server in about 25 s (the kernel's default is 2 hours)
# and its locks let go, so other kiosks are not kept from that bill or chair, and the kiosk restarted
# after the network is back is not told it "already runs". A transaction left open for a minute (no
# kiosk step takes that long) is ended by the server for the same reason.
SESSION_SETTINGS = {
    "lock_timeout": LOCK_TIMEOUT,
    "TimeZone": "UTC",
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
    "idle_in_transaction_session_timeout": "60s",
}


def open_postgres(url: str, *, kiosk_id: str = "") -> PostgresDatabase:
    """Connect to ``url`` and bring the schema up to date (``kiosk.storage.migrations``)."""
    from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, SchemaTooNew, migrate, schema_version

    db = connect_postgres(url, application_name=f"onevisit {kiosk_id}".strip())
    try:
        migrate(db, kiosk_id=kiosk_id)
    except SchemaTooNew:
        found = schema_version(db)
        db.close()
        raise StorageError(f"The hospital database at {redact(url)} was upgraded by a newer OneVisit (schema {found}, "
                           f"this program knows {CURRENT_SCHEMA_VERSION}): update this kiosk's software like the "
                           "others; nothing was changed.") from None
    except BaseException:
        db.close()
        raise
    return db


def connect_postgres(url: str, *, application_name: str = "onevisit") -> PostgresDatabase:
    """One connection, re-made on the next use after it is lost (``PostgresDatabase``)."""
    return PostgresDatabase(_connect(url, application_name), url,
                            reconnect=lambda: _connect(url, application_name))


def connect_postgres_read_only(url: str, *, application_name: str = "onevisit") -> PostgresDatabase:
    """A connection of its own whose transactions cannot write (a metrics scrape, a report)."""
    reader = connect_postgres(url, application_name=application_name)
    reader.execute("SET default_transaction_read_only = on")
    return reader


def server_version(db: PostgresDatabase) -> str:
    """The server's version as it names it ("16.4 (Debian 16.4-1.pgdg120+1)")."""
    return db.execute("SHOW server_version").fetchone()[0]


def _connect(url: str, application_name: str) -> Any:
    import psycopg

    try:
        # Keepalives and a TCP user timeout: a cut network breaks the connection in about 15 s instead
        # of leaving a statement waiting for an answer that will never come.
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                               application_name=application_name, keepalives=1, keepalives_idle=5,
                               keepalives_interval=2, keepalives_count=3, tcp_user_timeout=TCP_USER_TIMEOUT_MS)
    except psycopg.OperationalError as error:
        raise explain(error, url) from None
    except psycopg.ProgrammingError as error:  # libpq cannot read the URL (an unknown ?option=)
        raise StorageError(f"storage.database {redact(url)} is not a PostgreSQL address libpq accepts "
                           f"({first_line(error)}). Write it as postgresql://user@host/database.") from None
    try:
        _adapt_like_sqlite(conn)
        conn.execute("SELECT " + ", ".join("set_config(%s, %s, false)" for _ in SESSION_SETTINGS),
                     [value for pair in SESSION_SETTINGS.items() for value in pair])  # one round trip
    except psycopg.OperationalError as error:
        conn.close()
        raise explain(error, url) from None
    version = conn.info.server_version
    if version < 150000:
        conn.close()
        raise StorageError(f"The database server at {redact(url)} is PostgreSQL {version // 10000}; OneVisit needs "
                           "15 or newer. Upgrade the server or point storage.database at another one.")
    return conn


def redact(url: str) -> str:
    """The URL without a password, for messages and logs."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def explain(error: Exception, url: str) -> StorageError:
    """A connection error in plain words: ``DatabaseUnavailable`` when the server or the network is
    away (refused, timed out, a name not resolved, the server starting or shutting down, full), which
    passes by itself, so a starting kiosk waits for it; a plain ``StorageError`` for what a person must
    fix (no such database, a login the server refuses)."""
    text = first_line(error)
    lowered = text.lower()
    where = redact(url)
    if "does not exist" in lowered and "database" in lowered:
        return StorageError(f"The database named in {where} does not exist on the server. Ask the hospital's database "
                            "administrator to create it (createdb), then start the kiosk again.")
    if any(sign in lowered for sign in _LOGIN_REFUSED) or ("role" in lowered and "does not exist" in lowered):
        return StorageError(f"The database server at {where} refused this kiosk's login ({text}). Check the user in "
                            "storage.database and the password in ~/.pgpass of the kiosk's account.")
    return DatabaseUnavailable(f"The hospital database at {where} cannot be reached ({text}). Check the network and "
                               "that the database server is running; the kiosk keeps trying.")


# What the server or libpq says when it refuses this login: a user, password or pg_hba.conf to fix.
_LOGIN_REFUSED = ("password", "authentication", "no pg_hba.conf entry", "is not permitted to log in",
                  "permission denied for database")


def _adapt_like_sqlite(conn: Any) -> None:
    from psycopg.adapt import Dumper
    from psycopg.types.numeric import NumericLoader

    class UntypedDumper(Dumper):
        oid = 0  # "unknown": the server types it from where it is used, as SQLite does

        def dump(self, obj: Any) -> bytes:
            return str(int(obj) if isinstance(obj, bool) else obj).encode()

    class IntegralNumericLoader(NumericLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            if isinstance(value, Decimal) and value == value.to_integral_value():
                return int(value)
            return float(value) if isinstance(value, Decimal) else value

    for kind in (int, float, bool):
        conn.adapters.register_dumper(kind, UntypedDumper)
    conn.adapters.register_loader("numeric", IntegralNumericLoader)
