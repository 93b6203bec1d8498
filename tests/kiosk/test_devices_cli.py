"""``onevisit devices test KIND``: one device, one plain line (or JSON), the right exit code, no traceback."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from devices.registry import open_device
from devices.simulators.idcard_firmware import IdCardFirmware
from kiosk.__main__ import main
from kiosk.his.demo_cards import demo_card

DEMO_CONFIG = Path(__file__).resolve().parents[2] / "assets" / "demo" / "kiosk.toml"


def config_with(tmp_path, **devices: str):
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("~/.local/state/onevisit/demo.db", str(tmp_path / "k.db"))
    for kind, url in devices.items():
        start = text.index(f"\n{kind} = ") + 1
        end = text.index("\n", start)
        text = text[:start] + f'{kind} = "{url}"' + text[end:]
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def firmware():
    reader = open_device("id_card_reader", "sim:")
    served = IdCardFirmware.on_pty(reader, baudrate=115_200)
    yield served
    served.close()
    reader.close()


def test_an_id_card_on_a_serial_reader_prints_its_masked_fields(tmp_path, firmware, capsys):
    path = config_with(tmp_path, id_card_reader=f"idcard+serial://{firmware.port}?poll=0.05")
    threading.Timer(0.3, firmware.reader.present, (demo_card("DEMO-001"),)).start()
    assert main(["devices", "test", "id_card_reader", "--config", path, "--json", "--timeout", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["health"] == "ok"
    assert out["card"] == {"name": "张*华", "sex": "M", "birth_date": "1950-01-01",
                           "id_number": "3301**********1236", "valid_to": "long-term"}


def test_no_card_is_a_failure_in_one_plain_line(tmp_path, capsys):
    path = config_with(tmp_path)
    assert main(["devices", "test", "id_card_reader", "--config", path, "--timeout", "0.2"]) == 1
    out = capsys.readouterr()
    assert out.out.strip() == "id_card_reader (sim:): FAILED — no card was put on the reader in 0.2 s"
    assert "Traceback" not in out.err


@pytest.mark.parametrize("kind, expected", [
    ("receipt_printer", "printed"),
    ("document_printer", "sent to the A4 printer"),
    ("dock", "unlocked and locked again"),
    ("camera", "×"),
    ("speaker", "扬声器测试"),
])
def test_every_other_kind_runs_its_self_test(tmp_path, capsys, kind, expected):
    assert main(["devices", "test", kind, "--config", config_with(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and expected in out["detail"]


def test_the_scanner_fails_plainly_without_a_code_and_a_broken_device_exits_1(tmp_path, capsys):
    assert main(["devices", "test", "scanner", "--config", config_with(tmp_path), "--timeout", "0.1"]) == 1
    assert "no code read" in capsys.readouterr().out
    path = config_with(tmp_path, dock="sim:?fail=jammed")
    assert main(["devices", "test", "dock", "--config", path]) == 1
    assert "jammed" in capsys.readouterr().out


def test_config_and_driver_problems_exit_2_with_one_line(tmp_path, capsys):
    assert main(["devices", "test", "id_card_reader", "--config", config_with(tmp_path, id_card_reader="")]) == 2
    assert "no [devices] id_card_reader is configured" in capsys.readouterr().err
    assert main(["devices", "test", "camera", "--config", config_with(tmp_path, camera="gige://x")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gige://x" in err
