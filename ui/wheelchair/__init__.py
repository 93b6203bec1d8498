"""Wheelchair rental and return at the kiosk: scan the chair's label (or take any free chair from the
dock) → identify → price card → rent → slot opens, slip prints; scanning a rented chair returns it.

Screens: ``wheelchair`` (the home tile's), ``wheelchair_price``, ``wheelchair_pickup``,
``wheelchair_return``. ``label_sheet.label_sheet_pdf`` makes the A4 label sheet for maintenance.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from kiosk.wheelchair.labels import ForgedLabel
from kiosk.wheelchair.pricing import quote_rental_fee
from ui.wheelchair.journey import PICKUP, PRICE, RETURN, START, WheelchairJourney
from ui.wheelchair.pickup_screen import WheelchairPickupScreen
from ui.wheelchair.price_screen import WheelchairPriceScreen
from ui.wheelchair.return_screen import WheelchairReturnScreen
from ui.wheelchair.start_screen import WheelchairStartScreen
from ui.wheelchair.words import WheelchairWords

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def install(window: "MainWindow") -> None:
    window.wheelchair_words = WheelchairWords(window)
    window.wheelchair = WheelchairJourney(window)
    for screen in (WheelchairStartScreen(window), WheelchairPriceScreen(window), WheelchairPickupScreen(window),
                   WheelchairReturnScreen(window)):
        window.add_screen(screen)


# Scenes (screenshots, accessibility walk): real rentals through the desk, on the GUI thread for brevity.

def _offer(window: "MainWindow", patient_id: str) -> None:
    window.go(START)
    window.screens[PRICE].show_offer("WC-001", window.services.his.patient(patient_id),
                                     window.services.wheelchairs.rentals.deposit_for(window.services.his.patient(patient_id)))
    window.go(PRICE)


def _pickup(window: "MainWindow") -> None:
    window.go(START)
    desk = window.services.wheelchairs
    started = desk.rent("WC-001", window.services.his.patient("DEMO-001"), key="scene:pickup")
    window.screens[PICKUP].show_started(started)
    window.go(PICKUP)


def _return(window: "MainWindow", give_back: bool) -> None:
    window.go(START)
    desk = window.services.wheelchairs
    chair = "WC-003" if give_back else "WC-002"
    rental = desk.rent(chair, window.services.his.patient("DEMO-003" if give_back else "DEMO-002"),
                       key=f"scene:return:{chair}").rental
    screen = window.screens[RETURN]
    # Shown as if 3 h 45 min had passed, so the fee card has something to say.
    screen.show_return(rental, quote_rental_fee(rental.terms, rental.started_at, rental.started_at + timedelta(hours=3, minutes=45)))
    if give_back:
        first_problem = next(iter(screen.damage_buttons))
        screen.damage_buttons[first_problem].setChecked(True)
        screen._on_done(desk.return_chair(chair, (first_problem,)))
    window.go(RETURN)


def _refused(window: "MainWindow") -> None:
    window.go(START)
    window.screens[START].show_problem(window.wheelchair.explain(ForgedLabel("copied label")))


SCENES = {
    "wheelchair-scan": lambda w: w.go(START),
    "wheelchair-forged-label": _refused,
    "wheelchair-price": lambda w: _offer(w, "DEMO-001"),
    "wheelchair-deposit-needed": lambda w: _offer(w, "DEMO-004"),
    "wheelchair-pickup": _pickup,
    "wheelchair-return": lambda w: _return(w, give_back=False),
    "wheelchair-returned": lambda w: _return(w, give_back=True),
}
