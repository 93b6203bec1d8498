"""Wheelchair, first screen: hold the chair's QR label (or the rental slip) to the scanner or the
camera (rent it, or return it if it is rented), or take any free chair from this kiosk's dock.

The camera is read with the shared camera pipeline: a camera thread keeps the newest frame, a worker
decodes it with zxing-cpp (``kiosk.wheelchair.camera_codes``) — a few milliseconds, so every frame the
worker is free for — and only a found code comes back to the GUI thread."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.wheelchair.camera_codes import read_code_in_frame
from ui.checkin.face_pipeline import FacePipeline

from ui.screens.base import Screen
from ui.wheelchair.journey import JOURNEY, START
from ui.widgets.buttons import primary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WheelchairStartScreen(Screen):
    name = START
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self._busy = False
        self._refused_code: str | None = None  # the code whose problem is on screen: not read again
        self.camera_reader = FacePipeline(self)
        self.camera_reader.update.connect(self._on_camera_code)
        self.title = text_label("title", self, "wheelchairTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.scan_hint = text_label("body", card, "wheelchairScanHint")
        self.return_hint = text_label("body", card, "wheelchairReturnHint")
        self.problem = text_label("error", card, "wheelchairProblem")
        self.problem.hide()
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(20)
        for widget in (self.scan_hint, self.return_hint, self.problem):
            inner.addWidget(widget)
        self.free_chair_button = primary_button(self, "wheelchairAnyFree")
        self.free_chair_button.clicked.connect(self._take_any_free_chair)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(28)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addStretch(1)
        layout.addWidget(self.free_chair_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Wheelchair"))
        self.scan_hint.setText(self.tr("To rent a chair: hold the QR label on the chair up to the scanner or the camera."))
        self.return_hint.setText(self.tr("To give a chair back: scan its label or your rental slip the same way."))
        self.free_chair_button.setText(self.tr("Give me any free chair from this kiosk"))

    def instruction(self) -> str:
        if self.problem.isVisible():
            return self.problem.text()
        return self.tr("Hold the QR label on the wheelchair up to the scanner or the camera, or press the big button for any free chair.")

    def entered(self) -> None:
        self._busy = False
        self._refused_code = None
        self.problem.hide()
        self.free_chair_button.setVisible(self._window.services.wheelchairs.has_dock)
        self._listen()
        self._watch_camera()

    def hideEvent(self, event: QHideEvent) -> None:
        self.camera_reader.stop()
        super().hideEvent(event)

    def _watch_camera(self) -> None:
        camera = self._window.services.devices.device("camera")
        health = self._window.last_health.get("camera")
        if camera is None or (health is not None and not health.usable) or self.camera_reader.running:
            return
        self.camera_reader.start(camera, read_code_in_frame)

    def _on_camera_code(self, code: str | None) -> None:
        if code is None or code == self._refused_code:
            return
        self._on_code(code)

    def show_problem(self, text: str) -> None:
        self._busy = False
        self.problem.setText(text)
        self.problem.show()
        self._window.services.voice.say(text, self._window.languages.language)
        self._listen()

    def _on_problem(self, error: Exception) -> None:
        self.show_problem(self._window.wheelchair.explain(error))
        self._watch_camera()

    def _take_any_free_chair(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._window.scanner.stop_listening(self)
        self._window.wheelchair.any_free_chair(self._on_problem)

    def _listen(self) -> None:
        """Ask the window's scanner service for the next code, unless a chair is being looked up (a faulty
        scanner is not explained here: the camera still reads labels, and the fault banner names it)."""
        if not self._busy:
            self._window.scanner.listen(self, self._on_code)

    def _on_code(self, code: str) -> None:
        if self._window.current is not self or self._busy:
            return
        self._busy = True
        self._window.scanner.stop_listening(self)  # a camera read may come first: one code at a time
        self._refused_code = code  # if it is refused, the same label still in view is not read again
        self.problem.hide()
        self._window.wheelchair.scanned(code, self._on_problem)
