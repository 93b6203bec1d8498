"""What the payment screens share: the payment system, the help desk in the current language, a QR picture."""
from __future__ import annotations

from typing import TYPE_CHECKING

import io

import qrcode
from PySide6.QtGui import QPixmap

if TYPE_CHECKING:
    from kiosk.payment.system import PaymentSystem
    from ui.main_window import MainWindow

JOURNEY = "pay"


def payments(window: "MainWindow") -> "PaymentSystem":
    return window.services.payments  # type: ignore[return-value]


def help_desk(window: "MainWindow") -> str:
    return window.help_desk()


def patient_id(window: "MainWindow") -> str | None:
    session = window.services.sessions.current
    return session.patient_id if session is not None else None


def qr_pixmap(payload: str, side_px: int) -> QPixmap:
    """A QR big enough for a phone camera at arm's length; black on white with a quiet zone."""
    code = qrcode.QRCode(box_size=10, border=3, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().get_image().save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(side_px, side_px)
