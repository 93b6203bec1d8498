"""Wheelchair rental and return at the kiosk: scan the chair's label (or take any free chair from the
dock) → identify → price card → rent → slot opens, slip prints; scanning a rented chair returns it.

Screens: ``wheelchair`` (the home tile's), ``wheelchair_price``, ``wheelchair_deposit`` (deposit by
mobile-pay QR), ``wheelchair_pickup``, ``wheelchair_return`` (fee; then pay now / pay later / add to
the visit bill), ``wheelchair_home`` (convert to home use), ``wheelchair_overdue`` (the notice an
identified renter of an overdue chair sees first; other journeys show it with
``window.wheelchair.remind_if_overdue``).
A window timer sweeps overdue home-use chairs and sends their renters one reminder a day; another checks
every rental waiting for its chair, whatever the screen shows, so an untaken chair's slot is locked again.
``label_sheet.label_sheet_pdf`` makes the A4 label sheet for maintenance.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.wheelchair.labels import ForgedLabel
from kiosk.wheelchair.pricing import RentalMode, quote_rental_fee
from kiosk.wheelchair.reminders import OverdueNotice
from ui.wheelchair.deposit_screen import WheelchairDepositScreen
from ui.wheelchair.home_screen import WheelchairHomeUseScreen
from ui.wheelchair.journey import JOURNEY, OVERDUE, PICKUP, PRICE, RETURN, START, WheelchairJourney
from ui.wheelchair.overdue_screen import WheelchairOverdueScreen
from ui.wheelchair.pickup_screen import WheelchairPickupScreen
from ui.wheelchair.price_screen import WheelchairPriceScreen
from ui.wheelchair.return_screen import WheelchairReturnScreen
from ui.wheelchair.start_screen import WheelchairStartScreen
from ui.wheelchair.words import WheelchairWords

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OVERDUE_SWEEP_EVERY_MS = 5 * 60 * 1000  # home-use due times are whole days: minutes of delay do not matter
PICKUP_WATCH_EVERY_MS = 5000  # a slot left open when the patient walked away locks within seconds of the time-out


def install(window: "MainWindow") -> None:
    window.wheelchair_words = WheelchairWords(window)
    journey = window.wheelchair = WheelchairJourney(window)
    screens = (WheelchairPriceScreen(window), WheelchairDepositScreen(window), WheelchairPickupScreen(window),
               WheelchairReturnScreen(window), WheelchairHomeUseScreen(window), WheelchairOverdueScreen(window))
    journey.connect(*screens)
    for screen in (WheelchairStartScreen(window), *screens):
        window.add_screen(screen)
    window.wheelchair_sweep = QTimer(window)
    window.wheelchair_sweep.setInterval(OVERDUE_SWEEP_EVERY_MS)
    window.wheelchair_sweep.timeout.connect(window.wheelchair.sweep_overdue)
    window.wheelchair_sweep.start()
    window.wheelchair_pickup_watch = QTimer(window)
    window.wheelchair_pickup_watch.setInterval(PICKUP_WATCH_EVERY_MS)
    window.wheelchair_pickup_watch.timeout.connect(window.wheelchair.watch_pickups)
    window.wheelchair_pickup_watch.start()


# Scenes (screenshots, accessibility walk): real rentals through the desk, on the GUI thread for brevity.

def _offer(window: "MainWindow", patient_id: str) -> None:
    window.go(START)
    patient = window.services.his.patient(patient_id)
    window.wheelchair.price_screen.show_offer("WC-001", patient, window.services.wheelchairs.rentals.deposit_for(patient))
    window.go(PRICE)


def _pickup(window: "MainWindow") -> None:
    window.go(START)
    desk = window.services.wheelchairs
    started = desk.rent("WC-001", window.services.his.patient("DEMO-001"), key="scene:pickup")
    window.wheelchair.pickup_screen.show_started(started)
    window.go(PICKUP)


def _return(window: "MainWindow", give_back: bool) -> None:
    window.go(START)
    desk = window.services.wheelchairs
    chair = "WC-003" if give_back else "WC-002"
    rental = desk.rent(chair, window.services.his.patient("DEMO-003" if give_back else "DEMO-002"),
                       key=f"scene:return:{chair}").rental
    screen = window.wheelchair.return_screen
    # Shown as if 3 h 45 min had passed, so the fee card has something to say.
    screen.show_return(rental, quote_rental_fee(rental.terms, rental.started_at, rental.started_at + timedelta(hours=3, minutes=45)))
    if give_back:
        first_problem = next(iter(screen.damage_buttons))
        screen.damage_buttons[first_problem].setChecked(True)
        screen._on_done(desk.return_chair(chair, (first_problem,)))
        if screen.done.outcome.charge_id:
            screen._show_pay_options(screen._pay_options(screen.rental.patient_id))
    window.go(RETURN)


def _deposit_qr(window: "MainWindow") -> None:
    _offer(window, "DEMO-004")
    patient = window.services.his.patient("DEMO-004")
    window.wheelchair.pay_deposit("WC-001", patient, window.services.wheelchairs.rentals.deposit_for(patient))
    screen = window.wheelchair.deposit_screen
    screen.show_attempt(window.services.wheelchairs.deposits.start_qr(patient, screen.deposit_fen, screen.rent_key))


def _take_home(window: "MainWindow") -> None:
    window.go(START)
    desk = window.services.wheelchairs
    rental = desk.rent("WC-004", window.services.his.patient("DEMO-003"), key="scene:home:WC-004").rental
    if rental.dock_slot is not None:
        window.services.devices.device("dock").take(rental.dock_slot)
    window.wheelchair.take_home(desk.check_pickup(rental.id))
    window.wheelchair.home_use_screen.set_days(3)


def _overdue(window: "MainWindow") -> None:
    window.go(START)
    desk = window.services.wheelchairs
    if desk.rentals.open_rental_of_chair("WC-002") is not None:  # left rented by the "wheelchair-return" scene
        desk.return_chair("WC-002")
    rental = desk.rent("WC-002", window.services.his.patient("DEMO-002"), key="scene:overdue:WC-002",
                       mode=RentalMode.HOME_USE, home_use_days=1).rental
    screen = window.wheelchair.return_screen
    # Shown as if it came back a day and a half late.
    screen.show_return(rental, quote_rental_fee(rental.terms, rental.started_at, rental.started_at + timedelta(days=2, hours=12),
                                                RentalMode.HOME_USE))
    window.go(RETURN)


def _overdue_notice(window: "MainWindow") -> None:
    window.go(START)
    due = window.services.clock.now() - timedelta(days=1, hours=3)
    screen = window.wheelchair.overdue_screen
    screen.journey = JOURNEY
    screen.show_notice(OverdueNotice("R0SCENE00001", "DEMO-002", "WC-012", due, 2000), lambda: window.go(START))
    window.go(OVERDUE)


def _refused(window: "MainWindow") -> None:
    window.go(START)
    window.current.show_problem(window.wheelchair.explain(ForgedLabel("copied label")))


SCENES = {
    "wheelchair-scan": lambda w: w.go(START),
    "wheelchair-forged-label": _refused,
    "wheelchair-price": lambda w: _offer(w, "DEMO-001"),
    "wheelchair-deposit-needed": lambda w: _offer(w, "DEMO-004"),
    "wheelchair-pickup": _pickup,
    "wheelchair-return": lambda w: _return(w, give_back=False),
    "wheelchair-returned": lambda w: _return(w, give_back=True),
    # After the scenes above (the accessibility walk runs them in order on one database).
    "wheelchair-deposit-qr": _deposit_qr,
    "wheelchair-take-home": _take_home,
    "wheelchair-overdue": _overdue,
    "wheelchair-overdue-notice": _overdue_notice,
}

__all__ = ["SCENES", "install"]
