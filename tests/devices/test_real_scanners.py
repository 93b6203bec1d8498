"""The serial and keyboard-mode (HID) scanner drivers, fed by a real pseudo-terminal and a FIFO of
Linux input events — the bytes a hand scanner sends."""
from __future__ import annotations

import contextlib
import os
import struct
import time

import pytest

from devices.base import DeviceError, HealthState
from devices.drivers.hid_scanner import EV_KEY, EVENT, HidCodeScanner
from devices.drivers.serial_scanner import SerialCodeScanner
from devices.protocols import CodeScanner

ID_CARD_QR = "330102195001011236"


@pytest.fixture
def pty_pair():
    controller, line = os.openpty()
    yield controller, os.ttyname(line)
    for fd in (controller, line):
        with contextlib.suppress(OSError):  # a test may have closed it already (the "unplugged" one)
            os.close(fd)


def test_serial_codes_arrive_whole_even_when_the_bytes_come_in_pieces(device, pty_pair):
    controller, port = pty_pair
    scanner = device("scanner", f"serial://{port}?baudrate=9600")
    assert isinstance(scanner, SerialCodeScanner) and isinstance(scanner, CodeScanner)
    assert scanner.read_code(0.1) is None
    os.write(controller, ID_CARD_QR[:6].encode())
    time.sleep(0.3)
    os.write(controller, ID_CARD_QR[6:].encode() + b"\r\n" + "医保电子凭证".encode("gb18030") + b"\r")
    assert scanner.read_code(2) == ID_CARD_QR
    assert scanner.read_code(2) == "医保电子凭证"
    assert scanner.read_code(0.1) is None
    health = scanner.health()
    assert health.state is HealthState.OK and "2 code(s) read" in health.detail


def test_a_torn_serial_read_is_dropped_not_passed_on(device, pty_pair):
    controller, port = pty_pair
    scanner = device("scanner", f"serial://{port}?partial=0.3")
    os.write(controller, b"3301021950")  # the code was pulled away mid-scan
    time.sleep(0.8)
    os.write(controller, b"DEMO-CODE\r")
    assert scanner.read_code(2) == "DEMO-CODE"
    assert scanner.counters["torn_reads"] == 1


def test_two_codes_in_one_burst_are_read_in_order_once_each(device, pty_pair):
    controller, port = pty_pair
    scanner = device("scanner", f"serial://{port}")
    os.write(controller, b"FIRST\rSECOND\r")
    assert [scanner.read_code(2), scanner.read_code(2)] == ["FIRST", "SECOND"]
    assert scanner.read_code(0.3) is None


def test_an_unplugged_serial_scanner_is_a_fault_in_plain_words(device, pty_pair):
    controller, port = pty_pair
    scanner = device("scanner", f"serial://{port}")
    os.close(controller)
    with pytest.raises(DeviceError, match="disconnected"):
        scanner.read_code(3)
    assert scanner.health().state is HealthState.FAULT


def test_a_wrong_serial_port_fails_at_open_with_the_port_named(device):
    with pytest.raises(DeviceError, match="cannot open the code scanner at /dev/ttyNOPE"):
        device("scanner", "serial:///dev/ttyNOPE")


def key_events(text: str) -> bytes:
    """What a US-layout keyboard-mode scanner sends for ``text`` and Enter."""
    codes = {ch: (code, False) for code, chars in {2: "1", 3: "2", 4: "3", 5: "4", 6: "5", 7: "6", 8: "7",
             9: "8", 10: "9", 11: "0", 12: "-", 32: "d", 18: "e", 50: "m", 24: "o"}.items() for ch in chars}
    out = []
    for ch in text:
        code, _ = codes[ch.lower()]
        if ch.isupper():
            out.append(EVENT.pack(0, 0, EV_KEY, 42, 1))
        out += [EVENT.pack(0, 0, EV_KEY, code, 1), EVENT.pack(0, 0, 4, 4, 458756), EVENT.pack(0, 0, EV_KEY, code, 0)]
        if ch.isupper():
            out.append(EVENT.pack(0, 0, EV_KEY, 42, 0))
    out += [EVENT.pack(0, 0, EV_KEY, 28, 1), EVENT.pack(0, 0, EV_KEY, 28, 0)]
    return b"".join(out)


@pytest.fixture
def input_fifo(tmp_path):
    path = tmp_path / "event-kbd"
    os.mkfifo(path)
    writer = os.open(path, os.O_RDWR)  # holds the FIFO open as the "device" would be
    yield path, writer
    with contextlib.suppress(OSError):
        os.close(writer)


def test_keyboard_mode_codes_are_read_from_the_input_events(device, input_fifo):
    path, writer = input_fifo
    scanner = device("scanner", f"hid://{path}")
    assert isinstance(scanner, HidCodeScanner)
    events = key_events("DEMO-001") + key_events(ID_CARD_QR)
    os.write(writer, events[:37])  # events may arrive split anywhere
    os.write(writer, events[37:])
    assert scanner.read_code(2) == "DEMO-001"
    assert scanner.read_code(2) == ID_CARD_QR
    assert struct.calcsize("llHHi") == EVENT.size


def test_an_unplugged_keyboard_mode_scanner_is_a_fault(device, input_fifo):
    path, writer = input_fifo
    scanner = device("scanner", f"hid://{path}")
    os.close(writer)
    with pytest.raises(DeviceError, match="unplugged"):
        scanner.read_code(3)
    assert scanner.health().state is HealthState.FAULT


def test_a_missing_input_device_fails_at_open_in_plain_words(device, tmp_path):
    with pytest.raises(DeviceError, match="is it plugged in"):
        device("scanner", f"hid://{tmp_path}/no-such-event")
