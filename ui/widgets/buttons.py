"""Buttons sized for older hands: primary ≥ 120 px, secondary ≥ 96 px (see ui/theme.py)."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QPushButton, QSizePolicy, QToolButton, QWidget

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


def tile_button(name: str, parent: QWidget | None = None) -> QToolButton:
    """A home-screen tile: a big icon with its label underneath; the whole tile is the target.

    Text under the icon keeps the longest label ("Wheelchair") whole on a 1080-px-wide portrait
    screen, where icon and text side by side would be cut off.
    """
    button = QToolButton(parent)
    button.setProperty("tile", name)
    button.setProperty("kind", "primary")
    button.setObjectName(f"tile_{name}")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    button.setIcon(QIcon(str(ASSETS / "icons" / f"{name}.svg")))
    button.setIconSize(QSize(128, 128))
    # Tiles may shrink to fit a landscape screen and grow to fill the rest.
    button.setMinimumSize(240, PRIMARY_MIN_HEIGHT)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return button
