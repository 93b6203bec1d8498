"""Printing figures as one JSON object: ticket layout → ESC/POS bytes (native QR) and the invoice PDF.

Targets (issue 4): ticket_ms ≤ 20, ticket_bytes ≤ 1024, invoice_pdf_ms ≤ 150. Medians of repeated runs
after one warm-up; ``invoice_pdf_cold_ms`` includes Qt's first font database load.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.printing.blocks import PrintTarget  # noqa: E402
from kiosk.printing.escpos_render import receipt_to_escpos  # noqa: E402
from kiosk.printing.samples import sample_invoice, sample_ticket  # noqa: E402


def _median_ms(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 2)


def main() -> None:
    target = PrintTarget(80, "gb18030", native_qr=True)
    ticket_bytes = len(receipt_to_escpos(sample_ticket(), target))
    ticket_ms = _median_ms(lambda: receipt_to_escpos(sample_ticket(), target), 50)
    raster_ms = _median_ms(lambda: receipt_to_escpos(sample_ticket(), PrintTarget(80, "raster", False)), 10)
    raster_bytes = len(receipt_to_escpos(sample_ticket(), PrintTarget(80, "raster", False)))

    from ui.printing.invoice_pdf import invoice_pdf
    invoice = sample_invoice()
    cold_started = time.perf_counter()
    pdf = invoice_pdf(invoice)
    cold_ms = round((time.perf_counter() - cold_started) * 1000, 2)
    invoice_ms = _median_ms(lambda: invoice_pdf(invoice), 10)
    print(json.dumps({
        "ticket_ms": ticket_ms,
        "ticket_bytes": ticket_bytes,
        "invoice_pdf_ms": invoice_ms,
        "invoice_pdf_cold_ms": cold_ms,
        "invoice_pdf_bytes": len(pdf),
        "ticket_raster_ms": raster_ms,
        "ticket_raster_bytes": raster_bytes,
    }))


if __name__ == "__main__":
    main()
