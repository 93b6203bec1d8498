"""The window's footer: back to start, say it again, call staff, and the reach-mode toggle (a
wheelchair icon). In reach mode the language button comes down here from the header, so every control
is within reach of someone sitting in a wheelchair.
"""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.theme import ASSETS
from ui.widgets.buttons import secondary_button

REACH_ICON_PX = 64


def reach_icon() -> QIcon:
    """Blue wheelchair on the white button; white on the blue (checked) one."""
    icon = QIcon()
    icon.addFile(str(ASSETS / "icons" / "reach-off.svg"), QSize(), QIcon.Mode.Normal, QIcon.State.Off)
    icon.addFile(str(ASSETS / "icons" / "wheelchair.svg"), QSize(), QIcon.Mode.Normal, QIcon.State.On)
    return icon


class Footer(QWidget):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("footer")
        self.home_button = secondary_button(self, "homeButton")
        self.repeat_button = secondary_button(self, "repeatButton")
        self.call_button = secondary_button(self, "footerCallStaff")
        self.reach_button = secondary_button(self, "reachButton")
        self.reach_button.setCheckable(True)
        self.reach_button.setIcon(reach_icon())
        self.reach_button.setIconSize(QSize(REACH_ICON_PX, REACH_ICON_PX))
        self.language_button: QPushButton | None = None  # only while reach mode has it down here
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(48, 12, 48, 20)
        self._rows.setSpacing(16)
        self._first = QHBoxLayout()
        self._second = QHBoxLayout()
        for row in (self._first, self._second):
            row.setSpacing(24)
            self._rows.addLayout(row)
        self._landscape = False
        self.arrange(False)

    @property
    def main_buttons(self) -> tuple[QPushButton, ...]:
        return self.home_button, self.repeat_button, self.call_button

    def take_language_button(self, button: QPushButton | None) -> None:
        """Hold the header's language button (reach mode), or let it go again (``None``)."""
        if self.language_button is not None:
            self._first.removeWidget(self.language_button)
            self._second.removeWidget(self.language_button)
        self.language_button = button
        self.arrange(self._landscape)

    def arrange(self, landscape: bool) -> None:
        """One row on a landscape screen; on a portrait one the toggle (and the language button) get a
        second row, so the three big buttons keep their full words."""
        self._landscape = landscape
        extras = [b for b in (self.language_button, self.reach_button) if b is not None]
        for button in (*self.main_buttons, *extras):
            self._first.removeWidget(button)
            self._second.removeWidget(button)
        for button in self.main_buttons:
            self._first.addWidget(button, 1)
        for button in extras:
            (self._first if landscape else self._second).addWidget(button, 0 if landscape else 1)
