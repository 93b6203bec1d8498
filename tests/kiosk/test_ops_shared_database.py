"""Ops of a kiosk on the hospital's PostgreSQL (always on the test cluster, whatever the suite's engine):
``onevisit --check`` asks the server, one kiosk process per kiosk id (an advisory lock that dies with
the process), and backups that carry the keys but leave the database to its administrator's pg_dump."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.ops.instance_lock import AlreadyRunning, InstanceLock
from tests.kiosk.test_ops_check import lines_by_part, onevisit

ROOT = Path(__file__).resolve().parents[2]
KIOSK_ID = "DEMO-LOBBY-1"  # the demo config's


def config_on(tmp_path: Path, database: str) -> Path:
    """The demo config with its database at ``database`` and its keys under tmp_path/keys."""
    text = (ROOT / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    text = (text.replace("~/.local/state/onevisit/demo.db", database)
            .replace("~/.local/state/onevisit/wheelchair-label.key", str(tmp_path / "keys" / "label.key"))
            .replace("~/.local/state/onevisit/face.key", str(tmp_path / "keys" / "face.key")))
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_asks_the_shared_database_and_a_second_kiosk_with_the_same_id_is_refused(tmp_path, postgres_url):
    path = config_on(tmp_path, postgres_url)
    result = onevisit("--config", str(path), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    status, detail = lines_by_part(result.stdout)["database"]
    assert status == "ok" and "PostgreSQL" in detail and "writable" in detail and postgres_url in detail
    assert not list(tmp_path.rglob("*.lock"))  # no lock file beside a file that does not exist

    with InstanceLock(postgres_url, KIOSK_ID):  # this kiosk already runs (on this or another machine)
        refused = onevisit("--config", str(path), "--check")
    assert refused.returncode == 2 and refused.stderr.strip().count("\n") == 0
    assert "already running on the hospital database" in refused.stderr and "kiosk_id" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_the_lock_is_per_kiosk_and_dies_with_its_process(postgres_url):
    with InstanceLock(postgres_url, "EAST-1"):
        with InstanceLock(postgres_url, "WEST-1"):  # another kiosk of the hospital starts freely
            pass
        with pytest.raises(AlreadyRunning, match=r"\(onevisit EAST-1 \(instance lock\) from .+, server process \d+\)"):
            InstanceLock(postgres_url, "EAST-1").acquire()  # the holder is named: which connection, from where
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from kiosk.ops.instance_lock import InstanceLock; "
         f"held = InstanceLock({postgres_url!r}, 'EAST-1').acquire(); print('held', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning, match="already running"):
            InstanceLock(postgres_url, "EAST-1").acquire()
    finally:
        holder.send_signal(signal.SIGKILL)  # a crash: no release, no goodbye to the server
        holder.wait()
    deadline = time.monotonic() + 30
    while True:  # the server ends the dead session (its socket closed) and with it the lock
        try:
            InstanceLock(postgres_url, "EAST-1").acquire().release()
            break
        except AlreadyRunning:
            assert time.monotonic() < deadline, "the lock outlived its process by 30 s"
            time.sleep(0.1)


def test_backup_carries_the_keys_only_and_restore_puts_them_back(tmp_path, postgres_url, capsys):
    path = config_on(tmp_path, postgres_url)
    assert main(["keys", "init", "--config", str(path)]) == 0
    assert main(["backup", "--config", str(path), str(tmp_path / "backup")]) == 0
    said = capsys.readouterr().out
    assert "the keys only (face.key, label.key)" in said and "pg_dump" in said
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == ["face.key", "label.key", "manifest.json"]
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert (manifest["database"], manifest["kiosk_id"]) == ("postgresql", KIOSK_ID)

    face_key = tmp_path / "keys" / "face.key"
    original = face_key.read_bytes()
    face_key.unlink()  # the kiosk's disk was replaced
    assert main(["restore", "--config", str(path), str(tmp_path / "backup")]) == 0
    assert face_key.read_bytes() == original and f"restored {face_key}" in capsys.readouterr().out

    sqlite_kiosk = config_on(tmp_path / "other", str(tmp_path / "other" / "kiosk.db"))  # a keys-only backup there
    assert main(["restore", "--config", str(sqlite_kiosk), str(tmp_path / "backup")]) == 2
    assert "holds only the keys" in capsys.readouterr().err
    assert not (tmp_path / "other" / "kiosk.db").exists()


def test_a_kiosks_own_database_backup_is_not_restored_into_the_shared_one(tmp_path, postgres_url, capsys):
    own = config_on(tmp_path / "own", str(tmp_path / "own" / "data" / "kiosk.db"))
    assert main(["keys", "init", "--config", str(own)]) == 0
    from kiosk.storage import open_database

    open_database(tmp_path / "own" / "data" / "kiosk.db").close()
    assert main(["backup", "--config", str(own), str(tmp_path / "sqlite-backup")]) == 0
    shared = config_on(tmp_path, postgres_url)
    capsys.readouterr()
    assert main(["restore", "--config", str(shared), str(tmp_path / "sqlite-backup")]) == 2
    error = capsys.readouterr().err
    assert "pg_restore" in error and "nothing was changed" in error and error.count("\n") == 1
    assert not (tmp_path / "keys").exists()  # not even the keys were touched


def test_backup_without_keys_on_a_shared_database_says_there_is_nothing_to_back_up(tmp_path, postgres_url, capsys):
    assert main(["backup", "--config", str(config_on(tmp_path, postgres_url)), str(tmp_path / "b")]) == 2
    assert "pg_dump" in capsys.readouterr().err and not (tmp_path / "b").exists()
