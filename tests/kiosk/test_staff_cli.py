"""``onevisit staff …`` as an installer runs it: a subprocess, a config file, real SQLite."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.staff import StaffDirectory
from kiosk.staff_cli import staff_command
from kiosk.storage import open_database

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"
RUN_STAFF = "import sys; from kiosk.staff_cli import staff_command; sys.exit(staff_command(sys.argv[1:]))"


@pytest.fixture
def config_path(tmp_path):
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = text.replace('database = "~/.local/state/onevisit/demo.db"', f'database = "{tmp_path / "kiosk.db"}"')
    key_line = 'face_key_file = "~/.local/state/onevisit/face.key"'
    text = text.replace(key_line, f'face_key_file = "{tmp_path / "face.key"}"')
    assert str(tmp_path) in text
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_staff(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_STAFF, *argv],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "USER": "installer"},
    )


def test_add_then_list_then_sign_in(config_path, tmp_path):
    added = run_staff("add", "--config", str(config_path), "--id", "1001", "--name", "王师傅",
                      "--role", "technician", "--pin-stdin", stdin="482915\n")
    assert (added.returncode, added.stderr) == (0, "")
    assert "added 1001" in added.stdout

    listed = run_staff("list", "--config", str(config_path))
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split() == ["ID", "ROLE", "ACTIVE", "LOCKED", "NAME"]
    assert row.split() == ["1001", "technician", "yes", "no", "王师傅"]

    db = open_database(tmp_path / "kiosk.db")
    try:
        audit = AuditLog(db, Clock())
        assert StaffDirectory(db, Clock(), audit).sign_in("1001", "482915").ok
        assert audit.entries(action="staff.added")[0].actor == "cli:installer"
        assert audit.verify().ok
    finally:
        db.close()


def test_disable_set_pin_and_remove(config_path, tmp_path):
    config = ["--config", str(config_path), "--id", "20002"]
    added = run_staff("add", *config, "--name", "Li Na", "--role", "finance", "--pin-stdin", stdin="739204\n")
    assert added.returncode == 0, added.stderr
    assert run_staff("disable", *config).returncode == 0
    assert run_staff("list", "--config", str(config_path)).stdout.splitlines()[1].split()[2] == "disabled"
    assert run_staff("enable", *config).returncode == 0
    assert run_staff("set-pin", *config, "--pin-stdin", stdin="560917\n").returncode == 0
    db = open_database(tmp_path / "kiosk.db")
    try:
        assert StaffDirectory(db, Clock(), AuditLog(db, Clock())).sign_in("20002", "560917").ok
    finally:
        db.close()
    assert run_staff("remove", *config).returncode == 0
    assert "no staff accounts yet" in run_staff("list", "--config", str(config_path)).stdout


def test_bad_config_is_one_line_and_exit_2(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[kiosk]\nid = 42\n", encoding="utf-8")
    result = run_staff("list", "--config", str(broken))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("onevisit: ")
    assert "kiosk.id" in result.stderr


@pytest.mark.parametrize(
    ("argv", "stdin", "expected"),
    [
        (["--id", "1001", "--name", "A", "--role", "admin", "--pin-stdin"], "123456\n", "consecutive digits"),
        (["--id", "1001", "--name", "A", "--role", "admin", "--pin-stdin"], "", "stdin was empty"),
        (["--id", "12", "--name", "A", "--role", "admin", "--pin-stdin"], "482915\n", "4 to 8 digits"),
        (["--id", "1001", "--name", "A", "--role", "janitor", "--pin-stdin"], "482915\n", "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(config_path, argv, stdin, expected):
    result = run_staff("add", "--config", str(config_path), *argv, stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("onevisit: ")
    assert expected in result.stderr


def test_unknown_id_and_duplicate_are_refused(config_path):
    assert run_staff("remove", "--config", str(config_path), "--id", "4040").returncode == 2
    add = ["add", "--config", str(config_path), "--id", "1001", "--name", "A", "--role", "admin", "--pin-stdin"]
    assert run_staff(*add, stdin="482915\n").returncode == 0
    again = run_staff(*add, stdin="482915\n")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_mismatched_pins_at_the_prompt_change_nothing(config_path, tmp_path, monkeypatch, capsys):
    answers = iter(["482915", "482916"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code = staff_command(["add", "--config", str(config_path), "--id", "1001", "--name", "A", "--role", "admin"])
    assert code == 2
    assert capsys.readouterr().err == "onevisit: the two PINs do not match; nothing was changed\n"
    db = open_database(tmp_path / "kiosk.db")
    try:
        assert StaffDirectory(db, Clock(), AuditLog(db, Clock())).members() == []
    finally:
        db.close()


def test_matching_pins_at_the_prompt_add_the_account(config_path, monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "482915")
    code = staff_command(["add", "--config", str(config_path), "--id", "1001", "--name", "A", "--role", "admin"])
    assert code == 0, capsys.readouterr().err


def test_missing_subcommand_is_a_usage_error(capsys):
    assert staff_command([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("onevisit: onevisit staff: ") and err.count("\n") == 1


def test_onevisit_staff_subcommand_reaches_the_staff_cli(tmp_path):
    """``python -m kiosk staff …`` (the ``onevisit`` console script) dispatches to staff_command."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "kiosk", "staff", "list", "--config", str(tmp_path / "missing.toml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("onevisit: ") and "does not exist" in result.stderr
