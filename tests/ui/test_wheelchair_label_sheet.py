"""The A4 label sheet for maintenance: a PDF, and every QR on it reads back as that chair's signed label."""
from __future__ import annotations

import io

import numpy as np
import zxingcpp
from PIL import Image

from kiosk.wheelchair.label_sheet import label_sheet_html
from ui.wheelchair.label_sheet import label_sheet_pdf


def test_label_sheet_is_a_pdf_whose_codes_are_the_signed_labels(services, qapp):
    desk = services.wheelchairs
    pdf = label_sheet_pdf(desk, services.config.hospital_name_zh)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    html, images = label_sheet_html("H", desk.labels())
    assert html.count("<img") == len(images) == 4
    for name, png in images.items():
        found = zxingcpp.read_barcodes(np.asarray(Image.open(io.BytesIO(png)).convert("L")))
        chair_id = name.removeprefix("qr-").removesuffix(".png")
        assert desk.chair_from_scan(found[0].text) == chair_id
