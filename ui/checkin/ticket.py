"""The result: the queue number large, where to go, how many are ahead — and "your visit today"
(what comes after, what is left to pay), so the patient does not need the information desk.

When the paper is out the ticket is shown on screen instead, with a QR code to photograph.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.checkin.service import CheckInResult
from kiosk.money import format_yuan
from ui.checkin.journey import FACE_DELETE, REGISTER, TICKET, VISIT, CheckInJourney
from ui.checkin.visit import department_place
from ui.screens.base import Screen
from ui.theme import PAGE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

QR_PIXELS = 280


def qr_image(payload: str) -> QImage:
    import qrcode

    picture = qrcode.make(payload, border=2).convert("RGB")
    data = picture.tobytes()
    image = QImage(data, picture.width, picture.height, picture.width * 3, QImage.Format.Format_RGB888)
    return image.copy().scaled(QR_PIXELS, QR_PIXELS, Qt.AspectRatioMode.KeepAspectRatio)


class TicketScreen(Screen):
    name = TICKET
    journey = "checkin"

    def __init__(self, window: "MainWindow", journey: CheckInJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self.number_caption = text_label("body", None, "ticketCaption", centred=True)
        self.number = text_label("huge", None, "ticketNumber", centred=True)
        self.place = text_label("title", None, "ticketPlace", centred=True)
        self.ahead = text_label("body", None, "ticketAhead", centred=True)
        self.paper = text_label("body", None, "ticketPaper", centred=True)
        self.qr = QLabel()
        self.qr.setObjectName("ticketQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Portrait: the number, the words about the paper, the code under them. Landscape (about 530 px
        # above the buttons): the code atop the right column, the words right above the buttons, so an
        # out-of-paper ticket is seen whole without scrolling (``apply_orientation``).
        self._left = QVBoxLayout()
        self._left.setSpacing(12)
        for widget in (self.number_caption, self.number, self.place, self.ahead, self.paper, self.qr):
            self._left.addWidget(widget)
        self._left.addStretch(1)

        card = QFrame()
        card.setObjectName("card")
        self.visit_title = text_label("title", card, "visitTitle")
        self.now_line = text_label("body", card, "visitNow")
        self.after_line = text_label("body", card, "visitAfter")
        self.pay_line = text_label("body", card, "visitPay")
        self.later_line = text_label("body", card, "visitLater")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 24, 32, 24)
        inner.setSpacing(16)
        for widget in (self.visit_title, self.now_line, self.after_line, self.pay_line, self.later_line):
            inner.addWidget(widget)
        self.delete_face_button = secondary_button(card, "ticketDeleteFace")
        self.delete_face_button.clicked.connect(lambda: self.navigate.emit(FACE_DELETE))
        self.register_button = secondary_button(card, "ticketRegisterAnother")
        self.register_button.clicked.connect(lambda: self.navigate.emit(REGISTER))
        inner.addWidget(self.register_button)
        inner.addWidget(self.delete_face_button)
        inner.addStretch(1)
        # Everything above the buttons scrolls, so a long visit never pushes the window off the screen.
        body = QWidget()
        body.setObjectName("ticketBody")
        body.setStyleSheet(f"QWidget#ticketBody {{ background: {PAGE}; }}")
        self._columns = QBoxLayout(QBoxLayout.Direction.TopToBottom, body)
        self._columns.setContentsMargins(0, 0, 0, 0)
        self._columns.setSpacing(24)
        self._right = QVBoxLayout()
        self._right.setSpacing(12)
        self._right.addWidget(card, 1)
        self._columns.addLayout(self._left, 1)
        self._columns.addLayout(self._right, 1)
        scroll = QScrollArea(self)
        scroll.setObjectName("ticketScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.other_button = secondary_button(self, "ticketOther")
        self.other_button.clicked.connect(lambda: self.navigate.emit(VISIT))
        self.finish_button = primary_button(self, "ticketFinish")
        self.finish_button.clicked.connect(lambda: window.go("home", reason="finished"))
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.other_button, 1)
        buttons.addWidget(self.finish_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(16)
        layout.addWidget(scroll, 1)
        self._under_scroll = QVBoxLayout()  # landscape: the out-of-paper words, never scrolled away
        layout.addLayout(self._under_scroll)
        layout.addLayout(buttons)
        self.apply_orientation(False)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._columns.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
        # Landscape: "No. H001" says what it is without the caption, and a wider left column keeps the
        # place on one line (the visit card on the right scrolls).
        self.number_caption.setVisible(not landscape)
        self._columns.setStretch(0, 3 if landscape else 1)
        self._columns.setStretch(1, 2 if landscape else 1)
        for widget in (self.paper, self.qr):
            self._left.removeWidget(widget)
        self._right.removeWidget(self.qr)
        self._under_scroll.removeWidget(self.paper)
        if landscape:
            self._right.insertWidget(0, self.qr)
            self._under_scroll.addWidget(self.paper)
        else:
            self._left.insertWidget(4, self.paper)  # after the number, the place and the people ahead
            self._left.insertWidget(5, self.qr)

    @property
    def result(self) -> CheckInResult | None:
        """The ticket on screen: the journey's (``CheckInJourney.checked_in``), so it goes with the session."""
        return self._journey.result

    @result.setter
    def result(self, result: CheckInResult | None) -> None:
        self._journey.result = result

    def _show_result(self) -> None:
        fallback = self.result.fallback if self.result is not None else None
        has_qr = fallback is not None and bool(fallback.qr_payload)  # the hospital may have no queue-status page
        if has_qr:
            self.qr.setPixmap(QPixmap.fromImage(qr_image(fallback.qr_payload)))
        else:
            self.qr.clear()
        self.qr.setVisible(has_qr)
        self.retranslate()

    def _language(self) -> str:
        return self._window.languages.language

    def retranslate(self) -> None:
        self.visit_title.setText(self.tr("Your visit today"))
        self.other_button.setText(self.tr("My other appointments"))
        self.finish_button.setText(self.tr("Finish"))
        self.number_caption.setText(self.tr("Your number"))
        self.delete_face_button.setText(self.tr("Delete my face data"))
        self.register_button.setText(self.tr("Register for another department"))
        self.register_button.setVisible(self.result is not None)
        self.delete_face_button.setVisible(self.result is not None and self._patient_enrolled())
        result = self.result
        if result is None:
            for label in (self.number, self.place, self.ahead, self.paper, self.now_line, self.after_line,
                          self.pay_line, self.later_line):
                label.setText("")
            return
        language = self._language()
        name, place = department_place(result.appointment, language)
        desk = self._window.help_desk()
        self.number.setText(self.tr("No. %1").replace("%1", result.ticket.number))
        self.place.setText(f"{name} · {place}")
        self.ahead.setText(self.tr("People ahead of you: %n", "", result.ticket.people_ahead))
        if result.fallback is None:
            self.paper.setText(self.tr("Please take your ticket from the slot below."))
        elif result.fallback.qr_payload:
            self.paper.setText(self.tr("The printer has no paper. Please take a photo of this code, or remember your "
                                       "number. A paper copy is available at %1.").replace("%1", desk))
        else:  # the hospital has no queue-status page: no code to photograph
            self.paper.setText(self.tr("The printer has no paper. Please remember your number, or take a photo of "
                                       "this screen. A paper copy is available at %1.").replace("%1", desk))
        self.now_line.setText(self.tr("Now: go to %1, %2, and wait until your number is called.")
                              .replace("%1", name).replace("%2", place))
        after = [(d.name_zh if language == "zh_CN" else d.name_en) +
                 (f"（{d.floor}楼 {d.room}）" if language == "zh_CN" else f" (floor {d.floor}, room {d.room})")
                 for d in result.visit.after]
        self.after_line.setText(self.tr("After the doctor: %1.").replace("%1", "、".join(after) if language == "zh_CN"
                                                                           else ", ".join(after))
                                if after else self.tr("After the doctor: the doctor will tell you what comes next."))
        self.pay_line.setText(self.tr("Still to pay: %1. You can pay at this kiosk.").replace("%1", format_yuan(result.visit.unpaid_fen))
                              if result.visit.unpaid_fen else self.tr("Nothing is left to pay."))
        later = [a for a in result.visit.open_appointments]
        self.later_line.setText(self.tr("More appointments today: %n", "", len(later)) if later else "")
        self.later_line.setVisible(bool(later))
        self.other_button.setVisible(bool(later))

    def entered(self) -> None:
        self._show_result()  # also back from deleting face data: the button goes away

    def forget(self) -> None:
        """The ticket (with the patient's name) and today's visit go with the patient."""
        self.result = None
        self.clear_texts()

    def _patient_enrolled(self) -> bool:
        session = self._window.services.sessions.current
        return session is not None and bool(session.patient_id) and self._window.services.faces.is_enrolled(
            session.patient_id)

    def instruction(self) -> str:
        if self.result is None:
            return ""
        return self.tr("Your number is %1. %2").replace("%1", self.result.ticket.number).replace("%2", self.now_line.text())
