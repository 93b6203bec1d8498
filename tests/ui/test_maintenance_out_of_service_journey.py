"""The out-of-service page patients see: the way to the counter (arrow and words from the config, in
the patient's language) and a QR of the hospital's page that really reads back; no QR without a page."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

URL = "https://hospital.example/kiosk-help"


def _decode(label) -> list[str]:
    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.array(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return [result.text for result in zxingcpp.read_barcodes(pixels[:, :image.width()])]


def _switch_off(services):
    services.maintenance.service_switch.set(True, "staff:9001")


def test_patients_see_the_way_to_the_counter_and_a_qr_of_the_hospital_page(make_window, qtbot, services):
    services.config = replace(services.config, out_of_service_url=URL, counter_direction="right",
                              counter_directions_zh="3 号窗口：正门右手边",
                              counter_directions_en="Counter 3, right of the main entrance")
    window = make_window("landscape")
    _switch_off(services)
    qtbot.mouseClick(window.home.tiles["checkin"], Qt.MouseButton.LeftButton)
    page = window.current
    assert page is window.screens["out_of_service"]
    assert page.directions.text() == "3 号窗口：正门右手边" and page.arrow.direction == "right"
    assert page.qr.isVisible() and page.qr_payload == URL and _decode(page.qr) == [URL]
    assert "3 号窗口" in page.instruction()

    window.set_language("en")
    assert page.directions.text() == "Counter 3, right of the main entrance"
    assert "scan this code" in page.qr_caption.text()


def test_without_a_page_there_is_no_qr_and_the_help_desk_is_the_way(window, qtbot, services):
    services.config = replace(services.config, out_of_service_url="", counter_directions_zh="",
                              counter_directions_en="", counter_direction="ahead")
    _switch_off(services)
    qtbot.mouseClick(window.home.tiles["pay"], Qt.MouseButton.LeftButton)
    page = window.current
    assert page is window.screens["out_of_service"]
    assert not page.qr_box.isVisible() and page.qr_payload == ""
    assert page.directions.text() == services.config.help_desk_zh and page.arrow.direction == "ahead"
