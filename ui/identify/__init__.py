"""Finding the patient for any journey: face (when the check-in feature provides it), the resident ID
card on its reader, a scanned code, the ID card number, or phone + birth date — and "call staff" on
every screen. A card whose holder the hospital does not know opens a new patient file (建档).

Journeys call ``start_identification(window, purpose, on_identified)``; ``on_identified(patient)`` runs
on the GUI thread once the patient is found, with ``sessions.current.patient_id`` set.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from kiosk.his.port import Patient
from kiosk.identity import Lookup, LookupOutcome
from ui.identify.card_watch import CardWatch
from ui.identify.choice import IdentifyChoiceScreen
from ui.identify.flow import IdentificationFlow
from ui.identify.id_number import IdNumberScreen
from ui.identify.new_file import NewPatientFileScreen
from ui.identify.phone_birth import PhoneBirthScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def install(window: "MainWindow") -> None:
    flow = window.add_journey(IdentificationFlow(window))
    window.identification = flow
    cards = flow.cards = CardWatch(window, flow)
    choice, id_number, phone = IdentifyChoiceScreen(window, flow), IdNumberScreen(window, flow), PhoneBirthScreen(window, flow)
    for screen in (choice, id_number, phone):
        flow.add_screen(window.add_screen(screen))
    flow.choice = choice
    cards.attach(choice, choice.layout(), 1)  # under the title: the first thing a patient sees
    # The phone + birth date keypad has no room for it (a card put down there still works).
    cards.attach(id_number, id_number.fields)
    flow.new_file = window.add_screen(NewPatientFileScreen(window, flow))


def start_identification(window: "MainWindow", purpose: str, on_identified: Callable[[Patient], None]) -> None:
    window.identification.start(purpose, on_identified)


def _type_keys(window: "MainWindow", screen_name: str, keys: str) -> None:
    window.go(screen_name)
    for key in keys:
        window.current.keypad.press(key)


def _card_read(window: "MainWindow", key: str) -> None:
    """For scenes: identification for paying, then the demo card ``key`` read as if put on the reader."""
    from kiosk.his.demo_cards import demo_card

    start_identification(window, "pay", lambda patient: None)
    if window.current.name != "identify":
        window.go("identify")
    card = demo_card(key)
    window.identification.cards.show_result(card, window.services.cards.identify(card))


def _id_number_refused(window: "MainWindow") -> None:
    start_identification(window, "pay", lambda patient: None)
    _type_keys(window, "identify_id", "330102195001011234")
    screen = window.current
    screen.show_error(screen.explain_result(Lookup(LookupOutcome.INVALID)))


SCENES = {
    "identify-choice": lambda w: start_identification(w, "pay", lambda patient: None),
    "identify-id-number": lambda w: (start_identification(w, "pay", lambda patient: None),
                                     _type_keys(w, "identify_id", "33010219500101")),
    "identify-id-invalid": _id_number_refused,
    "identify-card-face-step": lambda w: start_identification(w, "checkin", lambda patient: None),
    "identify-card-expired": lambda w: _card_read(w, "expired"),
    "identify-new-file": lambda w: (_card_read(w, "visitor"), [w.current.keypad.press(k) for k in "1391234567"]),
    "identify-phone": lambda w: (start_identification(w, "pay", lambda patient: None),
                                 _type_keys(w, "identify_phone", "138000000011950")),
}
