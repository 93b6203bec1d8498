"""A kiosk (re)started while the hospital's PostgreSQL is away (issue 15): "cannot be reached" is told apart
from what a person must fix; ``onevisit`` waits on screen for the first and exits 2 with one line for the
second; ``--check`` reports either at once. Always on the test cluster, whatever the suite's engine."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from kiosk.bootstrap import bootstrap
from kiosk.storage import DatabaseUnavailable, StorageError, open_database
from kiosk.storage.postgres import explain
from tests.kiosk.test_ops_check import onevisit

ROOT = Path(__file__).resolve().parents[2]
URL = "postgresql://kiosk@db.hospital:5432/onevisit"


@pytest.mark.parametrize("said", [
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: Connection refused',
    "connection timeout expired",
    "failed to resolve host 'db.hospital': [Errno -3] Temporary failure in name resolution",
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  the database system is '
    "starting up",
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  the database system is '
    "shutting down",
    "connection failed: server closed the connection unexpectedly",
    "connection failed: FATAL:  sorry, too many clients already",
])
def test_a_server_or_network_that_is_away_is_unavailable(said):
    error = explain(psycopg.OperationalError(said), URL)
    assert isinstance(error, DatabaseUnavailable)
    assert str(error).startswith(f"The hospital database at {URL} cannot be reached ({said.splitlines()[0]})")


@pytest.mark.parametrize("said, words", [
    ('connection failed: FATAL:  password authentication failed for user "kiosk"', "refused this kiosk's login"),
    ("connection failed: fe_sendauth: no password supplied", "refused this kiosk's login"),
    ('connection failed: FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "kiosk", database "onevisit"',
     "refused this kiosk's login"),
    ('connection failed: FATAL:  role "kiosk" does not exist', "refused this kiosk's login"),
    ('connection failed: FATAL:  role "kiosk" is not permitted to log in', "refused this kiosk's login"),
    ('connection failed: FATAL:  database "onevisit" does not exist', "does not exist on the server"),
])
def test_what_a_person_must_fix_is_a_plain_storage_error(said, words):
    error = explain(psycopg.OperationalError(said), URL)
    assert type(error) is StorageError and words in str(error)


def test_real_connections_classified(postgres_cluster, proxy):
    with pytest.raises(DatabaseUnavailable, match="cannot be reached"):
        open_database("postgresql://kiosk@127.0.0.1:9/onevisit")  # nothing listens there
    proxy.refuse = True
    with pytest.raises(DatabaseUnavailable, match="cannot be reached"):
        open_database(proxy.url("postgres"))
    with pytest.raises(DatabaseUnavailable, match="cannot be reached"):
        open_database("postgresql://kiosk@no-such-host.invalid/onevisit")
    with pytest.raises(StorageError, match="does not exist on the server") as missing:
        open_database(postgres_cluster.url("no_such_db"))
    assert not isinstance(missing.value, DatabaseUnavailable)
    with pytest.raises(StorageError, match="refused this kiosk's login") as refused:
        open_database(f"postgresql://no_such_role@127.0.0.1:{postgres_cluster.port}/postgres")
    assert not isinstance(refused.value, DatabaseUnavailable)
    with pytest.raises(StorageError, match="not a PostgreSQL address") as unreadable:
        open_database(postgres_cluster.url("postgres") + "?no_such_option=1")
    assert not isinstance(unreadable.value, DatabaseUnavailable)


def kiosk_file(tmp_path: Path, database: str) -> Path:
    """The demo config on ``database``, its keys and outbox under tmp_path, in a window."""
    text = (ROOT / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    text = (text.replace('database = "~/.local/state/onevisit/demo.db"',
                         f'database = "{database}"\noutbox = "{tmp_path / "outbox.db"}"')
            .replace("~/.local/state/onevisit/wheelchair-label.key", str(tmp_path / "keys" / "label.key"))
            .replace("~/.local/state/onevisit/face.key", str(tmp_path / "keys" / "face.key")))
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("problem", ["missing database", "unknown user"])
def test_onevisit_exits_2_with_one_line_for_what_a_person_must_fix(tmp_path, postgres_cluster, problem):
    url = (postgres_cluster.url("no_such_db") if problem == "missing database"
           else f"postgresql://no_such_role@127.0.0.1:{postgres_cluster.port}/postgres")
    result = onevisit("--config", str(kiosk_file(tmp_path, url)), "--windowed")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("onevisit: ") and result.stderr.strip().count("\n") == 0
    assert ("does not exist on the server" if problem == "missing database" else "refused this kiosk's login") \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_check_with_the_database_away_fails_at_once(tmp_path, proxy, postgres_url):
    proxy.refuse = True
    result = onevisit("--config", str(kiosk_file(tmp_path, proxy.url(postgres_url.rsplit("/", 1)[1]))), "--check")
    assert result.returncode == 2
    assert result.stderr.startswith("onevisit: The hospital database at ") and "cannot be reached" in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr


class SystemdSide:
    """systemd's end of NOTIFY_SOCKET for a kiosk process: every message it sent, read as they come."""

    def __init__(self) -> None:
        self.address = f"@onevisit-test-start-{time.monotonic_ns()}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.address[1:])
        self.sock.settimeout(0.5)
        self.messages: list[str] = []

    def wait_for(self, wanted: str, process: subprocess.Popen, within_s: float = 90) -> None:
        deadline = time.monotonic() + within_s
        while wanted not in self.messages:
            assert process.poll() is None, f"the kiosk exited ({process.returncode}) before saying {wanted!r}"
            assert time.monotonic() < deadline, f"no {wanted!r} from the kiosk; it said {self.messages}"
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except TimeoutError:
                pass


@pytest.fixture
def systemd():
    side = SystemdSide()
    yield side
    side.sock.close()


def start_kiosk(config: Path, systemd: SystemdSide) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "NOTIFY_SOCKET": systemd.address,
           "WATCHDOG_USEC": "2000000"}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config), "--windowed"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=30)


def test_onevisit_waits_for_the_database_tells_systemd_and_starts_when_it_answers(tmp_path, proxy, postgres_url,
                                                                                  systemd):
    proxy.refuse = True
    url = proxy.url(postgres_url.rsplit("/", 1)[1])
    process = start_kiosk(kiosk_file(tmp_path, url), systemd)
    try:
        systemd.wait_for("WATCHDOG=1", process)  # alive and fed while it waits: not restarted by systemd
        assert systemd.messages[0].startswith(f"READY=1\nSTATUS=waiting for the hospital database: The hospital "
                                              f"database at {url} cannot be reached (")
        proxy.refuse = False
        systemd.wait_for("STATUS=kiosk DEMO-LOBBY-1 ready", process)
        assert sum(message.startswith("READY=1") for message in systemd.messages) == 1
    finally:
        _, stderr = stop(process)
    logged = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]  # JSON lines off systemd
    waiting = [entry for entry in logged if entry["event"] == "database.waiting"]
    reached = [entry for entry in logged if entry["event"] == "database.reached"]
    assert [entry["level"] for entry in waiting] == ["warning"]  # once, not every try
    assert [entry["level"] for entry in reached] == ["info"]
    about_the_wait = [entry for entry in logged if "cannot be reached" in entry["message"]]
    assert about_the_wait == waiting  # the tries themselves log nothing
    assert "Traceback" not in stderr


def test_a_config_problem_found_once_the_database_answers_exits_2_with_its_line(tmp_path, kiosk_config, proxy,
                                                                                postgres_url, systemd):
    first = bootstrap(replace(kiosk_config, database=postgres_url, outbox=tmp_path / "first-outbox.db",
                              wheelchair_label_key_file=tmp_path / "first" / "label.key"))
    first.close()  # the hospital's first kiosk recorded its label key; this kiosk will make another one
    proxy.refuse = True
    process = start_kiosk(kiosk_file(tmp_path, proxy.url(postgres_url.rsplit("/", 1)[1])), systemd)
    try:
        systemd.wait_for("WATCHDOG=1", process)
        proxy.refuse = False
        process.wait(timeout=120)
    finally:
        _, stderr = stop(process)
    assert process.returncode == 2
    lines = [line for line in stderr.splitlines() if line.startswith("onevisit: ")]
    assert len(lines) == 1 and "wheelchair label key" in lines[0]
    assert "Traceback" not in stderr


def test_a_metrics_address_in_use_still_ends_the_start_with_one_line(tmp_path):
    """The metrics endpoint now starts inside the start a waiting kiosk retries: its refusal stays one line."""
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        config = kiosk_file(tmp_path, str(tmp_path / "data" / "kiosk.db"))
        config.write_text(config.read_text(encoding="utf-8") + f'\n[metrics]\nlisten = "127.0.0.1:{taken.getsockname()[1]}"\n',
                          encoding="utf-8")
        result = onevisit("--config", str(config), "--windowed")
    finally:
        taken.close()
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("onevisit: ")]  # beside the JSON log
    assert len(lines) == 1 and "cannot listen there" in lines[0] and "Traceback" not in result.stderr
