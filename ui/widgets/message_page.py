"""The plain page used to tell a patient why the kiosk cannot help and where to go instead."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.widgets.labels import text_label


def build_message_page(page: QWidget, next_step_role: str = "body") -> tuple[QLabel, QLabel, QLabel]:
    """Title, then a white card with an explanation and the next step; returns the three labels."""
    name = page.objectName()
    title = text_label("title", page, f"{name}Title")
    card = QFrame(page)
    card.setObjectName("card")
    explain = text_label("body", card, f"{name}Explain")
    next_step = text_label(next_step_role, card, f"{name}NextStep")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(40, 32, 40, 32)
    inner.setSpacing(24)
    inner.addWidget(explain)
    inner.addWidget(next_step)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(48, 24, 48, 24)
    layout.setSpacing(32)
    layout.addWidget(title)
    layout.addWidget(card)
    layout.addStretch(1)
    return title, explain, next_step
