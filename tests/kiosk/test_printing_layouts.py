"""Receipt layouts: masking, money in 元, never ¥, line widths, ≤ 1 KB tickets, PNG previews."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from devices.simulators.escpos_readback import read_escpos
from kiosk.printing.blocks import Line, Pair, PrintTarget, Receipt, text_columns, wrap_columns
from kiosk.printing.escpos_render import printable_text, receipt_to_escpos
from kiosk.printing.invoice import invoice_html
from kiosk.printing.preview import preview_png, write_preview
from kiosk.printing.samples import sample_invoice, sample_receipts, sample_ticket

TARGETS = [PrintTarget(w, mode, qr) for w in (58, 80) for mode in ("gb18030", "raster") for qr in (True, False)]


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_every_layout_renders_for_every_target(target):
    for receipt in sample_receipts():
        data = receipt_to_escpos(receipt, target)
        readback = read_escpos(data)
        assert readback.cuts == 1
        if target.text_mode == "gb18030":
            assert all(text_columns(line) <= target.columns for line in readback.text_lines
                       if not line.startswith("A0"))  # the big number is scaled, measured separately


def test_ticket_with_native_qr_is_small():
    assert len(receipt_to_escpos(sample_ticket(), PrintTarget(80, "gb18030", True))) <= 1024


def test_native_qr_uses_error_correction_m_like_the_raster_one():
    """Issue 18.5: python-escpos sends level L unless told (GS ( k … 69 n: n = 49 is M)."""
    data = receipt_to_escpos(sample_ticket(), PrintTarget(80, "gb18030", True))
    assert b"\x1d(k\x03\x001E1" in data and b"\x1d(k\x03\x001E0" not in data


def test_names_and_ids_are_masked_everywhere():
    for receipt in sample_receipts():
        text = read_escpos(receipt_to_escpos(receipt, PrintTarget())).text
        assert "张建华" not in text and "李秀英" not in text and "330102195001011236" not in text
    html = invoice_html(sample_invoice())
    assert "张*华" in html and "3301**********1236" in html and "张建华" not in html


def test_yen_sign_is_never_sent():
    receipt = Receipt("test", "yen", (Line("价格 ¥12"), Pair("¥", "¥")))
    data = receipt_to_escpos(receipt, PrintTarget())
    assert "¥".encode("gb18030") not in data
    assert "￥12" in read_escpos(data).text
    assert printable_text("¥") == "￥"


def test_amounts_use_yuan():
    text = read_escpos(receipt_to_escpos(sample_receipts()[2], PrintTarget())).text
    assert "130.60 元" in text and "26.30 元" in text


def test_wrapping_counts_chinese_as_two_columns():
    lines = wrap_columns("请留意叫号，过号请到分诊台 Missed your call? Ask at the triage desk", 32)
    assert all(text_columns(line) <= 32 for line in lines)
    assert "".join(lines).replace(" ", "") == "请留意叫号，过号请到分诊台Missedyourcall?Askatthetriagedesk"


def test_invoice_splits_add_up():
    invoice = sample_invoice()
    assert invoice.fund_fen + invoice.personal_account_fen + invoice.self_pay_fen == invoice.total_fen == 13060
    assert len(invoice.verification_url) <= 64


@pytest.mark.parametrize("width", [58, 80])
def test_preview_png_is_paper_width(tmp_path, width):
    target = PrintTarget(width)
    png = preview_png(sample_ticket(), target)
    image = Image.open(io.BytesIO(png))
    assert image.width == target.dots + 32 and image.height > 600
    path = write_preview(sample_ticket(), tmp_path, target)
    assert path.name == f"queue_ticket-{width}mm.png" and path.read_bytes() == png


def test_preview_qr_reads_back():
    zxingcpp = pytest.importorskip("zxingcpp")
    image = Image.open(io.BytesIO(preview_png(sample_ticket())))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://ov.example/q/A023-7F3K"]


def test_chinese_glyphs_are_drawn_not_boxes():
    """A font without CJK draws the same 'tofu' box for every character; real glyphs differ."""
    from kiosk.printing.raster import cjk_font
    font = cjk_font(24)
    masks = {char: bytes(font.getmask(char)) for char in "心内科医院"}
    assert len(set(masks.values())) == 5
