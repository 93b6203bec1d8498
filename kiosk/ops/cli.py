"""``onevisit keys init``, ``onevisit backup DEST`` and ``onevisit restore SRC`` (each with ``--config``).

Every problem ends in one line on stderr and exit code 2; nothing is half done.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.config import DEFAULT_CONFIG, ConfigError, load_config
from kiosk.ops.backup import BackupError, backup_stamp, make_backup, prune_backups, read_manifest, restore_backup
from kiosk.ops.instance_lock import AlreadyRunning, InstanceLock
from kiosk.ops.keys import KeyProblem, init_keys, key_files
from kiosk.storage import StorageError
from kiosk.storage.postgres import redact


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"onevisit {prog}", description=description)
    parser.add_argument("--config", default=os.environ.get("ONEVISIT_CONFIG", DEFAULT_CONFIG),
                        help=f"the kiosk's TOML file (default: $ONEVISIT_CONFIG or {DEFAULT_CONFIG})")
    return parser


def keys_command(argv: list[str]) -> int:
    parser = _parser("keys", "create the face template key and the wheelchair label key")
    parser.add_argument("action", choices=["init"])
    args = parser.parse_args(argv)
    try:
        for line in init_keys(load_config(args.config)):
            print(line)
    except (ConfigError, OSError, *KeyProblem) as error:
        print(f"onevisit keys: {error}", file=sys.stderr)
        return 2
    return 0


def backup_command(argv: list[str]) -> int:
    parser = _parser("backup", "a consistent online backup of the database and the keys into a new folder")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("destination", type=Path, nargs="?", help="a new (or empty) folder for the backup")
    where.add_argument("--into", type=Path, help="make a new backup-<time> folder in this one (scheduled backups)")
    parser.add_argument("--keep", type=int, default=0,
                        help="with --into: keep this many newest backup-* folders and delete older ones (0 = all)")
    args = parser.parse_args(argv)
    if args.keep < 0 or (args.keep and args.into is None):
        parser.error("--keep takes a number of backups to keep, together with --into")
    try:
        config = load_config(args.config)
        destination = args.destination or args.into / f"backup-{backup_stamp()}"
        report = make_backup(config.database, key_files(config), destination, config.kiosk_id)
        removed = prune_backups(args.into, args.keep) if args.into and args.keep else []
    except (ConfigError, BackupError, OSError) as error:
        print(f"onevisit backup: {error}", file=sys.stderr)
        return 2
    keys = ", ".join(name for name in report.files if name != "kiosk.db")
    if report.database == "postgresql":
        print(f"backup written to {report.folder}: the keys only ({keys}); the database is the hospital's PostgreSQL "
              f"at {redact(str(config.database))}: its administrator backs it up with pg_dump")
    else:
        print(f"backup written to {report.folder}: database (schema {report.schema}), {keys}")
    for folder in removed:
        print(f"removed the old backup {folder}")
    return 0


def restore_command(argv: list[str]) -> int:
    parser = _parser("restore", "put a backup back (stop the kiosk first)")
    parser.add_argument("source", type=Path, help="a folder written by `onevisit backup`")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        read_manifest(args.source)  # refuse a damaged or too new backup before taking the lock
        with InstanceLock(config.database, config.kiosk_id).acquire("restore"):
            for line in restore_backup(args.source, config.database, key_files(config)):
                print(line)
    except (ConfigError, BackupError, AlreadyRunning, StorageError, OSError) as error:
        print(f"onevisit restore: {error}", file=sys.stderr)
        return 2
    print("restore done; start the kiosk again (systemctl start onevisit); a database of an older schema is "
          "upgraded at start, after its own backup")
    return 0
