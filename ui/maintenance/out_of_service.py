"""What a patient sees on any tile while staff have taken the kiosk out of service: where to go instead,
with a drawn arrow and the way to the counter in words (``kiosk.counter_direction`` and
``kiosk.counter_directions_zh/_en``; the help desk's name when those are not set), and — when
``kiosk.out_of_service_url`` is set — a QR of the hospital's page to open on a phone.

Side by side in landscape (way to the counter | QR), one above the other in portrait.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QPolygonF
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QVBoxLayout, QWidget

from ui.screens.base import Screen
from ui.theme import PRIMARY, WHITE
from ui.widgets.labels import text_label
from ui.widgets.qr import qr_pixmap

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OUT_OF_SERVICE = "out_of_service"
QR_SIDE_PX = 320  # portrait; landscape has less height, so a smaller code with its caption beside it
QR_SIDE_LANDSCAPE_PX = 240
ARROW_ANGLES = {"ahead": -90.0, "right": 0.0, "behind": 90.0, "left": 180.0}  # degrees, screen coordinates


class DirectionArrow(QWidget):
    """A thick arrow pointing the way to the counter (ahead = up on the screen)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("outOfServiceArrow")
        self.direction = "ahead"
        self.setFixedSize(200, 200)

    def set_direction(self, direction: str) -> None:
        self.direction = direction if direction in ARROW_ANGLES else "ahead"
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PRIMARY))
        side = min(self.width(), self.height())
        painter.drawEllipse(QPointF(self.width() / 2, self.height() / 2), side / 2, side / 2)
        # An arrow pointing right, then turned: shaft from -0.3 to 0.05, head to 0.36 (fractions of side).
        shape = [(-0.30, -0.08), (0.05, -0.08), (0.05, -0.20), (0.34, 0.0), (0.05, 0.20), (0.05, 0.08),
                 (-0.30, 0.08)]
        angle = math.radians(ARROW_ANGLES[self.direction])
        cos, sin = math.cos(angle), math.sin(angle)
        centre_x, centre_y = self.width() / 2, self.height() / 2
        points = [QPointF(centre_x + side * (x * cos - y * sin), centre_y + side * (x * sin + y * cos))
                  for x, y in shape]
        painter.setBrush(QColor(WHITE))
        painter.drawPolygon(QPolygonF(points))
        painter.end()


class OutOfServiceScreen(Screen):
    name = OUT_OF_SERVICE
    journey = OUT_OF_SERVICE
    is_patient_journey = False  # it stands in for home while out of service: no idle countdown, no session

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.title = text_label("title", self, f"{self.name}Title")
        card = QFrame(self)
        card.setObjectName("card")
        self.explain = text_label("body", card, f"{self.name}Explain")
        self.next_step = text_label("title", card, f"{self.name}NextStep")
        self.arrow = DirectionArrow(card)
        self.directions = text_label("body", card, f"{self.name}Directions")
        self.qr = QLabel(card)
        self.qr.setObjectName(f"{self.name}Qr")
        self.qr.setFixedSize(QR_SIDE_PX, QR_SIDE_PX)
        self.qr_caption = text_label("body", card, f"{self.name}QrCaption")
        way = QVBoxLayout()
        way.setSpacing(16)
        way.addWidget(self.arrow, 0, Qt.AlignmentFlag.AlignHCenter)
        way.addWidget(self.directions)
        way.addStretch(1)
        self.qr_box = QWidget(card)
        self.qr_column = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.qr_box)
        self.qr_column.setContentsMargins(0, 0, 0, 0)
        self.qr_column.setSpacing(16)
        self.qr_column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.qr_column.addWidget(self.qr_caption, 1)
        self.help_row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.help_row.setSpacing(40)
        self.help_row.addLayout(way, 1)
        self.help_row.addWidget(self.qr_box, 1)
        self.inner = QVBoxLayout(card)
        self.inner.setContentsMargins(40, 32, 40, 32)
        self.inner.setSpacing(24)
        self.inner.addWidget(self.explain)
        self.inner.addWidget(self.next_step)
        self.inner.addLayout(self.help_row)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(48, 24, 48, 24)
        self.outer.setSpacing(32)
        self.outer.addWidget(self.title)
        self.outer.addWidget(card)
        self.outer.addStretch(1)
        self._qr_payload = ""
        self._qr_side = QR_SIDE_PX
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        across, down = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
        self.help_row.setDirection(across if landscape else down)
        self.qr_column.setDirection(across if landscape else down)
        self._qr_side = QR_SIDE_LANDSCAPE_PX if landscape else QR_SIDE_PX
        self.qr.setFixedSize(self._qr_side, self._qr_side)
        self.arrow.setFixedSize(160 if landscape else 200, 160 if landscape else 200)
        # landscape has the least height of any screen here (with a device banner showing): tighter gaps
        self.inner.setContentsMargins(40, 20 if landscape else 32, 40, 20 if landscape else 32)
        self.inner.setSpacing(16 if landscape else 24)
        self.outer.setSpacing(20 if landscape else 32)
        self._qr_payload = ""  # drawn again at the new size
        self.retranslate()

    def entered(self) -> None:
        self.retranslate()

    @property
    def qr_payload(self) -> str:
        """What the QR on screen says ("" when no page is configured)."""
        return self._qr_payload

    def _show_qr(self, url: str) -> None:
        if url != self._qr_payload:
            self._qr_payload = url
            self.qr.setPixmap(qr_pixmap(url, self._qr_side) if url else QPixmap())
        self.qr_box.setVisible(bool(url))

    def retranslate(self) -> None:
        config = self._window.services.config
        desk = self._window.help_desk()
        chinese = self._window.languages.language == "zh_CN"
        way = (config.counter_directions_zh if chinese else config.counter_directions_en) or desk
        self.title.setText(self.tr("This kiosk is out of service"))
        self.explain.setText(self.tr("Sorry, staff are working on this kiosk. It cannot help you now."))
        self.next_step.setText(self.tr("Please go to %1. The staff there will help you.").replace("%1", desk))
        self.arrow.set_direction(config.counter_direction)
        self.directions.setText(way)
        self.qr_caption.setText(self.tr("Or scan this code with your phone for the hospital's page and a map."))
        self._show_qr(config.out_of_service_url)

    def instruction(self) -> str:
        return " ".join((self.title.text(), self.explain.text(), self.next_step.text(), self.directions.text()))
