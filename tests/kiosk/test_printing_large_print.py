"""Large print: the queue number, the room and the chair number at the printer's biggest size (8×8,
``GS ! 0x77``) that keeps them on one line; off, the layouts keep their own sizes."""
from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from devices.simulators.escpos_readback import read_escpos
from kiosk.config import parse_config
from kiosk.printing.blocks import Line, PrintTarget
from kiosk.printing.escpos_render import receipt_to_escpos
from kiosk.printing.preview import preview_png
from kiosk.printing.raster import LINE_DOTS
from kiosk.printing.samples import sample_receipts, sample_ticket

GS_SIZE = b"\x1d!"


def sizes_by_line(data: bytes) -> dict[str, int]:
    """Each printed text line → the GS ! size byte in force when it was printed (0 = normal)."""
    size = 0
    sizes: dict[str, int] = {}
    current = bytearray()
    i = 0
    while i < len(data):
        if data.startswith(GS_SIZE, i):
            size = data[i + 2]
            i += 3
        elif data[i] == 0x0A:
            sizes.setdefault(current.decode("gb18030", "replace").strip(), size)
            current.clear()
            i += 1
        elif data.startswith(b"\x1b!", i):  # ESC ! n: python-escpos's normal_textsize (n without 0x30)
            n = data[i + 2]
            size = (0x10 if n & 0x20 else 0) | (0x01 if n & 0x10 else 0)
            i += 3
        elif data[i] in (0x1B, 0x1C, 0x1D):
            i += 3 if data[i] == 0x1B else 2  # ESC x n / FS x / GS x (none of ours carry text)
        else:
            current.append(data[i])
            i += 1
    return sizes


def test_queue_number_and_room_print_at_8x8_on_80mm():
    data = receipt_to_escpos(sample_ticket(), PrintTarget(80, "gb18030", True, large_print=True))
    sizes = sizes_by_line(data)
    assert sizes["A023"] == 0x77 and sizes["215"] == 0x77
    assert data.index(GS_SIZE + b"\x77") < data.index(b"A023")
    assert sizes["您的号码 Your number"] == 0 and sizes["诊室 Room"] == 0  # the captions stay normal
    assert len(data) <= 1024  # still under 1 KB with the native QR


def test_chair_number_takes_the_biggest_size_that_fits_one_line():
    slip = sample_receipts()[1]
    assert sizes_by_line(receipt_to_escpos(slip, PrintTarget(80, large_print=True)))["WC-003"] == 0x77  # 6 × 8 = 48
    narrow = sizes_by_line(receipt_to_escpos(slip, PrintTarget(58, large_print=True)))
    assert narrow["WC-003"] == 0x44  # 58 mm has 32 columns: 5 × 6 columns = 30 fits, 6 × 6 = 36 does not


def test_without_large_print_the_layout_sizes_stay():
    sizes = sizes_by_line(receipt_to_escpos(sample_ticket(), PrintTarget(80)))
    assert sizes["A023"] == 0x44 and sizes["215"] == 0x22  # scale 5 and 3
    assert sizes_by_line(receipt_to_escpos(sample_receipts()[1], PrintTarget(80)))["WC-003"] == 0x22


def test_a_long_large_line_keeps_at_least_its_own_scale():
    target = PrintTarget(58, large_print=True)
    assert target.scale_of(Line("心血管内科专家门诊第三诊室", large=True, scale=2)) == 2
    assert target.scale_of(Line("A023", large=True, scale=5)) == 8
    assert target.scale_of(Line("A023", scale=5)) == 5


@pytest.mark.parametrize("width", [58, 80])
def test_raster_printers_draw_the_number_8x_high(width):
    normal = read_escpos(receipt_to_escpos(sample_ticket(), PrintTarget(width, "raster", True)))
    large = read_escpos(receipt_to_escpos(sample_ticket(), PrintTarget(width, "raster", True, large_print=True)))
    normal_height = sum(raster.shape[0] for raster in normal.rasters)
    large_height = sum(raster.shape[0] for raster in large.rasters)
    # number 5× → 8× and room 3× → 8×: at least (3 + 5) × 24 dots more paper
    assert large_height - normal_height >= 8 * LINE_DOTS


def ink_bands(paper: np.ndarray) -> list[tuple[int, int]]:
    """(height, width) of every run of rows with ink in them, top to bottom."""
    bands, start = [], None
    inked_rows = paper.any(axis=1)
    for row, inked in enumerate([*inked_rows, False]):
        if inked and start is None:
            start = row
        elif not inked and start is not None:
            columns = np.flatnonzero(paper[start:row].any(axis=0))
            bands.append((row - start, int(columns[-1] - columns[0])))
            start = None
    return bands


def big_wide_bands(png: bytes) -> list[tuple[int, int]]:
    """Text bands taller than 5× text can be (~90 dots) and wider than 60 % of 80 mm paper: not the QR."""
    paper = np.asarray(Image.open(io.BytesIO(png)).convert("L")) < 128
    return [band for band in ink_bands(paper) if band[0] >= 120 and band[1] >= 0.6 * 576]


def test_preview_shows_the_number_big_across_the_paper(tmp_path):
    png = preview_png(sample_ticket(), PrintTarget(80, large_print=True))
    (tmp_path / "ticket.png").write_bytes(png)
    assert len(big_wide_bands(png)) == 1  # "A023"; "215" is as tall but narrower
    assert big_wide_bands(preview_png(sample_ticket(), PrintTarget(80))) == []


def test_config_switch_reaches_the_print_service(kiosk_config):
    from kiosk.bootstrap import bootstrap

    assert kiosk_config.large_print is True
    services = bootstrap(replace(kiosk_config, large_print=False))
    try:
        assert services.printing.receipt_target().large_print is False
    finally:
        services.close()
    config = parse_config({"kiosk": {"id": "K"}, "hospital": {"name_zh": "医", "name_en": "H", "his": "fhir+https://his.example.cn/fhir"},
                           "storage": {"database": ":memory:"}, "printing": {"large_print": False},
                           "devices": {kind: "sim:" for kind in load_config_kinds()}}, kiosk_config.source)
    assert config.large_print is False


def load_config_kinds() -> list[str]:
    from devices.protocols import DEVICE_KINDS

    return list(DEVICE_KINDS)
