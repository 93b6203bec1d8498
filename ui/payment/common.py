"""What the payment screens share: the payment system, the help desk in the current language, a QR picture."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import qrcode
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

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


QR_TICK_MS = 250  # how often a QR payment screen refreshes its countdown and checks the order


@dataclass
class QrPayLayout:
    title: QLabel
    amount: QLabel
    detail: QLabel
    qr: QLabel
    cancel_button: QPushButton
    demo_button: QPushButton
    body: QBoxLayout
    timer: QTimer


def build_qr_pay_layout(screen: QWidget, prefix: str) -> QrPayLayout:
    """The QR to scan beside (landscape) or above (portrait) the amount, a detail line, "cancel" and the
    demo's "pay with a phone"; shared by the bill's QR screen and the wheelchair deposit screen.
    Texts are set by the screens themselves (their own translation context)."""
    title = text_label("title", screen, f"{prefix}Title", centred=True)
    amount = text_label("huge", screen, f"{prefix}Amount", centred=True)
    detail = text_label("body", screen, f"{prefix}Detail", centred=True)
    qr = QLabel(screen)
    qr.setObjectName(f"{prefix}Code")
    qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
    cancel_button = secondary_button(screen, f"{prefix}Cancel")
    demo_button = secondary_button(screen, f"{prefix}DemoPay")
    row = QHBoxLayout()
    row.addWidget(cancel_button, 1)
    row.addWidget(demo_button, 1)
    column = QVBoxLayout()
    column.setSpacing(16)
    for widget in (title, amount, detail):
        column.addWidget(widget)
    column.addStretch(1)
    column.addLayout(row)
    body = QBoxLayout(QBoxLayout.Direction.TopToBottom, screen)
    body.setContentsMargins(48, 16, 48, 16)
    body.setSpacing(24)
    body.addWidget(qr, 1)
    body.addLayout(column, 1)
    timer = QTimer(screen)
    timer.setInterval(QR_TICK_MS)
    return QrPayLayout(title, amount, detail, qr, cancel_button, demo_button, body, timer)
