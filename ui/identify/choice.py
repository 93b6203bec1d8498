"""How shall we find you? Scan a code, type the ID number, phone + birth date, or call staff."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QVBoxLayout

from ui.screens.base import Screen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow


class IdentifyChoiceScreen(Screen):
    name = "identify"

    def __init__(self, window: "MainWindow", flow: "IdentificationFlow"):
        super().__init__(window.stack)
        self._window = window
        self._flow = flow
        self.title = text_label("title", self, "identifyTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.scan_hint = text_label("body", card, "scanHint")
        self.face_note = text_label("body", self, "identifyFaceNote")
        self.scan_error = text_label("error", card, "scanError")
        self.scan_error.hide()
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(16)
        inner.addWidget(self.scan_hint)
        inner.addWidget(self.scan_error)
        self.id_button = primary_button(self, "identifyById")
        self.phone_button = primary_button(self, "identifyByPhone")
        self.face_button = secondary_button(self, "identifyByFace")
        self.id_button.clicked.connect(lambda: self.navigate.emit("identify_id"))
        self.phone_button.clicked.connect(lambda: self.navigate.emit("identify_phone"))
        self.face_button.clicked.connect(lambda: self.navigate.emit(flow.face_step or self.name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(self.face_note)
        layout.addWidget(card)
        layout.addStretch(1)
        self._buttons = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._buttons.setSpacing(24)
        for button in (self.face_button, self.id_button, self.phone_button):
            self._buttons.addWidget(button)
        layout.addLayout(self._buttons)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._buttons.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        self.scan_error.hide()
        flow = self._flow
        camera = self._window.last_health.get("camera")
        self.face_button.setVisible(flow.face_step is not None and camera is not None and camera.usable)
        self.retranslate()
        flow.listen_for_codes()
        self.scan_hint.setVisible(flow.scanner_listening)

    def code_not_found(self) -> None:
        self.show_scan_error(self.tr("This code did not find you. Please try another way below, or go to %1.")
                             .replace("%1", self._help_desk()))

    def lookup_failed(self) -> None:
        self.show_scan_error(self.tr("The hospital system did not answer. Please try again, or go to %1.")
                             .replace("%1", self._help_desk()))

    def scanner_failed(self) -> None:
        self.scan_hint.hide()
        self.show_scan_error(self.tr("The code scanner is not working. Please use one of the buttons below."))

    def show_scan_error(self, text: str) -> None:
        self.scan_error.setText(text)
        self.scan_error.show()
        self._window.services.voice.say(text, self._window.languages.language)

    def _help_desk(self) -> str:
        return self._window.help_desk()

    def _face_note(self) -> str:
        """Why the face was skipped, when it was skipped without asking (e.g. nobody has enrolled yet)."""
        flow = self._flow
        faces = self._window.services.faces
        if flow.face_step is None or flow.purpose != "checkin":
            return ""
        if not faces.available:
            return self.tr("Face check-in is not working right now, so please use one of the ways below.")
        if faces.enrolled_people == 0:
            return self.tr("Nobody has registered a face for check-in yet, so please use one of the ways below. "
                           "You can register yours after checking in.")
        return ""

    def retranslate(self) -> None:
        self.title.setText(self.tr("How shall we find you?"))
        note = self._face_note()
        self.face_note.setText(note)
        self.face_note.setVisible(bool(note))
        if note:  # the note says the face cannot find them now: "try my face again" would only fail
            self.face_button.hide()
        self.scan_hint.setText(self.tr("Hold your insurance e-code or your ID card's QR code under the scanner."))
        self.id_button.setText(self.tr("Type my ID card number"))
        self.phone_button.setText(self.tr("Phone number and birth date"))
        self.face_button.setText(self.tr("Try my face again"))

    def instruction(self) -> str:
        if self._flow.cards.available:
            words = self.tr("Place your ID card on the reader. Or hold your insurance code under the scanner, or "
                            "press a big button to type your details.")
        else:
            words = self.tr("Hold your insurance code under the scanner, or press a big button to type your details.")
        return " ".join(filter(None, (self.face_note.text(), words)))
