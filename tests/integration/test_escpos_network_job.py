"""A real escpos+tcp job: the print service renders a queue ticket, the driver sends it to a TCP
server on 127.0.0.1, and the test reads the bytes back: GB18030 text, and the QR (native payload, or
the raster picture decoded by zxing-cpp)."""
from __future__ import annotations

import pytest

from devices.registry import open_device
from devices.simulators.escpos_readback import read_escpos
from devices.simulators.network_printer import NetworkPrinterServer
from kiosk.clock import FixedClock
from kiosk.printing.journal import PrintService
from kiosk.printing.samples import sample_ticket
from kiosk.storage import open_database

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp reads the printed QR back; pip install zxing-cpp")

STATUS_URL = "https://ov.example/q/A023-7F3K"


@pytest.fixture
def network_printer():
    with NetworkPrinterServer() as server:
        yield server


def _print_ticket(tmp_path, url):
    printer = open_device("receipt_printer", url)
    try:
        service = PrintService(open_database(tmp_path / "kiosk.db"), FixedClock.at_local(2026, 11, 22, 9, 30),
                               receipt_printer=printer)
        outcome = service.print_receipt(sample_ticket(), key="ticket:A20261122-0001")
    finally:
        printer.close()
    return outcome


@pytest.mark.parametrize("width", [58, 80])
def test_ticket_text_is_gb18030_and_native_qr_payload_is_short(tmp_path, network_printer, width):
    outcome = _print_ticket(tmp_path, f"{network_printer.url}?width={width}&status_timeout=0.2")
    assert outcome.printed and outcome.job.state == "done"
    data = network_printer.wait_for(500)
    assert len(data) <= 1024
    assert "¥".encode("gb18030") not in data
    readback = read_escpos(data)
    assert readback.chinese_mode_used and readback.cuts == 1
    text = readback.text
    for expected in ("浙一演示医院", "心内科", "A023", "前面还有 4 人", "张*华", "2026-11-22 09:30"):
        assert expected in text
    assert "张建华" not in text
    assert readback.qr_payloads == [STATUS_URL]


def test_raster_qr_is_read_back_by_zxing(tmp_path, network_printer):
    outcome = _print_ticket(tmp_path, f"{network_printer.url}?width=58&qr=raster&status_timeout=0.2")
    assert outcome.printed
    readback = read_escpos(network_printer.wait_for(5000))
    assert readback.qr_payloads == []
    decoded = [result.text for result in zxingcpp.read_barcodes(readback.raster_image())]
    assert decoded == [STATUS_URL]
    assert "心内科" in readback.text


def test_raster_text_printer_gets_pictures_only(tmp_path, network_printer):
    outcome = _print_ticket(tmp_path, f"{network_printer.url}?encoding=raster&qr=raster&status_timeout=0.2")
    assert outcome.printed
    readback = read_escpos(network_printer.wait_for(20000))
    assert "心内科" not in readback.text and not readback.chinese_mode_used
    assert [r.text for r in zxingcpp.read_barcodes(readback.raster_image())] == [STATUS_URL]


def test_paper_out_fails_the_job_with_a_screen_fallback(tmp_path, network_printer):
    network_printer.paper = "out"
    outcome = _print_ticket(tmp_path, f"{network_printer.url}?status_timeout=0.2")
    assert not outcome.printed and outcome.job.state == "failed"
    assert "out of paper" in outcome.error
    assert outcome.fallback.headline == "A023" and outcome.fallback.qr_payload == STATUS_URL
    assert network_printer.received == b""
