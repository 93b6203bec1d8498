"""The escpos+tcp driver against a real TCP server on 127.0.0.1 with scripted status replies."""
from __future__ import annotations

import pytest

from devices.base import DeviceError, DriverNotFound, HealthState
from devices.drivers.escpos_printer import EscposUsbPrinter
from devices.protocols import PaperLevel, ReceiptPrinter
from devices.base import DeviceUrl
from devices.simulators.network_printer import NetworkPrinterServer

FAST = "status_timeout=0.1&timeout=2"


@pytest.fixture
def server():
    with NetworkPrinterServer() as running:
        yield running


@pytest.mark.parametrize(("paper", "level", "state"), [
    ("ok", PaperLevel.ADEQUATE, HealthState.OK),
    ("near_end", PaperLevel.NEAR_END, HealthState.DEGRADED),
    ("out", PaperLevel.OUT, HealthState.FAULT),
    ("none", PaperLevel.UNKNOWN, HealthState.UNKNOWN),
])
def test_scripted_status_replies(device, server, paper, level, state):
    server.paper = paper
    printer = device("receipt_printer", f"{server.url}?{FAST}")
    assert isinstance(printer, ReceiptPrinter)
    assert printer.paper() is level
    assert printer.health().state is state
    assert set(server.status_requests) == {1, 2, 4}


def test_out_of_paper_refuses_before_sending_a_byte(device, server):
    server.paper = "out"
    printer = device("receipt_printer", f"{server.url}?{FAST}")
    with pytest.raises(DeviceError, match="out of paper"):
        printer.send(b"hello\n", "job-1")
    assert server.received == b""
    assert printer.counters["refused_jobs"] == 1


def test_cover_open_refuses(device, server):
    server.cover_open = True
    printer = device("receipt_printer", f"{server.url}?{FAST}")
    with pytest.raises(DeviceError, match="cover is open"):
        printer.send(b"hello\n", "job-1")


def test_silent_printer_still_prints_and_a_job_id_is_sent_once(device, server):
    server.paper = "none"
    printer = device("receipt_printer", f"{server.url}?{FAST}")
    printer.send(b"hello\n", "job-1")
    printer.send(b"hello\n", "job-1")
    assert server.wait_for(6) == b"hello\n"
    assert printer.counters["duplicate_jobs"] == 1


def test_switched_off_printer_opens_and_reports_fault(device):
    with NetworkPrinterServer() as gone:
        url = f"{gone.url}?{FAST}"
    printer = device("receipt_printer", url)
    health = printer.health()
    assert health.state is HealthState.FAULT and "cannot connect" in health.detail
    assert printer.paper() is PaperLevel.UNKNOWN


def test_url_parameters(device, server):
    printer = device("receipt_printer", f"{server.url}?width=58&encoding=raster&profile=POS-5890")
    assert (printer.paper_width_mm, printer.text_mode, printer.native_qr) == (58, "raster", False)
    with pytest.raises(DeviceError, match="profile=nope"):
        device("receipt_printer", f"{server.url}?profile=nope")
    with pytest.raises(DeviceError, match="width=70"):
        device("receipt_printer", f"{server.url}?width=70")


def test_file_printer_writes_and_cannot_report_status(device, tmp_path):
    target = tmp_path / "lp0"
    printer = device("receipt_printer", f"escpos+file://{target}")
    printer.send(b"abc\n", "job-1")
    printer.close()
    assert target.read_bytes() == b"abc\n"


def test_usb_without_pyusb_says_what_to_install(monkeypatch):
    import importlib.util
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "usb" else real_find_spec(name, *a))
    printer = EscposUsbPrinter(DeviceUrl.parse("escpos+usb://04b8:0202"))
    with pytest.raises(DriverNotFound, match="pip install pyusb"):
        printer.open()


@pytest.mark.parametrize("graceful", [False, True], ids=["reset", "closed"])
def test_the_first_job_after_a_printer_restart_is_printed_on_a_new_connection(device, server, graceful):
    """Issue 18.5: the old socket is dead after a restart; the driver reconnects and tries once more."""
    printer = device("receipt_printer", f"{server.url}?{FAST}")
    printer.send(b"FIRST\n", "job-1")
    server.wait_for(len(b"FIRST\n"))
    server.restart(graceful=graceful)
    printer.send(b"SECOND\n", "job-2")
    assert server.wait_for(len(b"FIRST\nSECOND\n")).endswith(b"SECOND\n")
    assert server.connections == 2 and printer.counters.get("reconnects") == 1


def test_a_printer_that_stays_away_fails_the_job_in_plain_words(device, server):
    printer = device("receipt_printer", f"{server.url}?{FAST}")
    printer.send(b"FIRST\n", "job-1")
    server.stop()
    with pytest.raises(DeviceError) as failed:
        printer.send(b"SECOND\n", "job-2")
    assert "Errno" not in str(failed.value) and "switched on" in str(failed.value)
