"""Taking a chair home during a rental: how many days (big − and + buttons), the day rate, the total
and the due date, then one button. Past the due date the chair becomes overdue (swept periodically)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout

from kiosk.clock import to_local
from kiosk.money import format_yuan
from kiosk.wheelchair.pricing import home_use_due
from kiosk.wheelchair.records import Rental
from kiosk.wheelchair.rentals import MAX_HOME_USE_DAYS
from ui.screens.base import Screen
from ui.wheelchair.journey import HOME_USE, JOURNEY
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WheelchairHomeUseScreen(Screen):
    name = HOME_USE
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.rental: Rental | None = None
        self.converted: Rental | None = None
        self.days = 1
        self._busy = False
        self.title = text_label("title", self, "wheelchairHomeTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.rate = text_label("body", card, "wheelchairHomeRate")
        self.total = text_label("title", card, "wheelchairHomeTotal")
        self.due = text_label("body", card, "wheelchairHomeDue")
        self.problem = text_label("error", card, "wheelchairHomeProblem")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 28, 40, 28)
        inner.setSpacing(14)
        for widget in (self.rate, self.total, self.due, self.problem):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.fewer_button = secondary_button(self, "wheelchairHomeFewer")
        self.more_button = secondary_button(self, "wheelchairHomeMore")
        self.day_count = text_label("title", self, "wheelchairHomeDays", centred=True)
        self.fewer_button.clicked.connect(lambda: self.set_days(self.days - 1))
        self.more_button.clicked.connect(lambda: self.set_days(self.days + 1))
        self.days_row = QHBoxLayout()
        self.days_row.setSpacing(20)
        self.days_row.addWidget(self.fewer_button, 1)
        self.days_row.addWidget(self.day_count, 1)
        self.days_row.addWidget(self.more_button, 1)
        self.confirm_button = primary_button(self, "wheelchairHomeConfirm")
        self.confirm_button.clicked.connect(self._confirm)
        self.back_button = secondary_button(self, "wheelchairHomeBack")
        self.back_button.clicked.connect(self._back)
        self.finish_button = primary_button(self, "wheelchairHomeFinish")
        self.finish_button.clicked.connect(lambda: window.go("home", reason="finished"))
        actions = QVBoxLayout()
        actions.setSpacing(20)
        actions.addLayout(self.days_row)
        actions.addStretch(1)
        for button in (self.confirm_button, self.back_button, self.finish_button):
            actions.addWidget(button)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(card, 1)
        self._body.addLayout(actions, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 20)
        layout.setSpacing(20)
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        """Portrait: the prices above the day buttons; landscape: side by side, so it fits 1080 px."""
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def forget(self) -> None:
        self.rental, self.converted, self.days, self._busy = None, None, 1, False
        self.clear_texts()

    def show_rental(self, rental: Rental) -> None:
        self.rental, self.converted, self.days, self._busy = rental, None, 1, False
        self.problem.setText("")
        self.retranslate()

    def set_days(self, days: int) -> None:
        self.days = max(1, min(MAX_HOME_USE_DAYS, days))
        self.retranslate()

    def due_at(self):
        return home_use_due(self._window.services.clock.now(), self.days)

    def retranslate(self) -> None:
        daily = self._window.services.wheelchairs.terms.home_use_daily_fen
        chair = self.rental.chair_id if self.rental else ""
        choosing = self.converted is None
        self.title.setText(self.tr("Take chair %1 home").replace("%1", chair) if choosing
                           else self.tr("Chair %1 is yours to take home").replace("%1", chair))
        self.rate.setText(self.tr("Home use costs %1 per day.").replace("%1", format_yuan(daily)))
        self.total.setText(self.tr("%n day(s): %1", "", self.days).replace("%1", format_yuan(daily * self.days)))
        due = self.converted.due_at if self.converted is not None and self.converted.due_at else self.due_at()
        self.due.setText(self.tr("Please bring it back by %1. Later days are charged as well.")
                         .replace("%1", to_local(due).strftime("%m-%d %H:%M")))
        self.day_count.setText(self.tr("%n day(s)", "", self.days))
        self.fewer_button.setText(self.tr("− 1 day"))
        self.more_button.setText(self.tr("+ 1 day"))
        self.confirm_button.setText(self.tr("Take it home for %n day(s)", "", self.days))
        self.back_button.setText(self.tr("Go back"))
        self.finish_button.setText(self.tr("Finish"))
        for widget in (self.fewer_button, self.more_button, self.day_count, self.confirm_button, self.back_button):
            widget.setVisible(choosing)
        self.fewer_button.setEnabled(self.days > 1)
        self.more_button.setEnabled(self.days < MAX_HOME_USE_DAYS)
        self.confirm_button.setEnabled(not self._busy)
        self.finish_button.setVisible(not choosing)
        self.problem.setVisible(bool(self.problem.text()))

    def instruction(self) -> str:
        if self.converted is not None:
            return " ".join((self.title.text(), self.due.text()))
        return " ".join((self.rate.text(), self.total.text(), self.due.text(),
                         self.tr("Choose the days with the minus and plus buttons, then press the big blue button.")))

    def _back(self) -> None:
        if self.rental is not None:
            self._window.wheelchair.return_preview(self.rental.chair_id)

    def _confirm(self) -> None:
        if self._busy or self.rental is None:
            return
        self._busy = True
        self.retranslate()
        self._window.runner.submit(self._window.services.wheelchairs.rentals.convert_to_home_use, self.rental.id,
                                   self.days, on_done=self._on_done, on_error=self._on_problem)

    def _on_done(self, rental: Rental) -> None:
        self.converted, self._busy = rental, False
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_problem(self, error: Exception) -> None:
        self._busy = False
        self.problem.setText(self._window.wheelchair.explain(error))
        self.retranslate()
