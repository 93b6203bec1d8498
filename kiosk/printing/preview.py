"""PNG previews of receipts, drawn from the same blocks the printer gets (no Qt).

``preview_png(receipt, target)`` gives the bytes for maintenance's "test print" screen and for tests;
the picture is the paper width at 203 dpi with a grey margin so the paper edge shows.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from kiosk.printing.blocks import PrintTarget, Receipt
from kiosk.printing.raster import render_receipt

PREVIEW_MARGIN_DOTS = 16
PAPER_EDGE_GREY = 200


def preview_image(receipt: Receipt, target: PrintTarget | None = None) -> Image.Image:
    target = target or PrintTarget()
    paper = render_receipt(receipt, target).convert("L")
    framed = Image.new("L", (paper.width + 2 * PREVIEW_MARGIN_DOTS, paper.height + 2 * PREVIEW_MARGIN_DOTS),
                       PAPER_EDGE_GREY)
    framed.paste(paper, (PREVIEW_MARGIN_DOTS, PREVIEW_MARGIN_DOTS))
    return framed


def preview_png(receipt: Receipt, target: PrintTarget | None = None) -> bytes:
    buffer = io.BytesIO()
    preview_image(receipt, target).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_preview(receipt: Receipt, folder: str | Path, target: PrintTarget | None = None) -> Path:
    """Save ``<folder>/<kind>-<width>mm.png`` and return its path."""
    target = target or PrintTarget()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{receipt.kind}-{target.width_mm}mm.png"
    path.write_bytes(preview_png(receipt, target))
    return path
