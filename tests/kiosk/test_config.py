"""Config validation: every wrong value stops the kiosk with one line naming the key."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "assets" / "demo" / "kiosk.toml"


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def demo_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    assert old in text
    return write_config(tmp_path, text.replace(old, new))


def test_demo_config_loads_with_relative_paths_resolved():
    config = load_config(DEMO)
    assert config.mode == "demo"
    assert config.language == "zh_CN"
    assert config.devices["receipt_printer"] == "sim:"
    assert config.database.is_absolute()
    assert set(config.devices) == {"camera", "receipt_printer", "document_printer", "scanner", "dock", "speaker",
                                   "id_card_reader"}
    assert config.new_patient_phone_required is False


def test_a_kiosk_without_an_id_card_reader_leaves_it_out(tmp_path):
    config = load_config(demo_with(tmp_path, 'id_card_reader = "sim:"', 'id_card_reader = ""'))
    assert "id_card_reader" not in config.devices
    config = load_config(demo_with(tmp_path, 'id_card_reader = "sim:"\n', ''))
    assert "id_card_reader" not in config.devices


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('language = "zh_CN"', 'language = "fr"', 'kiosk.language = \'fr\' is not allowed; use one of "zh_CN", "en"'),
        ("idle_timeout_s = 60", 'idle_timeout_s = "60"', "kiosk.idle_timeout_s = '60' is not allowed; use a whole number from 15 to 600"),
        ("idle_timeout_s = 60", "idle_timeout_s = 5", "kiosk.idle_timeout_s = 5 is not allowed"),
        ("fullscreen = false", 'fullscreen = "yes"', "kiosk.fullscreen = 'yes' is not allowed; use true or false"),
        ('camera = "sim:"', 'camera = "webcam"', "devices.camera = 'webcam' is not allowed; use a driver URL"),
        ("volume = 80", "volume = 101", "speech.volume = 101 is not allowed; use a whole number from 0 to 100"),
        ('id = "DEMO-LOBBY-1"', 'idd = "DEMO-LOBBY-1"', "unknown key kiosk.idd; known keys in [kiosk]:"),
        ("[speech]", "[speach]", "unknown section [speach]"),
        ('name_zh = "浙一演示医院"\n', "", "hospital.name_zh is missing; it is required"),
        ("idle_warning_s = 10", "idle_warning_s = 60", "kiosk.idle_warning_s must be shorter than kiosk.idle_timeout_s"),
    ],
)
def test_wrong_values_name_the_key_and_what_is_allowed(tmp_path, old, new, expected):
    with pytest.raises(ConfigError) as error:
        load_config(demo_with(tmp_path, old, new))
    message = str(error.value)
    assert expected in message
    assert "\n" not in message


def test_missing_unreadable_and_broken_files(tmp_path):
    with pytest.raises(ConfigError, match="does not exist; pass --config"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(write_config(tmp_path, "[kiosk\nid = 1"))
    (tmp_path / "latin1.toml").write_bytes('[kiosk]\nid = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_config(tmp_path / "latin1.toml")
    with pytest.raises(ConfigError, match="is a folder, not a regular file"):
        load_config(tmp_path)


def run_onevisit(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)


def test_bad_config_exits_2_with_one_line_and_no_traceback(tmp_path):
    result = run_onevisit("--config", str(demo_with(tmp_path, 'language = "zh_CN"', 'language = "fr"')))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("onevisit: ") and "kiosk.language" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_driver_scheme_is_a_start_up_error_naming_device_and_url(tmp_path):
    path = demo_with(tmp_path, 'camera = "sim:"', 'camera = "gige://10.0.0.9"')
    text = path.read_text(encoding="utf-8").replace("~/.local/state/onevisit/demo.db", str(tmp_path / "k.db"))
    path.write_text(text, encoding="utf-8")
    result = run_onevisit("--config", str(path))
    assert result.returncode == 2
    assert "camera" in result.stderr and "gige://10.0.0.9" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_mode_reports_every_device(tmp_path):
    path = demo_with(tmp_path, "~/.local/state/onevisit/demo.db", str(tmp_path / "k.db"))
    result = run_onevisit("--config", str(path), "--check")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.strip().splitlines()]
    assert names[2:9] == ["camera", "receipt_printer", "document_printer", "scanner", "dock", "speaker", "id_card_reader"]
    assert all(line.split()[1] == "ok" for line in result.stdout.strip().splitlines())
