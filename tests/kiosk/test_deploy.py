"""The files `make install` lays out: the unit passes systemd-analyze verify, the scripts are valid sh,
and the example config is one the kiosk accepts."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_the_unit_passes_systemd_analyze_verify(tmp_path):
    # verify also checks that ExecStart exists: point it at the session script in this checkout.
    unit = (DEPLOY / "onevisit.service").read_text(encoding="utf-8")
    assert "ExecStart=/usr/lib/onevisit/onevisit-session\n" in unit
    copy = tmp_path / "onevisit.service"
    copy.write_text(unit.replace("/usr/lib/onevisit/onevisit-session", str(DEPLOY / "onevisit-session")),
                    encoding="utf-8")
    backup = (DEPLOY / "onevisit-backup.service").read_text(encoding="utf-8")
    (tmp_path / "onevisit-backup.service").write_text(
        backup.replace("/opt/onevisit/venv/bin/onevisit", str(DEPLOY / "onevisit-session")), encoding="utf-8")
    shutil.copy(DEPLOY / "onevisit-backup.timer", tmp_path)
    units = [str(copy), str(tmp_path / "onevisit-backup.service"), str(tmp_path / "onevisit-backup.timer")]
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "onevisit" not in result.stderr, result.stderr  # no warnings about our units either


def test_the_unit_restarts_a_frozen_kiosk_and_is_confined():
    unit = dict(line.split("=", 1) for line in (DEPLOY / "onevisit.service").read_text().splitlines()
                if "=" in line and not line.startswith("#"))
    assert unit["Type"] == "notify" and unit["NotifyAccess"] == "all"
    assert int(unit["WatchdogSec"]) > 0 and unit["Restart"] == "always"
    assert unit["User"] == "onevisit" and unit["ProtectSystem"] == "strict" and unit["PrivateTmp"] == "yes"
    assert unit["StateDirectoryMode"] == "0700" and unit["UMask"] == "0077"


@pytest.mark.parametrize("script", ["onevisit-session", "onevisit-xsession"])
def test_session_scripts_are_valid_sh(script):
    path = DEPLOY / script
    assert path.stat().st_mode & 0o111
    assert subprocess.run(["sh", "-n", str(path)], capture_output=True, timeout=30).returncode == 0


def test_the_session_script_refuses_a_wrong_rotation_in_one_line(tmp_path):
    result = subprocess.run([str(DEPLOY / "onevisit-session")], capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin", "ONEVISIT_ROTATE": "45"})
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "use 0, 90, 180 or 270" in result.stderr


def test_the_example_config_is_accepted(tmp_path):
    config = load_config(DEPLOY / "kiosk.toml.example")
    assert config.mode == "production" and str(config.database) == "/var/lib/onevisit/kiosk.db"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed here")
def test_make_install_lays_out_unit_scripts_config_and_data_folder():
    result = subprocess.run(["make", "-n", "install"], capture_output=True, text=True, timeout=60, cwd=DEPLOY.parent)
    assert result.returncode == 0, result.stderr
    plan = result.stdout
    for expected in ("deploy/onevisit.service deploy/onevisit-backup.service deploy/onevisit-backup.timer "
                     "/etc/systemd/system/",
                     "deploy/onevisit-session deploy/onevisit-xsession /usr/lib/onevisit/",
                     "deploy/kiosk.toml.example /etc/onevisit/kiosk.toml",
                     "install -d -m 0700 -o onevisit -g onevisit /var/lib/onevisit",
                     "adduser --system --ingroup onevisit"):
        assert expected in plan, expected
