"""Keys and data: modes on disk, keys init, backup and restore while the kiosk writes, upgrade rollback."""
from __future__ import annotations

import base64
import sqlite3
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.audit import AuditLog
from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.config import ConfigError
from kiosk.storage.migrations import CURRENT_SCHEMA_VERSION, migrate
from kiosk.ops.instance_lock import InstanceLock
from kiosk.storage import open_database

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def config_file(tmp_path) -> Path:
    """The demo config, in production mode, with every file under tmp_path/data."""
    text = (ROOT / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    data = tmp_path / "data"
    text = (text.replace("~/.local/state/onevisit/demo.db", str(data / "kiosk.db"))
            .replace("~/.local/state/onevisit/wheelchair-label.key", str(tmp_path / "keys" / "label.key"))
            .replace("~/.local/state/onevisit/face.key", str(tmp_path / "keys" / "face.key")))
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_keys_init_creates_both_keys_in_their_formats_and_keeps_them(config_file, tmp_path, capsys):
    assert main(["keys", "init", "--config", str(config_file)]) == 0
    face, label = tmp_path / "keys" / "face.key", tmp_path / "keys" / "label.key"
    assert mode(face) == mode(label) == 0o600 and mode(face.parent) == 0o700
    assert len(face.read_bytes()) == 32
    assert len(base64.b64decode(label.read_bytes().strip(), validate=True)) == 32
    first = capsys.readouterr().out
    assert first.count("created (mode 0600)") == 2
    before = face.read_bytes(), label.read_bytes()
    assert main(["keys", "init", "--config", str(config_file)]) == 0
    assert capsys.readouterr().out.count("kept (already there, checked)") == 2
    assert (face.read_bytes(), label.read_bytes()) == before
    face.chmod(0o644)
    assert main(["keys", "init", "--config", str(config_file)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "chmod 600" in err


def test_data_folder_is_0700_and_database_0600(tmp_path):
    database = tmp_path / "data" / "kiosk.db"
    db = open_database(database)
    try:
        AuditLog(db, FixedClock.at_local(2026, 11, 22, 8, 0)).record("kiosk", "test.write", {})
        assert mode(database.parent) == 0o700
        assert mode(database) == 0o600
        assert mode(Path(str(database) + "-wal")) == 0o600
    finally:
        db.close()
    database.chmod(0o644)  # an old kiosk's database, readable by every account
    open_database(database).close()
    assert mode(database) == 0o600


def test_production_without_a_face_key_refuses_to_start(production_config, tmp_path):
    config = replace(production_config, face_key_file=tmp_path / "no-face.key")
    with pytest.raises(ConfigError, match="no-face.key does not exist.*onevisit keys init"):
        bootstrap(config)
    assert not (tmp_path / "no-face.key").exists()


def writer(database: Path, stop: threading.Event, written: list[int]) -> None:
    """A second connection that keeps writing audit rows, as a running kiosk does."""
    db = open_database(database)
    audit = AuditLog(db, FixedClock.at_local(2026, 11, 22, 8, 0))
    try:
        while not stop.is_set():
            audit.record("kiosk", "test.write", {"n": len(written)})
            written.append(1)
    finally:
        db.close()


def test_backup_and_restore_round_trip_while_the_kiosk_writes(config_file, tmp_path, capsys):
    assert main(["keys", "init", "--config", str(config_file)]) == 0
    database = tmp_path / "data" / "kiosk.db"
    open_database(database).close()
    stop, written = threading.Event(), []
    thread = threading.Thread(target=writer, args=(database, stop, written))
    thread.start()
    try:
        while len(written) < 200:
            threading.Event().wait(0.01)
        assert main(["backup", "--config", str(config_file), str(tmp_path / "backup")]) == 0
        at_backup_end = len(written)
        while len(written) < at_backup_end + 100:  # the kiosk goes on writing after the backup
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join()
    backup = tmp_path / "backup"
    assert mode(backup) == 0o700 and all(mode(f) == 0o600 for f in backup.iterdir())
    assert sorted(p.name for p in backup.iterdir()) == ["face.key", "kiosk.db", "label.key", "manifest.json"]
    with sqlite3.connect(backup / "kiosk.db") as copy:
        backed_up = copy.execute("SELECT count(*) FROM audit_log WHERE action = 'test.write'").fetchone()[0]
    assert 200 <= backed_up <= at_backup_end

    with InstanceLock(database):  # a running kiosk holds the lock: restore refuses, nothing changes
        assert main(["restore", "--config", str(config_file), str(backup)]) == 2
    assert "already running" in capsys.readouterr().err
    face_key = (tmp_path / "keys" / "face.key")
    face_key.unlink()  # and the face key was lost as well

    assert main(["restore", "--config", str(config_file), str(backup)]) == 0
    db = open_database(database)
    try:
        count = db.execute("SELECT count(*) FROM audit_log WHERE action = 'test.write'").fetchone()[0]
        assert count == backed_up
        assert AuditLog(db, FixedClock.at_local(2026, 11, 22, 8, 0)).verify().ok
    finally:
        db.close()
    assert face_key.read_bytes() == (backup / "face.key").read_bytes() and mode(face_key) == 0o600
    assert list(database.parent.glob("kiosk.db.before-restore-*"))


def test_a_damaged_backup_is_refused_and_nothing_changes(config_file, tmp_path, capsys):
    assert main(["keys", "init", "--config", str(config_file)]) == 0
    open_database(tmp_path / "data" / "kiosk.db").close()
    assert main(["backup", "--config", str(config_file), str(tmp_path / "backup")]) == 0
    with (tmp_path / "backup" / "kiosk.db").open("r+b") as handle:
        handle.seek(5000)
        handle.write(b"garbage")
    before = (tmp_path / "data" / "kiosk.db").read_bytes()
    assert main(["restore", "--config", str(config_file), str(tmp_path / "backup")]) == 2
    assert "does not match the manifest" in capsys.readouterr().err
    assert (tmp_path / "data" / "kiosk.db").read_bytes() == before
    assert main(["backup", "--config", str(config_file), str(tmp_path / "backup")]) == 2  # not an empty folder


def test_an_upgrade_backs_up_first_and_rolling_back_restores_the_old_schema(config_file, tmp_path):
    database = tmp_path / "data" / "kiosk.db"
    database.parent.mkdir(mode=0o700)
    old = sqlite3.connect(database)
    import sqlite_utils

    migrate(sqlite_utils.Database(old), up_to=CURRENT_SCHEMA_VERSION - 1)
    old.execute("INSERT INTO device_events (device_kind, state, detail, at_utc) "
                "VALUES ('dock', 'ok', 'old.row', '2026-11-22T00:00:00+00:00')")
    old.commit()
    old.close()

    open_database(database).close()  # the new version starts: backup, then migrate
    folders = list((database.parent / "backups").glob(f"pre-upgrade-schema{CURRENT_SCHEMA_VERSION - 1}-*"))
    assert len(folders) == 1
    with sqlite3.connect(database) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION

    # Rolling back (README "Installing a kiosk"): stop the kiosk, restore the pre-upgrade backup, then
    # install the previous version.
    assert main(["restore", "--config", str(config_file), str(folders[0])]) == 0
    with sqlite3.connect(database) as rolled_back:
        assert rolled_back.execute("PRAGMA user_version").fetchone()[0] == CURRENT_SCHEMA_VERSION - 1
        assert rolled_back.execute("SELECT count(*) FROM device_events WHERE detail = 'old.row'").fetchone()[0] == 1


def test_scheduled_backups_go_into_new_folders_and_keep_the_newest(config_file, tmp_path, capsys):
    assert main(["keys", "init", "--config", str(config_file)]) == 0
    open_database(tmp_path / "data" / "kiosk.db").close()
    into = tmp_path / "backups"
    for _ in range(4):
        assert main(["backup", "--config", str(config_file), "--into", str(into), "--keep", "2"]) == 0
    kept = sorted(into.iterdir())
    assert len(kept) == 2 and all((folder / "manifest.json").is_file() for folder in kept)
    assert capsys.readouterr().out.count("removed the old backup") == 2
