"""The embedded engine, one SQLite file: opened safely, migrated, and refused in plain words when it can't be.

``open_sqlite`` sets WAL (readers never block the writer), ``synchronous=FULL`` (a committed payment
or rental survives a power cut), foreign keys and a busy timeout, then brings the schema up to date.
Before it changes anything it checks that the file is a database, that no other program holds the
write lock, and that the schema is not newer than this program; in those cases it raises
``StorageError`` and leaves the file exactly as it was. A new data folder is made 0700 and a new
database 0600 (its -wal and -shm files follow the database's mode); an existing database readable by
other accounts is made 0600. Before an upgrade migrates an existing database it is backed up to
``backups/pre-upgrade-schema<N>-<time>/`` beside it (``kiosk.ops.backup``).
"""
from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from kiosk.storage.database import SqliteDatabase
from kiosk.storage.errors import StorageError
from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, migrate, schema_version

log = logging.getLogger(__name__)

MEMORY = ":memory:"
BUSY_TIMEOUT_SECONDS = 5.0
LOCK_PROBE_SECONDS = 0.5


def open_sqlite(
    path: str | Path,
    *,
    busy_timeout_seconds: float = BUSY_TIMEOUT_SECONDS,
    lock_probe_seconds: float = LOCK_PROBE_SECONDS,
    kiosk_id: str = "",
) -> SqliteDatabase:
    """Open (creating if needed) the kiosk database at ``path`` and migrate it to the current schema.

    The connection may be used from worker threads (``check_same_thread=False``); wrap multi-statement
    writes in ``kiosk.storage.write_transaction`` so threads sharing it take turns.
    """
    is_memory = str(path) == MEMORY
    if not is_memory:
        path = Path(path)
        _ensure_writable_folder(path)
        _ensure_private_file(path)
    conn = _connect(path, lock_probe_seconds)
    try:
        found = _check_before_touching(conn, path, lock_probe_seconds)
        if not is_memory and 0 < found < CURRENT_SCHEMA_VERSION:
            _backup_before_upgrade(path, found)
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds * 1000)}")
        if not is_memory:
            _set_wal(conn, path)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        db = SqliteDatabase(conn)
        migrate(db, kiosk_id=kiosk_id)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise _explain(error, path) from error
    except BaseException:
        conn.close()
        raise
    return db


def write_lock(db: sqlite_utils.Database) -> threading.RLock:
    """The lock that threads sharing ``db``'s connection take before a write transaction."""
    lock = getattr(db, "_onevisit_write_lock", None)
    if lock is None:
        with _LOCK_CREATION:
            lock = getattr(db, "_onevisit_write_lock", None)
            if lock is None:
                lock = threading.RLock()
                db._onevisit_write_lock = lock  # type: ignore[attr-defined]
    return lock


@contextlib.contextmanager
def sqlite_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write: ``BEGIN IMMEDIATE`` so the write lock is held from the first read.

    Holding the lock before reading is what keeps read-then-write logic (the audit chain head, a
    day's seeding check) correct across threads and across processes sharing the file. Nested use
    becomes a savepoint inside the outer transaction.
    """
    with write_lock(db):
        conn = db.conn
        if conn.in_transaction:
            with db.atomic():
                yield db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")


_LOCK_CREATION = threading.Lock()


def _ensure_writable_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"Cannot create the folder {folder} for the database {path.name} ({error.strerror or error}). "
            "Give the kiosk's user account write access there, or set another data path in the config."
        ) from error
    if not folder.is_dir():
        raise StorageError(
            f"{folder} is not a folder, so the database {path.name} cannot be kept there. "
            "Set another data path in the config."
        )


def _connect(path: str | Path, timeout: float) -> sqlite3.Connection:
    try:
        return sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
    except sqlite3.Error as error:
        raise _explain(error, path) from error


def _check_before_touching(conn: sqlite3.Connection, path: str | Path, probe_seconds: float) -> int:
    """Read-only checks: is it a database, is it newer than us, can we take the write lock."""
    found = schema_version(SqliteDatabase(conn))  # reading the header fails on non-database files
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if found > CURRENT_SCHEMA_VERSION:
        raise StorageError(
            f"The database {path} was written by a newer OneVisit (schema {found}, this program "
            f"knows {CURRENT_SCHEMA_VERSION}): update the kiosk software; nothing was changed."
        )
    conn.execute(f"PRAGMA busy_timeout={int(probe_seconds * 1000)}")
    conn.execute("BEGIN IMMEDIATE")  # takes the write lock without writing anything
    conn.execute("ROLLBACK")
    return found


def _backup_before_upgrade(path: Path, found: int) -> None:
    from kiosk.ops.backup import BackupError, pre_upgrade_backup

    try:
        folder = pre_upgrade_backup(path, found)
    except (BackupError, OSError) as error:
        raise StorageError(f"The database {path} needs an upgrade (schema {found} to {CURRENT_SCHEMA_VERSION}) but "
                           f"the backup before it failed ({error}); free disk space next to it and start again; "
                           "nothing was changed.") from None
    log.warning("database %s backed up to %s before upgrading it from schema %d to %d",
                path, folder, found, CURRENT_SCHEMA_VERSION)


def _ensure_private_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does (it would use the umask); tighten an old one."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        kind = path.stat().st_mode
        if not stat.S_ISREG(kind):
            what = "a folder" if stat.S_ISDIR(kind) else "a pipe or a device"
            raise StorageError(f"{path} is {what}, not a database file; set storage.database to a file path "
                               "(for example /var/lib/onevisit/kiosk.db)") from None
        for suffix in ("", "-wal", "-shm"):
            existing = Path(str(path) + suffix)
            with contextlib.suppress(OSError):
                if existing.is_file() and existing.stat().st_mode & 0o077:
                    existing.chmod(0o600)
        return
    except OSError:
        return  # the connect that follows explains it in plain words
    os.close(descriptor)


def _set_wal(conn: sqlite3.Connection, path: Path) -> None:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StorageError(
            f"The database {path} could not be switched to WAL mode (it stayed '{mode}'); "
            "keep the data folder on a local disk, not a network share."
        )


def _explain(error: sqlite3.Error, path: str | Path) -> StorageError:
    """Turn SQLite's terse messages into what a technician can act on."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            f"The database {path} is locked by another program (a second OneVisit, a backup or a "
            "database viewer). Close that program, then start the kiosk again; nothing was changed."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"{path} is not a OneVisit database or it is damaged ({error}). Restore it from the last "
            "backup, or move it aside so the kiosk starts with an empty one; nothing was changed."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text or "disk i/o" in text:
        folder = Path(path).parent if str(path) != MEMORY else path
        return StorageError(
            f"The database {path} cannot be written ({error}). Give the kiosk's user account write "
            f"access to {folder} and the file, and check that the disk is not full or read-only."
        )
    return StorageError(f"The database {path} cannot be used: {error}.")


def quick_check(conn: sqlite3.Connection | SqliteDatabase) -> str:
    """SQLite's ``PRAGMA quick_check`` of a database: "ok", or the first problem it found."""
    return conn.execute("PRAGMA quick_check").fetchone()[0]


def use_rollback_journal(conn: sqlite3.Connection | SqliteDatabase) -> None:
    """Leave WAL: the file becomes self-contained (no -wal beside it), as a copy put away should be."""
    conn.execute("PRAGMA journal_mode=DELETE")
