"""Home: four big tiles (check in, wheelchair, pay, help) — every task starts with one tap here."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from ui.screens.base import Screen
from ui.widgets.buttons import tile_button
from ui.widgets.labels import text_label

TILES = ("checkin", "wheelchair", "pay", "help")


class HomeScreen(Screen):
    name = "home"
    is_patient_journey = False

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.greeting = text_label("title", self, "greeting", centred=True)
        self.hint = text_label("body", self, "homeHint", centred=True)
        self.tiles = {name: tile_button(name, self) for name in TILES}
        for name, button in self.tiles.items():
            button.clicked.connect(lambda _=False, target=name: self.navigate.emit(target))
        self._grid = QGridLayout()
        self._grid.setSpacing(32)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(20)
        layout.addWidget(self.greeting)
        layout.addWidget(self.hint)
        layout.addLayout(self._grid, 1)
        self.set_columns(2)
        self.retranslate()

    def set_columns(self, columns: int) -> None:
        for index, name in enumerate(TILES):
            self._grid.addWidget(self.tiles[name], index // columns, index % columns)

    def retranslate(self) -> None:
        self.greeting.setText(self.tr("Hello! What would you like to do?"))
        self.hint.setText(self.tr("Touch a big button below."))
        self.tiles["checkin"].setText(self.tr("Check in"))
        self.tiles["wheelchair"].setText(self.tr("Wheelchair"))
        self.tiles["pay"].setText(self.tr("Pay"))
        self.tiles["help"].setText(self.tr("Help"))

    def instruction(self) -> str:
        return self.tr("Hello! Touch a big button: check in, wheelchair, pay, or help.")
