"""The rental slip's QR is the kiosk's own signed code: printed (as a raster picture), read back from the
printer's bytes by zxing-cpp, and shown to the scanner at a kiosk, it opens that rental's return screen."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import zxingcpp
from PySide6.QtCore import Qt

from devices.simulators.escpos_readback import read_escpos
from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.config import ConfigError, parse_config
from kiosk.wheelchair.labels import ForgedLabel, UnreadableLabel
from kiosk.wheelchair.records import Refusal, RentalRefused

HOSPITAL_PAGE = "https://wc.example.cn/r/{rental}"


def _services(kiosk_config, slip_url=""):
    devices = {**kiosk_config.devices, "receipt_printer": "sim:?qr=raster"}
    config = replace(kiosk_config, devices=devices, wheelchair=replace(kiosk_config.wheelchair, slip_url=slip_url))
    return bootstrap(config, clock=FixedClock.at_local(2026, 11, 22, 9, 0))


@pytest.fixture
def services(kiosk_config):
    built = _services(kiosk_config)
    yield built
    built.close()


def printed_qr_codes(job_bytes: bytes) -> list[str]:
    picture = read_escpos(job_bytes).raster_image()
    return [found.text for found in zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_scanning_the_printed_slip_opens_that_rentals_return_screen(window, qtbot, services):
    desk, printer = services.wheelchairs, services.devices.device("receipt_printer")
    started = desk.rent("WC-002", services.his.patient("DEMO-001"), key="rent:slip-test")
    services.devices.device("dock").take(started.rental.dock_slot)
    desk.check_pickup(started.rental.id)
    codes = printed_qr_codes(printer.jobs[-1].data)
    assert codes == [desk.slip_code(started.rental)] and codes[0].startswith("OVWR1.")

    services.clock.advance(timedelta(hours=3, minutes=45))
    qtbot.mouseClick(window.home.tiles["wheelchair"], Qt.MouseButton.LeftButton)
    services.devices.device("scanner").present(codes[0])
    giving_back = window.screens["wheelchair_return"]
    qtbot.wait_until(lambda: window.current is giving_back, timeout=5000)
    assert giving_back.rental.id == started.rental.id
    assert giving_back.total.text() == "应付：6.00 元"
    assert giving_back.home_button.isVisible()  # "take it home instead": the extend choice


def test_a_slip_scanned_after_the_return_says_so_and_changes_nothing(window, qtbot, services):
    desk = services.wheelchairs
    rental = desk.rent("WC-003", services.his.patient("DEMO-002"), key="rent:slip-twice").rental
    services.devices.device("dock").take(rental.dock_slot)
    desk.check_pickup(rental.id)
    desk.return_chair("WC-003")
    receipt_codes = printed_qr_codes(services.devices.device("receipt_printer").jobs[-1].data)
    assert receipt_codes == [desk.slip_code(rental)]
    qtbot.mouseClick(window.home.tiles["wheelchair"], Qt.MouseButton.LeftButton)
    services.devices.device("scanner").present(receipt_codes[0])
    start = window.screens["wheelchair"]
    qtbot.wait_until(lambda: start.problem.isVisible(), timeout=5000)
    assert start.problem.text() == "这张凭条上的轮椅已经归还，无需再做什么。"
    states = services.db.execute("SELECT state FROM wheelchair_rentals").fetchall()
    assert states == [("returned",)]


def test_forged_and_torn_slips_are_refused(services):
    desk = services.wheelchairs
    rental = desk.rent("WC-001", services.his.patient("DEMO-001"), key="rent:forged").rental
    genuine = desk.slip_code(rental)
    assert desk.rental_from_slip(genuine) == rental
    with pytest.raises(ForgedLabel):
        desk.rental_from_slip(genuine.replace(rental.id, "R" + "0" * 11))
    with pytest.raises(UnreadableLabel):
        desk.rental_from_slip(genuine[:-4])
    assert desk.rental_from_slip(desk.label_for("WC-001")) is None  # a chair label is not a slip


def test_with_a_hospital_page_the_qr_is_its_address_and_the_kiosk_still_reads_it(kiosk_config):
    services = _services(kiosk_config, slip_url=HOSPITAL_PAGE)
    try:
        desk = services.wheelchairs
        rental = desk.rent("WC-001", services.his.patient("DEMO-001"), key="rent:page").rental
        codes = printed_qr_codes(services.devices.device("receipt_printer").jobs[-1].data)
        assert len(codes) == 1 and codes[0].startswith("https://wc.example.cn/r/OVWR1." + rental.id + ".")
        assert desk.rental_from_slip(codes[0]) == rental
        with pytest.raises(RentalRefused) as refused:
            desk.rentals.rent("WC-001", services.his.patient("DEMO-002"), key="rent:page-2")
        assert refused.value.reason is Refusal.CHAIR_RENTED
    finally:
        services.close()


@pytest.mark.parametrize("template", ["ftp://wc.example.cn/{rental}", "https://wc.example.cn/r/",
                                      "https://wc.example.cn/{rental}/{patient}",
                                      "https://a-very-long-hospital-address.example.cn/wheelchairs/{rental}"])
def test_a_wrong_slip_url_stops_the_kiosk_with_one_line_naming_the_key(tmp_path, template):
    with pytest.raises(ConfigError, match="wheelchair.slip_url"):
        parse_config({"kiosk": {"id": "K"}, "hospital": {"name_zh": "院", "name_en": "H"},
                      "storage": {"database": "k.db"}, "devices": {},
                      "wheelchair": {"slip_url": template}}, tmp_path / "kiosk.toml")
