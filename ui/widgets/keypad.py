"""A big number pad: 0–9, an optional extra key (X for ID numbers), delete and clear.

Keys are 96 px or taller with 56 px digits; the pad keeps the typed text and its length limit,
so screens only read ``text`` and listen to ``changed``. ``set_compact(True)`` (reach mode beside an
entry on a landscape screen) makes every key exactly the 96 px minimum, so the pad fits below the
reach line.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from ui.theme import SECONDARY_MIN_HEIGHT

KEY_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("extra", "0", "delete"))


class Keypad(QWidget):
    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, max_length: int = 18, extra_key: str = ""):
        super().__init__(parent)
        self.setObjectName("keypad")
        self.max_length = max_length
        self.extra_key = extra_key
        self.text = ""
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        for row, names in enumerate(KEY_ROWS):
            for column, name in enumerate(names):
                key = QPushButton(self)
                key.setProperty("kind", "secondary")
                key.setProperty("key", "digit" if name.isdigit() else name)
                key.setObjectName(f"key_{name}")
                key.setMinimumHeight(SECONDARY_MIN_HEIGHT)
                key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                key.clicked.connect(lambda _=False, pressed=name: self.press(pressed))
                grid.addWidget(key, row, column)
                self.keys[name] = key
        self.keys["extra"].setVisible(bool(extra_key))
        self.retranslate()

    def set_compact(self, compact: bool) -> None:
        for key in self.keys.values():
            key.setProperty("compact", compact)
            key.style().unpolish(key)
            key.style().polish(key)
        self.updateGeometry()

    def clear(self) -> None:
        self._set("")

    def press(self, name: str) -> None:
        if name == "delete":
            self._set(self.text[:-1])
        elif len(self.text) < self.max_length:
            self._set(self.text + (self.extra_key if name == "extra" else name))

    def _set(self, text: str) -> None:
        self.text = text
        self.changed.emit(text)

    def retranslate(self) -> None:
        for name, key in self.keys.items():
            if name.isdigit():
                key.setText(name)
        self.keys["extra"].setText(self.extra_key)
        self.keys["delete"].setText(self.tr("Delete"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
