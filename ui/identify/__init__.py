"""Finding the patient for any journey: face (when the check-in feature provides it), a scanned code,
the ID card number, or phone + birth date — and "call staff" on every screen.

Journeys call ``start_identification(window, purpose, on_identified)``; ``on_identified(patient)`` runs
on the GUI thread once the patient is found, with ``sessions.current.patient_id`` set.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from kiosk.his.port import Patient
from kiosk.identity import Lookup, LookupOutcome
from ui.identify.choice import IdentifyChoiceScreen
from ui.identify.flow import IdentificationFlow
from ui.identify.id_number import IdNumberScreen
from ui.identify.phone_birth import PhoneBirthScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def install(window: "MainWindow") -> None:
    window.identification = IdentificationFlow(window)
    for screen in (IdentifyChoiceScreen(window), IdNumberScreen(window), PhoneBirthScreen(window)):
        window.add_screen(screen)
        window.identification.screen_names.append(screen.name)


def start_identification(window: "MainWindow", purpose: str, on_identified: Callable[[Patient], None]) -> None:
    window.identification.start(purpose, on_identified)


def _type_keys(window: "MainWindow", screen_name: str, keys: str) -> None:
    window.go(screen_name)
    for key in keys:
        window.screens[screen_name].keypad.press(key)


SCENES = {
    "identify-choice": lambda w: start_identification(w, "pay", lambda patient: None),
    "identify-id-number": lambda w: (start_identification(w, "pay", lambda patient: None),
                                     _type_keys(w, "identify_id", "33010219500101")),
    "identify-id-invalid": lambda w: (start_identification(w, "pay", lambda patient: None),
                                      _type_keys(w, "identify_id", "330102195001011234"),
                                      w.screens["identify_id"].show_error(
                                          w.screens["identify_id"].explain_result(Lookup(LookupOutcome.INVALID)))),
    "identify-phone": lambda w: (start_identification(w, "pay", lambda patient: None),
                                 _type_keys(w, "identify_phone", "138000000011950")),
}
