"""The printable sheet of chair labels for maintenance: HTML (a table, three labels a row) with one QR
PNG per chair. ``ui/wheelchair/label_sheet.py`` lays it out on A4 with Qt; the print journal sends it."""
from __future__ import annotations

import html
import io

import qrcode

LABELS_PER_ROW = 3


def label_qr_png(payload: str, module_px: int = 10) -> bytes:
    """A QR with high error correction: a scuffed label on a chair still reads."""
    code = qrcode.QRCode(box_size=module_px, border=4, error_correction=qrcode.constants.ERROR_CORRECT_H)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().get_image().save(buffer, format="PNG")
    return buffer.getvalue()


def label_sheet_html(hospital_name: str, labels: list[tuple[str, str]]) -> tuple[str, dict[str, bytes]]:
    """(HTML, images by name) for ``labels`` = [(chair id, signed payload), …]."""
    images = {f"qr-{chair_id}.png": label_qr_png(payload) for chair_id, payload in labels}
    cells = [f"<td align='center' style='padding:12px'><img src='qr-{html.escape(chair_id)}.png' width='180' "
             f"height='180'><br><b style='font-size:20pt'>{html.escape(chair_id)}</b><br>"
             f"扫码租借 / 归还 Scan to rent or return</td>" for chair_id, _ in labels]
    rows = ["<tr>" + "".join(cells[i:i + LABELS_PER_ROW]) + "</tr>" for i in range(0, len(cells), LABELS_PER_ROW)]
    body = (f"<h2>{html.escape(hospital_name)} — 轮椅标签 Wheelchair labels</h2>"
            f"<table width='100%' cellspacing='8'>{''.join(rows)}</table>")
    return body, images
