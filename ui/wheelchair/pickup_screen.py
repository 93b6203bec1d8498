"""After "rent": the slot is open — take the chair; the slip prints. Watches the dock until the chair is
taken, or (not taken in time) says plainly that the slot was locked again and nothing was charged."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.clock import to_local
from kiosk.wheelchair.desk import RentalStarted
from kiosk.wheelchair.pricing import free_until
from kiosk.wheelchair.records import Rental, RentalState
from ui.screens.base import Screen
from ui.wheelchair.journey import JOURNEY, PICKUP
from ui.widgets.buttons import primary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

CHECK_EVERY_MS = 1000


class WheelchairPickupScreen(Screen):
    name = PICKUP
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.rental: Rental | None = None
        self.slip_fallback = None
        self._checking = False
        self.title = text_label("title", self, "wheelchairPickupTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.status = text_label("body", card, "wheelchairPickupStatus")
        self.free_time = text_label("body", card, "wheelchairFreeUntil")
        self.slip = text_label("body", card, "wheelchairSlipStatus")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 28, 40, 28)
        inner.setSpacing(20)
        for widget in (self.status, self.free_time, self.slip):
            inner.addWidget(widget)
        self.finish_button = primary_button(self, "wheelchairFinish")
        self.finish_button.clicked.connect(lambda: window.go("home", reason="finished"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addStretch(1)
        layout.addWidget(self.finish_button)
        self.retranslate()

    def show_started(self, started: RentalStarted) -> None:
        self.rental = started.rental
        self.slip_fallback = started.printed.fallback
        self.retranslate()

    def forget(self) -> None:
        self.rental, self.slip_fallback = None, None  # the dock watch (journey.watch_pickups) goes on
        self.clear_texts()

    def entered(self) -> None:
        self._schedule_check()

    def retranslate(self) -> None:
        rental = self.rental
        self.finish_button.setText(self.tr("Finish"))
        if rental is None:
            return
        self.title.setText(self.tr("Chair %1 is yours").replace("%1", rental.chair_id))
        if rental.state is RentalState.CANCELLED:
            self.title.setText(self.tr("The rental was cancelled"))
            self.status.setText(self.tr("The chair was not taken, so the slot is locked again. Nothing was charged."))
        elif rental.state is RentalState.AWAITING_PICKUP:
            self.status.setText(self.tr("Slot %1 is open. Please take the chair out now.").replace("%1", str(rental.dock_slot)))
        else:
            self.status.setText(self.tr("Thank you. Please return the chair at any kiosk or dock."))
        if rental.due_at is not None:
            due = to_local(rental.due_at)
            self.free_time.setText(self.tr("Please bring it back by %1.").replace("%1", due.strftime("%m-%d %H:%M")))
        else:
            until = free_until(rental.terms, rental.started_at).strftime("%H:%M")
            self.free_time.setText(self.tr("It is free until %1.").replace("%1", until))
        self.free_time.setVisible(rental.state is not RentalState.CANCELLED)
        if self.slip_fallback is not None:
            desk = self._window.wheelchair.help_desk
            self.slip.setText(self.tr("The slip could not be printed. Your rental number is %1; a paper copy is at %2.")
                              .replace("%1", rental.id).replace("%2", desk))
        else:
            self.slip.setText(self.tr("Your slip has been printed: it shows the chair number and the free time."))
        self.slip.setVisible(rental.state is not RentalState.CANCELLED)

    def instruction(self) -> str:
        return " ".join(label.text() for label in (self.status, self.free_time) if label.isVisibleTo(self))

    def _schedule_check(self) -> None:
        if self.rental is not None and self.rental.state is RentalState.AWAITING_PICKUP and not self._checking:
            self._checking = True
            QTimer.singleShot(CHECK_EVERY_MS, self, self._check)

    def _check(self) -> None:
        if self.rental is None or self._window.current is not self:
            self._checking = False
            return
        self._window.runner.submit(self._window.services.wheelchairs.check_pickup, self.rental.id,
                                   on_done=self._on_checked, on_error=lambda _error: self._on_checked(self.rental))

    def _on_checked(self, rental: Rental) -> None:
        self._checking = False
        changed = rental.state is not self.rental.state
        self.rental = rental
        if changed:
            self.retranslate()
            self._window.services.voice.say(self.instruction(), self._window.languages.language)
        self._schedule_check()
