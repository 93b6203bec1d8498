"""The patient's own control over face data, and the second factor for large galleries.

- ``FaceDeleteScreen``: "Delete my face data" from the ticket screen → confirm → withdraw (templates
  gone from the database and the memory matrix, consent closed, audited) → confirmation.
- ``SecondFactorScreen``: with more enrolled people than the policy allows for open 1:N search
  (``face.second_factor_above``, by default the encoder's measured limit), the birth month/day (MMDD)
  or the phone's last 4 digits first, so the face is matched 1:few. When the 4 numbers leave more
  patients than that limit, the screen asks for the other 4 numbers and keeps those matching both.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ui.checkin.journey import FACE, FACE_DELETE, SECOND_FACTOR, TICKET
from ui.identify.keypad_entry import KeypadEntryScreen, entry_label
from ui.screens.base import Screen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow

FACE_WITHIN = "face_within"  # session scratch: the candidates the second factor left (or the one known patient)
FIRST_FACTOR = "face_first_factor"  # session scratch: candidates of the first 4 numbers, when they were too many


class FaceDeleteScreen(Screen):
    name = FACE_DELETE
    journey = "checkin"

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window.stack)
        self._window = window
        self.state = "confirm"  # confirm | deleting | deleted | failed
        self.title = text_label("title", self, "faceDeleteTitle")
        self.body = text_label("body", self, "faceDeleteBody")
        self.delete_button = primary_button(self, "faceDeleteYes")
        self.delete_button.clicked.connect(self.delete)
        self.back_button = secondary_button(self, "faceDeleteBack")
        self.back_button.clicked.connect(lambda: self.navigate.emit(TICKET))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addWidget(self.delete_button)
        layout.addWidget(self.back_button)
        self.retranslate()

    def entered(self) -> None:
        self.state = "confirm"
        self.retranslate()

    def delete(self) -> None:
        session = self._window.services.sessions.current
        if self.state != "confirm" or session is None or not session.patient_id:
            return
        self.state = "deleting"
        self.retranslate()
        self._window.runner.submit(self._window.services.faces.withdraw, session.patient_id, "patient",
                                   on_done=lambda _: self._finished("deleted"),
                                   on_error=lambda _: self._finished("failed"))

    def _finished(self, state: str) -> None:
        self.state = state
        self.retranslate()
        if self._window.current is self:
            self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def retranslate(self) -> None:
        desk = self._window.help_desk()
        self.delete_button.setVisible(self.state in ("confirm", "deleting"))
        self.delete_button.setEnabled(self.state == "confirm")
        self.delete_button.setText(self.tr("Yes, delete it"))
        self.back_button.setText(self.tr("Keep it — back to my ticket") if self.state in ("confirm", "deleting")
                                 else self.tr("Back to my ticket"))
        if self.state in ("confirm", "deleting"):
            self.title.setText(self.tr("Delete your face data?"))
            self.body.setText(self.tr("You will no longer be able to check in by face. You can still check in with "
                                      "your ID card or phone number, and you can sign up again at any time."))
        elif self.state == "deleted":
            self.title.setText(self.tr("Your face data has been deleted"))
            self.body.setText(self.tr("Nothing of your face is kept any more. Next time, please check in with your "
                                      "ID card or phone number."))
        else:
            self.title.setText(self.tr("We could not delete your face data"))
            self.body.setText(self.tr("Please ask at %1; the staff there will delete it for you.").replace("%1", desk))

    def instruction(self) -> str:
        return f"{self.title.text()} {self.body.text()}"


class SecondFactorScreen(KeypadEntryScreen):
    """Narrows a large gallery before the face step; nobody matching sends the patient to the other ways."""

    name = SECOND_FACTOR
    journey = "checkin"

    def __init__(self, window: "MainWindow", flow: "IdentificationFlow") -> None:
        super().__init__(window.stack, window, flow, max_length=4)
        self.entry = entry_label(self, "secondFactorEntry")
        self.other_way = secondary_button(self, "secondFactorOtherWay")
        self.other_way.clicked.connect(lambda: self.navigate.emit("identify"))
        row = QHBoxLayout()  # side by side: the screen must fit a landscape kiosk with a fault banner
        row.setSpacing(20)
        row.addWidget(self.entry, 1)
        row.addWidget(self.other_way, 1)
        self.fields.addLayout(row)
        self.keypad.changed.connect(self._typed)
        self.ok_button.clicked.connect(self.submit)
        self.retranslate()

    def entered(self) -> None:
        self.keypad.clear()
        self.show_error("")
        self.ok_button.setEnabled(False)
        self.retranslate()

    def _typed(self, text: str) -> None:
        self.entry.setText(" ".join(text.ljust(4, "_")))
        self.ok_button.setEnabled(len(text) == 4)
        if self.error.isVisible():
            self.show_error("")

    def ask_for_the_other_four(self, candidates: frozenset[str]) -> None:
        """The first 4 numbers left too many patients: keep them and ask for the other 4."""
        self._window.services.sessions.current.scratch[FIRST_FACTOR] = candidates
        self.keypad.clear()
        self.retranslate()
        self.show_error(self.tr("Several people match. Please type the other 4 too."))

    def submit(self) -> None:
        code = self.keypad.text
        if len(code) != 4:
            return
        self.ok_button.setEnabled(False)
        self._window.runner.submit(self._window.services.faces.candidates, code,
                                   on_done=self._narrowed, on_error=lambda _: self._nobody())

    def _narrowed(self, candidates: set[str]) -> None:
        session = self._window.services.sessions.current
        if self._window.current is not self or session is None:
            return
        if not candidates:
            self._nobody()
            return
        first = session.scratch.get(FIRST_FACTOR)
        if first is not None:
            candidates = set(candidates) & set(first)
            if not candidates:
                self._nobody()
                return
        if not self._window.services.faces.policy.narrowed_enough(len(candidates)):
            if first is not None:
                self._too_many_still()
                return
            self.ask_for_the_other_four(frozenset(candidates))
            return
        session.scratch.pop(FIRST_FACTOR, None)
        session.scratch[FACE_WITHIN] = frozenset(candidates)
        self.navigate.emit(FACE)

    def _too_many_still(self) -> None:
        self.ok_button.setEnabled(False)
        self.show_error(self.tr("We cannot tell you apart from other patients by these numbers. Please press "
                                "\"Use another way\"."))

    def _nobody(self) -> None:
        self.ok_button.setEnabled(True)
        self.show_error(self.tr("No one signed up for face check-in has these numbers. Please check them, or "
                                "press \"Use another way\"."))

    def _second_time(self) -> bool:
        session = self._window.services.sessions.current
        return session is not None and FIRST_FACTOR in session.scratch

    def retranslate(self) -> None:
        if self._second_time():
            self.title.setText(self.tr("And the other 4 numbers"))
        else:
            self.title.setText(self.tr("First, 4 numbers"))
        self.explain.setText(self.tr("Birthday as month and day (5 March: 0305), or your phone's last 4 digits."))
        self.ok_button.setText(self.tr("Next: look at the camera"))
        self.other_way.setText(self.tr("Use another way"))
        self._typed(self.keypad.text)

    def instruction(self) -> str:
        return self.explain.text()

