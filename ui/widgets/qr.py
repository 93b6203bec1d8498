"""A QR code as a pixmap, for screens that show one to a phone (payment, invoice check, a help page)."""
from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap


def qr_pixmap(payload: str, side_px: int) -> QPixmap:
    """Black on white with a quiet zone, big enough for a phone camera at arm's length."""
    code = qrcode.QRCode(box_size=10, border=3, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().get_image().save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(side_px, side_px, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.FastTransformation)  # fast = crisp modules
