"""Backups a hospital can trust: a consistent online copy of the database, the key files, a manifest.

A backup is a folder (mode 0700, files 0600)::

    kiosk.db         the database, copied with SQLite's online backup API (consistent while the kiosk writes)
    face.key         the AES-GCM key of the face templates        (when the config names one that exists)
    label.key        the HMAC key of the wheelchair labels        (idem)
    manifest.json    kiosk id, schema version, time, and the SHA-256 of every file above

``restore_backup`` checks the manifest and the database, refuses a backup from a newer OneVisit, moves
what it replaces aside (``*.before-restore-<time>``) and only then puts the backup in place.

A kiosk on the hospital's shared PostgreSQL backs up its keys only (the manifest says
``"database": "postgresql"``): the database is every kiosk's, and the hospital's database
administrator backs it up with ``pg_dump`` and restores it with ``pg_restore``. Restoring such a
backup puts the keys back; a backup holding a SQLite database is refused on such a kiosk. An upgrade
(``kiosk.storage.open_database`` finding an older schema) first writes ``backups/pre-upgrade-…`` next
to the database with ``backup_database`` — the way back after a bad upgrade.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.storage.database import is_postgres_url
from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, schema_version
from kiosk.storage.sqlite import quick_check, use_rollback_journal
from kiosk.ops.safe_files import UnsafeFile, read_regular_file

MANIFEST = "manifest.json"
DATABASE = "kiosk.db"
KEY_NAMES = {"face_key": "face.key", "label_key": "label.key"}
MAX_KEY_BYTES = 4096
# The whole copy in one step, inside one read transaction: in WAL mode the kiosk goes on writing meanwhile
# (readers never block the writer). A stepped copy restarts whenever another connection writes between
# steps, and under a steadily writing kiosk it never finished (benchmarks/backup_bench.py).
PAGES_ALL = -1


class BackupError(Exception):
    """A backup cannot be made or put back; plain words, nothing was changed."""


@dataclass(frozen=True)
class BackupReport:
    folder: Path
    schema: int  # 0 for a keys-only backup of a PostgreSQL kiosk
    files: dict[str, str]  # name -> sha256
    database: str = "sqlite"  # "postgresql": the database is not in the folder (pg_dump is the DBA's)


def backup_stamp() -> str:
    """UTC time to the microsecond: sorts by age, and two backups in one second do not collide."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")



def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_database(source: Path, target: Path) -> int:
    """Copy the live database ``source`` into the new file ``target`` (0600) and return its schema version.

    SQLite's backup API copies a consistent snapshot even while another connection writes.
    """
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new backup folder")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    os.close(descriptor)
    try:
        reader = sqlite3.connect(source, timeout=30)
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"cannot open the database {source} to back it up ({error})") from None
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer, pages=PAGES_ALL)
            use_rollback_journal(writer)  # one self-contained file, no -wal beside it
            check = quick_check(writer)
            if check != "ok":
                raise BackupError(f"the copy of {source} failed its check ({check}); the disk may be failing")
            return schema_version(writer)
        finally:
            writer.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"the database {source} could not be copied ({error})") from None
    finally:
        reader.close()


def make_backup(database: Path | str, keys: dict[str, Path], destination: Path, kiosk_id: str) -> BackupReport:
    """Write a backup folder at ``destination`` (which must not exist yet or be empty).

    ``database`` a PostgreSQL URL: the keys only (at least one must exist)."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new folder for the backup")
    shared = is_postgres_url(database)
    if shared and not any(path.exists() for path in keys.values()):
        raise BackupError("this kiosk's database is the hospital's PostgreSQL (its administrator backs it up with "
                          "pg_dump) and none of its key files exists yet, so there is nothing to back up here")
    if not shared and not Path(database).is_file():
        raise BackupError(f"there is no database at {database} to back up")
    destination.mkdir(mode=0o700, parents=True, exist_ok=True)
    destination.chmod(0o700)
    files: dict[str, str] = {}
    schema = 0
    if not shared:
        schema = backup_database(Path(database), destination / DATABASE)
        files[DATABASE] = _sha256(destination / DATABASE)
    for role, path in keys.items():
        if not path.exists():
            continue
        try:
            data = read_regular_file(path, MAX_KEY_BYTES)
        except (UnsafeFile, OSError) as error:
            raise BackupError(f"the key file {path} cannot be backed up: {error}") from None
        name = KEY_NAMES[role]
        descriptor = os.open(destination / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        files[name] = hashlib.sha256(data).hexdigest()
    manifest = {"kiosk_id": kiosk_id, "schema": schema, "created_utc": backup_stamp(), "files": files,
                "database": "postgresql" if shared else "sqlite"}
    descriptor = os.open(destination / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    return BackupReport(destination, schema, files, manifest["database"])


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads(read_regular_file(folder / MANIFEST, 64 * 1024, owner_only=False))
        files = manifest["files"]
        schema = int(manifest["schema"])
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a OneVisit backup (no {MANIFEST})") from None
    except (UnsafeFile, OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"the manifest of {folder} cannot be read ({error})") from None
    keys_only = manifest.get("database") == "postgresql"
    if DATABASE not in files and not keys_only:
        raise BackupError(f"the backup {folder} holds no database")
    if keys_only and DATABASE in files:
        raise BackupError(f"the manifest of {folder} says keys only but names a database; this backup is damaged")
    for name, expected in files.items():
        if name not in (DATABASE, *KEY_NAMES.values()):
            raise BackupError(f"the manifest of {folder} names an unexpected file {name!r}")
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{path} is missing or does not match the manifest; this backup is damaged")
    if schema > CURRENT_SCHEMA_VERSION:
        raise BackupError(f"the backup {folder} was made by a newer OneVisit (schema {schema}, this program knows "
                          f"{CURRENT_SCHEMA_VERSION}); install that version first")
    return manifest


def restore_backup(folder: Path, database: Path | str, keys: dict[str, Path]) -> list[str]:
    """Put the backup in ``folder`` back; the caller holds the kiosk's instance lock. Returns what it did."""
    manifest = read_manifest(folder)
    stamp = backup_stamp()
    done: list[str] = []
    keys_only = DATABASE not in manifest["files"]
    if is_postgres_url(database) and not keys_only:
        raise BackupError(f"{folder} holds a kiosk's own SQLite database, but this kiosk uses the hospital's PostgreSQL "
                          "database: the hospital's database administrator restores that (pg_restore); nothing was "
                          "changed. To move a SQLite kiosk's data into PostgreSQL, ask them first.")
    if keys_only and not is_postgres_url(database):
        raise BackupError(f"{folder} holds only the keys of a kiosk on the hospital's PostgreSQL, no database; this "
                          f"kiosk keeps its database in the file {database}. Use a backup of this kiosk; nothing "
                          "was changed.")
    if keys_only:
        return _restore_keys(folder, manifest, keys, stamp, done)
    database = Path(database)
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    incoming = database.with_name(database.name + f".restoring-{stamp}")
    shutil.copyfile(folder / DATABASE, incoming)
    incoming.chmod(0o600)
    for suffix in ("", "-wal", "-shm"):
        current = Path(str(database) + suffix)
        if current.exists():
            aside = Path(f"{current}.before-restore-{stamp}")
            current.rename(aside)
            if suffix == "":
                done.append(f"moved the database it replaced to {aside}")
    os.replace(incoming, database)
    done.append(f"restored the database (schema {manifest['schema']}) to {database}")
    return _restore_keys(folder, manifest, keys, stamp, done)


def _restore_keys(folder: Path, manifest: dict, keys: dict[str, Path], stamp: str, done: list[str]) -> list[str]:
    for role, path in keys.items():
        name = KEY_NAMES[role]
        if name not in manifest["files"]:
            continue
        data = (folder / name).read_bytes()
        if path.exists():
            if path.is_file() and path.read_bytes() == data:
                done.append(f"kept {path} (same key)")
                continue
            aside = Path(f"{path}.before-restore-{stamp}")
            path.rename(aside)
            done.append(f"moved the key it replaced to {aside}")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        done.append(f"restored {path}")
    return done


def prune_backups(parent: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest ``backup-*`` folders in ``parent`` that hold a manifest."""
    folders = sorted(folder for folder in parent.glob("backup-*") if (folder / MANIFEST).is_file())
    old = folders[:-keep] if keep > 0 else []
    for folder in old:
        shutil.rmtree(folder)
    return old


def pre_upgrade_backup(database: Path, found_schema: int) -> Path:
    """Before migrating ``database`` from ``found_schema``: a backup folder beside it (keys stay in place)."""
    folder = database.parent / "backups" / f"pre-upgrade-schema{found_schema}-{backup_stamp()}"
    report = make_backup(database, {}, folder, kiosk_id="")
    return report.folder
