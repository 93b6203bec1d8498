"""Layout and lookup shared by the typed fallbacks: text and fields on one side, the keypad on the other.

Side by side on a landscape screen, stacked (keypad in the lower part, in reach) on a portrait one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.identity import Lookup
from ui.screens.base import Screen
from ui.widgets.buttons import primary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow


def entry_label(parent: QWidget, object_name: str) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "entry")
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class KeypadEntryScreen(Screen):
    """Subclasses add their entry labels to ``self.fields`` and implement the two ``explain_*``; a found
    patient completes the identification of ``flow``."""

    def __init__(self, parent: QWidget, window: "MainWindow", flow: "IdentificationFlow", max_length: int,
                 extra_key: str = ""):
        super().__init__(parent)
        self._window = window
        self._flow = flow
        self.title = text_label("title", self, f"{self.name}Title")
        self.explain = text_label("body", self, f"{self.name}Explain")
        self.error = text_label("error", self, f"{self.name}Error")
        self.error.hide()
        self.ok_button = primary_button(self, f"{self.name}Ok")
        self.keypad = Keypad(self, max_length=max_length, extra_key=extra_key)
        self.fields = QVBoxLayout()
        self.fields.setSpacing(16)
        side = QVBoxLayout()
        side.setSpacing(20)
        side.addWidget(self.title)
        side.addWidget(self.explain)
        side.addLayout(self.fields)
        side.addWidget(self.error)
        side.addStretch(1)
        side.addWidget(self.ok_button)
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(48, 24, 48, 24)
        self._layout.setSpacing(32)
        self._layout.addLayout(side, 1)
        self._layout.addWidget(self.keypad, 1)

    def help_desk(self) -> str:
        return self._window.help_desk()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        # In reach mode every control must stay low: the message says what to do, so it takes the
        # explanation's place instead of pushing the fields up (and gives it back when it goes).
        if text and self.reach_mode and self.explain.isVisibleTo(self):
            self.explain.hide()
            self._explain_gave_way = True
        elif not text and getattr(self, "_explain_gave_way", False):
            self.explain.show()
            self._explain_gave_way = False
        cards = self._flow.cards
        if cards is not None and self._window.current is self:
            cards.refit()  # the message takes room from the card prompt
        if text:
            self._window.services.voice.say(text, self._window.languages.language)

    def lookup(self, find: Callable[..., Lookup], *args: object) -> None:
        def not_found(result: Lookup) -> None:
            self.ok_button.setEnabled(True)
            self.show_error(self.explain_result(result))

        def failed(_: Exception) -> None:
            self.ok_button.setEnabled(True)
            self.show_error(self.explain_failure())

        self._flow.lookup(find, *args, on_result=not_found, on_error=failed)

    def explain_result(self, result: Lookup) -> str:
        """Plain words for a lookup that found nobody (or was not valid)."""
        return ""

    def explain_failure(self) -> str:
        """Plain words for a lookup that could not be done."""
        return ""

    def apply_orientation(self, landscape: bool) -> None:
        self._layout.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
