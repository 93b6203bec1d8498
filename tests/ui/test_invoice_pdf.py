"""The A4 invoice PDF made with Qt: a real PDF with the CJK font embedded, fast enough."""
from __future__ import annotations

import time

from kiosk.printing.samples import sample_invoice
from ui.printing.invoice_pdf import invoice_pdf


def test_invoice_pdf_embeds_the_cjk_font(qapp):
    pdf = invoice_pdf(sample_invoice())
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"NotoSansCJK" in pdf
    started = time.perf_counter()
    invoice_pdf(sample_invoice())
    assert time.perf_counter() - started < 2.0  # generous for CI; the benchmark measures the target
