"""The ID card on every identification screen: a large picture with "put your ID card on the reader",
reads on a worker thread while an identification screen is shown, and what a card read leads to.

A known holder completes the identification (method ``id_card``); a holder the hospital does not know
goes to the new patient file screen; an expired card, a card taken off too soon, an unreadable card or
a reader without its security module are explained on the prompt in plain words, spoken too. A card
read while no identification screen is shown is ignored (and left on the reader unread: nobody asked).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from devices.protocols import CardRemoved, CardUnreadable, IdCard
from kiosk.identity import Lookup, LookupOutcome
from ui.theme import ASSETS
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow

READ_WAIT_S = 1.0
ERROR_ROOM = 110  # a screen keeps room for two lines of an error message under its prompt


class CardPrompt(QFrame):
    """The picture and the words; the words turn into a problem and its next step when a read fails."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("card")
        self.picture = QLabel(self)
        self.picture.setObjectName("idCardPicture")
        self.compact = False
        self._show_picture(QSize(160, 120))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = text_label("title", self, "idCardPrompt")
        self.problem = text_label("error", self, "idCardProblem")
        self.problem.hide()
        words = QVBoxLayout()
        words.setSpacing(8)
        words.addWidget(self.text)
        words.addWidget(self.problem)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 12, 24, 12)
        row.setSpacing(32)
        row.addWidget(self.picture)
        row.addLayout(words, 1)
        self.retranslate()

    def _show_picture(self, size: QSize) -> None:
        self.picture.setPixmap(QIcon(str(ASSETS / "icons" / "id-card.svg")).pixmap(size))

    def set_compact(self, on: bool) -> None:
        """A smaller picture and body-size words, for a screen with little room left."""
        if on == self.compact:
            return
        self.compact = on
        self._show_picture(QSize(96, 72) if on else QSize(160, 120))
        self.text.setProperty("role", "body" if on else "title")
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)

    def explain(self, problem: str, help_desk: str) -> str:
        """Plain words and the next step for each way a card can fail to identify someone."""
        texts = {
            "expired": self.tr("This ID card has expired, so it cannot be used here. Please use one of the other "
                               "ways, or go to %1."),
            "invalid": self.tr("This card's number does not look right. Please use one of the other ways, or go "
                               "to %1."),
            "removed": self.tr("The card was taken away too soon. Please put it back on the reader and leave it "
                               "there until the screen changes."),
            "unreadable": self.tr("The card could not be read. Please put it flat on the reader again, or use one "
                                  "of the other ways."),
            "reader_down": self.tr("The card reader is not working right now. Please use one of the other ways, "
                                   "or go to %1."),
            "his_down": self.tr("The hospital system did not answer. Please put your card on the reader again, "
                                "or go to %1."),
        }
        return texts[problem].replace("%1", help_desk)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def retranslate(self) -> None:
        self.text.setText(self.tr("Place your ID card on the reader"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class CardWatch:
    """Kept on the flow as ``window.identification.cards``; each identification screen gets its own
    prompt (``attach``), shown when a reader is fitted and the screen has room for it."""

    def __init__(self, window: "MainWindow", flow: "IdentificationFlow"):
        self._window = window
        self._flow = flow
        self.listening = False
        self.prompts: dict[str, CardPrompt] = {}
        window.stack.currentChanged.connect(self._on_screen_changed)

    def attach(self, screen: QWidget, layout: QBoxLayout, index: int = -1) -> CardPrompt:
        prompt = CardPrompt(screen)
        prompt.hide()
        layout.insertWidget(index, prompt)
        self.prompts[screen.objectName()] = prompt
        return prompt

    @property
    def reader(self):
        return self._window.services.devices.device("id_card_reader")

    @property
    def available(self) -> bool:
        """A reader is fitted and its last health check found it usable."""
        health = self._window.last_health.get("id_card_reader")
        return self.reader is not None and (health is None or health.usable)

    @property
    def prompt(self) -> CardPrompt | None:
        """The prompt of the screen now shown, when it is visible."""
        prompt = self.prompts.get(self._window.current.name)
        return prompt if prompt is not None and prompt.isVisible() else None

    def _on_screen_changed(self, _: int) -> None:
        identifying = self._flow.identifying()
        for name, prompt in self.prompts.items():
            prompt.show_problem("")
            prompt.hide()
            if name == self._window.current.name and identifying and self.available:
                self._show_if_room(prompt)
        new_file = self._flow.new_file
        if new_file is not None and self._window.current is not new_file:
            new_file.forget()  # the card's details leave with the screen
        self.listen()

    def refit(self) -> None:
        """The screen's own words grew (a problem shown): shrink or hide its card prompt so it still fits."""
        prompt = self.prompt
        if prompt is not None:
            self._show_if_room(prompt)

    def _show_if_room(self, prompt: CardPrompt) -> None:
        """Large if the screen has room, else compact; hidden where even that would push the screen past
        the window (the phone keypad in portrait: the card still works there and the instruction says so)."""
        room = self._window.stack.height()
        screen = self._window.current
        if screen is self._flow.face_screen and self._window.width() > self._window.height():
            prompt.hide()  # landscape: the camera picture needs the height (the card still works here)
            return
        for compact in (False, True):
            prompt.set_compact(compact)
            prompt.show()
            for layout in (prompt.layout(), screen.layout()):
                layout.invalidate()
                layout.activate()
            if screen.minimumSizeHint().height() + ERROR_ROOM <= room:
                return
        prompt.hide()

    def attach_face_step(self, screen: QWidget) -> None:
        """The face step belongs to check-in and is built after this feature: its prompt goes under
        the camera picture when check-in plugs it in (``IdentificationFlow.plug_face_step``)."""
        if screen.objectName() in self.prompts:
            return
        layout = screen.layout()
        preview = getattr(screen, "preview", None)
        index = layout.indexOf(preview) + 1 if preview is not None else -1
        self.attach(screen, layout, index)

    def listen(self) -> None:
        if self.listening or not self.available or not self._flow.identifying():
            return
        self.listening = True
        self._read_next()

    def _read_next(self) -> None:
        if not self._flow.identifying():
            self.listening = False
            return
        self._window.runner.submit(self.reader.read_card, READ_WAIT_S, on_done=self._on_card,
                                   on_error=self._on_read_error)

    def _on_card(self, card: IdCard | None) -> None:
        if card is None:
            self._read_next()
            return
        if not self._flow.identifying():  # nobody asked for a card now: ignore it
            self.listening = False
            return
        self.listening = False
        self.prompt.show_problem("")
        self._window.runner.submit(self._window.services.cards.identify, card,
                                   on_done=self._flow.for_this_patient(lambda result: self.show_result(card, result)),
                                   on_error=self._flow.for_this_patient(lambda _: self._problem("his_down")))

    def show_result(self, card: IdCard, result: Lookup) -> None:
        """What a card's lookup leads to: the journey goes on, a new patient file, or plain words."""
        if not self._flow.identifying():
            return
        face_step = self._flow.face_screen
        if result.found and face_step is not None and self._window.current is face_step \
                and face_step.verify_card_holder(result.patient):
            return  # 人证核验: the face now confirms the card's holder, 1:1
        if result.found:
            self._flow.identified(result.patient, result.method)
        elif result.outcome is LookupOutcome.NOT_FOUND:
            self._flow.open_new_patient_file(card)
        else:
            self._problem("expired" if result.outcome is LookupOutcome.EXPIRED else "invalid")

    def _on_read_error(self, error: Exception) -> None:
        self.listening = False
        if not self._flow.identifying():
            return
        if isinstance(error, CardRemoved):
            self._problem("removed")
        elif isinstance(error, CardUnreadable):
            self._problem("unreadable")
        else:  # no security module, no answer, a broken line: the reader cannot help this patient
            self._problem("reader_down", keep_listening=False)

    def _problem(self, problem: str, keep_listening: bool = True) -> None:
        if self.prompt is None:  # a screen without room for it: explain on the choice screen
            self._window.go("identify")
        prompt = self.prompt or next(iter(self.prompts.values()))
        text = prompt.explain(problem, self._window.help_desk())
        prompt.show_problem(text)
        self._window.services.voice.say(text, self._window.languages.language)
        if keep_listening:
            self.listen()
