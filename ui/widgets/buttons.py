"""Buttons sized for older hands: primary ≥ 120 px, secondary ≥ 96 px (see ui/theme.py)."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from ui.theme import ASSETS, PRIMARY_MIN_HEIGHT, SECONDARY_MIN_HEIGHT


def primary_button(parent: QWidget | None = None, object_name: str = "") -> QPushButton:
    button = QPushButton(parent)
    button.setProperty("kind", "primary")
    button.setMinimumHeight(PRIMARY_MIN_HEIGHT)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setObjectName(object_name)
    return button


def secondary_button(parent: QWidget | None = None, object_name: str = "") -> QPushButton:
    button = QPushButton(parent)
    button.setProperty("kind", "secondary")
    button.setMinimumHeight(SECONDARY_MIN_HEIGHT)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setObjectName(object_name)
    return button


def tile_button(name: str, parent: QWidget | None = None) -> QPushButton:
    """A home-screen tile: icon, big label, whole tile is the target."""
    button = QPushButton(parent)
    button.setProperty("tile", name)
    button.setProperty("kind", "primary")
    button.setObjectName(f"tile_{name}")
    button.setIcon(QIcon(str(ASSETS / "icons" / f"{name}.svg")))
    button.setIconSize(QSize(128, 128))
    # An explicit minimum lets tiles shrink to fit a landscape screen; they grow to fill the rest.
    button.setMinimumSize(240, PRIMARY_MIN_HEIGHT)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return button
