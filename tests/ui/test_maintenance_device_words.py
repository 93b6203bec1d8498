"""The Chinese maintenance screens say device states, counters, errors and self-test results in
Chinese (issue 18.7: "simulated", "frames 127, read 127" were English). Drivers report codes with
their English; the screen words every code (checked below over all of devices/ and kiosk/)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from devices.words import Words
from staff_screens import click, sign_in_staff
from ui.maintenance.device_words import DeviceWords

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000
# what may stay Latin in a Chinese sentence: numbers, sizes, the A4 format
ALLOWED = re.compile(r"A4|\d+|×")


def codes_reported() -> dict[str, Path]:
    """Every literal code passed as ``Words(english, "code", …)`` in devices/ and kiosk/."""
    found: dict[str, Path] = {}
    for folder in ("devices", "kiosk"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Words" and len(node.args) >= 2
                        and isinstance(node.args[1], ast.Constant)):
                    found[node.args[1].value] = path
    return found


def english_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[A-Za-z][A-Za-z0-9_+:-]*", ALLOWED.sub(" ", text))]


def test_every_code_a_driver_or_self_test_reports_has_words_on_screen(qapp):
    reported = codes_reported()
    assert len(reported) > 60  # the scan found the drivers, simulators and self-tests
    words = DeviceWords()
    missing = {code: str(path.relative_to(ROOT)) for code, path in reported.items() if code not in words.templates()}
    assert not missing
    unused = set(words.templates()) - set(reported)
    assert not unused


def test_values_fill_the_words_and_unknown_text_is_shown_as_it_came(qapp):
    words = DeviceWords()
    assert words.detail(Words("simulated, volume 80", "sim.speaker_ok", volume=80)) == "simulated, volume 80"
    assert words.detail(Words("x", "sim.no_reply", device="dock")) == "no reply from the Wheelchair dock (simulated)"
    assert words.detail("[Errno 5] Input/output error") == "[Errno 5] Input/output error"


def test_the_chinese_devices_panel_has_no_english_status_words(window, qtbot, services):
    services.devices.device("receipt_printer").inject(paper="out")
    services.devices.device("scanner").inject(fail="timeout")
    menu = sign_in_staff(window, qtbot, "1001")
    click(qtbot, menu.panel_buttons["staff_devices"])
    devices = window.current
    camera = devices.rows["camera"]
    click(qtbot, camera.test_button)
    qtbot.wait_until(lambda: camera.picture.isVisible(), timeout=WAIT_MS)
    scanner = devices.rows["scanner"]
    click(qtbot, scanner.test_button)
    qtbot.wait_until(lambda: scanner.test_button.isEnabled() and "测试" in scanner.result.text(), timeout=WAIT_MS)
    click(qtbot, devices.check_button)
    printer = devices.rows["receipt_printer"]
    qtbot.wait_until(lambda: "缺纸（模拟）" in printer.state.text(), timeout=WAIT_MS)
    qtbot.wait_until(lambda: "帧" in camera.counters.text(), timeout=WAIT_MS)
    assert "拍到一张 640×480 的画面" in camera.result.text()
    assert scanner.result.text() == "测试未通过：扫码器没有应答（模拟）"
    shown = {}
    for kind, row in devices.rows.items():
        for label in (row.state, row.last_error, row.counters, row.result):
            if label.isVisible() or label is row.result and label.text():
                shown[f"{kind}.{label.objectName()}"] = label.text()
    english = {name: english_words(text) for name, text in shown.items() if english_words(text)}
    assert not english, english
    assert "音量" in devices.rows["speaker"].state.text() and "模拟设备" in devices.rows["dock"].state.text()
