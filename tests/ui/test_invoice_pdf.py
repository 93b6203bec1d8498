"""The A4 invoice PDF made with Qt: a real PDF with the CJK font embedded whose text layer reads back
exactly (pdftotext): the ideographs, and the digits of the number, check code, ID, date and link."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from kiosk.printing.samples import sample_invoice
from ui.printing.invoice_pdf import invoice_pdf


def test_invoice_pdf_embeds_the_cjk_font(qapp):
    pdf = invoice_pdf(sample_invoice())
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"DroidSansFallback" in pdf


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext comes with poppler-utils (make setup)")
def test_the_text_layer_reads_back_exactly(qapp, tmp_path):
    """Issue 18.5: with Noto CJK, pdftotext gave Kangxi radicals (⼀ for 一) and lost the bold digits."""
    invoice = sample_invoice()
    path = tmp_path / "invoice.pdf"
    path.write_bytes(invoice_pdf(invoice))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text), "radicals instead of ideographs"
    for expected in ("浙一演示医院", "医疗门诊收费电子票据", "开票日期", "阿托伐他汀钙片", "血常规", "常规心电图",
                     invoice.invoice_number, invoice.check_code, "3301**********1236", "2026-11-22 09:30",
                     invoice.verification_url, "130.60 元"):
        assert expected in text, expected
