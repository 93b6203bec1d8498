from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def text_label(role: str, parent: QWidget | None = None, object_name: str = "", centred: bool = False) -> QLabel:
    """A wrapped label styled by role: title, body, small, huge, countdown."""
    label = QLabel(parent)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
