"""Staff view of every device: kind, driver URL (simulators marked loudly), health and its detail."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from devices.base import Health
from kiosk.device_board import DeviceBoard
from ui.screens.base import Screen
from ui.widgets.labels import text_label


class DeviceStatusScreen(Screen):
    name = "device_status"
    is_patient_journey = False

    def __init__(self, board: DeviceBoard, parent: QWidget | None = None):
        super().__init__(parent)
        self._board = board
        self.title = text_label("title", self, "deviceStatusTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self._grid = QGridLayout(card)
        self._grid.setContentsMargins(32, 32, 32, 32)
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(20)
        self._rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, kind in enumerate(board.slots):
            name = text_label("body", card, f"device_{kind}_name")
            state = text_label("body", card, f"device_{kind}_state")
            detail = text_label("small", card, f"device_{kind}_detail")
            self._grid.addWidget(name, row * 2, 0)
            self._grid.addWidget(state, row * 2, 1)
            self._grid.addWidget(detail, row * 2 + 1, 0, 1, 2)
            self._rows[kind] = (name, state, detail)
        self._grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(card)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def _kind_name(self, kind: str) -> str:
        return {
            "camera": self.tr("Camera"),
            "receipt_printer": self.tr("Receipt printer"),
            "document_printer": self.tr("A4 printer"),
            "scanner": self.tr("Code scanner"),
            "dock": self.tr("Wheelchair dock"),
            "speaker": self.tr("Speaker"),
        }.get(kind, kind)

    def _state_name(self, health: Health | None) -> str:
        if health is None:
            return self.tr("not checked yet")
        return {
            "ok": self.tr("working"),
            "degraded": self.tr("needs attention"),
            "fault": self.tr("not working"),
            "unknown": self.tr("no answer"),
        }[health.state.value]

    def update_health(self, healths: dict[str, Health | None]) -> None:
        for kind, health in healths.items():
            if kind not in self._rows:
                continue
            _, state, detail = self._rows[kind]
            state.setText(self._state_name(health))
            state.setProperty("state", health.state.value if health else "unknown")
            state.style().unpolish(state)
            state.style().polish(state)
            slot = self._board.slots[kind]
            marker = self.tr("SIMULATED") + " · " if slot.simulated else ""
            detail.setText(f"{marker}{slot.url}" + (f" — {health.detail}" if health and health.detail else ""))

    def entered(self) -> None:
        self.update_health({kind: slot.last_health for kind, slot in self._board.slots.items()})

    def retranslate(self) -> None:
        self.title.setText(self.tr("Device status"))
        for kind, (name, _, _) in self._rows.items():
            name.setText(self._kind_name(kind))
        self.entered()

    def instruction(self) -> str:
        return ""
