"""The price card, in big plain words and spoken: free period, hourly price, daily cap, home use,
deposit — then one big "rent" button (or "take it home for a day")."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QVBoxLayout

from kiosk.his.port import Patient
from kiosk.money import format_yuan
from kiosk.wheelchair.records import Refusal
from ui.screens.base import Screen
from ui.wheelchair.journey import JOURNEY, PRICE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WheelchairPriceScreen(Screen):
    name = PRICE
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.chair_id = ""
        self.patient: Patient | None = None
        self.deposit_fen = 0
        self._busy = False
        self.title = text_label("title", self, "wheelchairPriceTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.prices = text_label("body", card, "wheelchairPrices")
        self.deposit = text_label("body", card, "wheelchairDeposit")
        self.problem = text_label("error", card, "wheelchairPriceProblem")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 28, 40, 28)
        inner.setSpacing(16)
        for widget in (self.prices, self.deposit, self.problem):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.rent_button = primary_button(self, "wheelchairRent")
        self.home_button = secondary_button(self, "wheelchairRentHome")
        self.deposit_button = primary_button(self, "wheelchairPayDeposit")
        self.deposit_button.clicked.connect(self._pay_deposit)
        self.rent_button.clicked.connect(lambda: self._confirm(0))
        self.home_button.clicked.connect(lambda: self._confirm(1))
        self._buttons = QVBoxLayout()
        self._buttons.setSpacing(24)
        self._buttons.addStretch(1)
        self._buttons.addWidget(self.deposit_button)
        self._buttons.addWidget(self.rent_button)
        self._buttons.addWidget(self.home_button)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(card, 3)
        self._body.addLayout(self._buttons, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def show_offer(self, chair_id: str, patient: Patient, deposit_fen: int) -> None:
        self.chair_id, self.patient, self.deposit_fen = chair_id, patient, deposit_fen
        self._busy = False
        self.problem.setText("")
        self.retranslate()

    def forget(self) -> None:
        """The renter's Patient record (name, ID, phone) goes with the session."""
        self.chair_id, self.patient, self.deposit_fen = "", None, 0
        self.clear_texts()

    def show_problem(self, text: str) -> None:
        self._busy = False
        self.problem.setText(text)
        self.retranslate()
        self._window.services.voice.say(text, self._window.languages.language)

    def retranslate(self) -> None:
        words = self._window.wheelchair_words
        terms = self._window.services.wheelchairs.terms
        self.title.setText(self.tr("Chair %1: the price").replace("%1", self.chair_id))
        self.prices.setText("\n".join(words.price_lines(terms)))
        self.deposit.setText(words.deposit_line(self.deposit_fen))
        by_phone = self._window.wheelchair.deposit_by_phone
        if self.deposit_fen and not by_phone:
            self.problem.setText(self._window.wheelchair.explain_refusal(Refusal.DEPOSIT_NEEDED, self.deposit_fen))
        self.deposit_button.setText(self.tr("Pay the %1 deposit with my phone").replace("%1", format_yuan(self.deposit_fen)))
        self.deposit_button.setVisible(bool(self.deposit_fen) and by_phone)
        self.deposit_button.setEnabled(not self._busy)
        self.problem.setVisible(bool(self.problem.text()))
        can_rent = not self.deposit_fen and not self._busy
        self.rent_button.setText(self.tr("Rent chair %1 now").replace("%1", self.chair_id))
        self.home_button.setText(self.tr("Take it home for 1 day"))
        self.rent_button.setVisible(not self.deposit_fen)
        self.home_button.setVisible(not self.deposit_fen)
        self.rent_button.setEnabled(can_rent)
        self.home_button.setEnabled(can_rent)

    def instruction(self) -> str:
        words = self._window.wheelchair_words
        spoken = "; ".join(words.price_lines(self._window.services.wheelchairs.terms))
        if self.deposit_fen and self._window.wheelchair.deposit_by_phone:
            return spoken + ". " + words.deposit_line(self.deposit_fen) + ". " + \
                self.tr("You get the deposit back when you return the chair. To pay it with your phone, press the big blue button.")
        if self.deposit_fen:
            return spoken + ". " + self.problem.text()
        return spoken + ". " + words.deposit_line(0) + " " + self.tr("To rent the chair, press the big blue button.")

    def _confirm(self, home_use_days: int) -> None:
        if self._busy or self.patient is None:
            return
        self._busy = True
        self.retranslate()
        self._window.wheelchair.confirm(self.chair_id, self.patient, home_use_days, self._on_problem)

    def _pay_deposit(self) -> None:
        if self._busy or self.patient is None or not self.deposit_fen:
            return
        self._window.wheelchair.pay_deposit(self.chair_id, self.patient, self.deposit_fen)

    def _on_problem(self, error: Exception) -> None:
        self.show_problem(self._window.wheelchair.explain(error))
