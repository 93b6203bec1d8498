"""The identify journey's controller: one identification at a time — which journey asked, what to call
back, the card of a holder the hospital does not know yet — and the lookups off the GUI thread.

It holds its screens (given by ``install``), so nothing here looks a screen up in the window, and the
window forgets what it holds of the patient with the session (ui/journey.py).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable, TypeVar

from kiosk.his.port import Patient
from kiosk.identity import Lookup
from ui.journey import JourneyState

log = logging.getLogger(__name__)
T = TypeVar("T")

if TYPE_CHECKING:
    from devices.protocols import IdCard
    from ui.identify.card_watch import CardWatch
    from ui.main_window import MainWindow
    from ui.screens.base import Screen

CHOICE_SCREEN = "identify"
NEW_FILE_SCREEN = "identify_new_file"


class IdentificationFlow(JourneyState):
    """Kept on the window as ``window.identification``; its screens get it, not the window's other screens.

    ``face_screen`` tries the face first (the check-in feature plugs it in with ``plug_face_step``); it
    is skipped when the camera is not usable. That screen, like the fallbacks, ends by calling
    ``identified(patient)`` or going to "identify" for the other ways.
    """

    # the journey waiting for its patient (its callback may hold the patient's bill or chair), and the
    # ID card of a holder the hospital does not know yet (name, ID number) while the new file is opened
    PATIENT_STATE = ("_on_identified", "new_file_card")

    def __init__(self, window: "MainWindow"):
        self._window = window
        self._go: Callable[[str], None] = window.go
        self.purpose = ""
        self._on_identified: Callable[[Patient], None] | None = None
        self.new_file_card: IdCard | None = None
        self.screens: list[Screen] = []  # the screens on which a patient identifies (set by install)
        self.choice: Screen | None = None  # "how shall we find you?"
        self.new_file: Screen | None = None  # the new patient file (建档)
        self.face_screen: Screen | None = None
        self._looking_up_code = False
        self._asking = 0  # counts identifications begun and ended: a lookup answers only the one that asked
        self.dropped_answers = 0  # lookups that answered after their patient had left
        self.cards: CardWatch | None = None  # the ID card reader's CardWatch (ui/identify/card_watch.py), set by install
        window.stack.currentChanged.connect(lambda _index: self.listen_for_codes())

    def add_screen(self, screen: "Screen") -> "Screen":
        """A screen on which the patient identifies: it takes the asking journey, and codes and cards work there."""
        self.screens.append(screen)
        return screen

    def plug_face_step(self, screen: "Screen") -> None:
        """The face step (from the check-in feature) comes first whenever the camera works; the ID card
        prompt goes under its camera picture."""
        self.face_screen = screen
        if self.cards is not None:
            self.cards.attach_face_step(screen)

    @property
    def face_step(self) -> str | None:
        """The face step's screen name, or None where this kiosk has no face check-in."""
        return self.face_screen.name if self.face_screen is not None else None

    def forget(self) -> None:
        super().forget()
        self.purpose = ""
        self._asking += 1  # a lookup still running for the patient who left is dropped when it answers

    def _identification_screens(self) -> list["Screen"]:
        return self.screens + ([self.face_screen] if self.face_screen is not None else [])

    def start(self, purpose: str, on_identified: Callable[[Patient], None]) -> None:
        self.purpose = purpose
        self._asking += 1
        self._looking_up_code = False
        self._on_identified = on_identified
        self.new_file_card = None
        for screen in self._identification_screens():
            screen.journey = purpose
        camera = self._window.last_health.get("camera")
        use_face = self.face_screen is not None and camera is not None and camera.usable
        self._go(self.face_step if use_face else CHOICE_SCREEN)
        self.listen_for_codes()

    def identifying(self) -> bool:
        """An identification is waiting and one of its screens is shown."""
        return self._identifying()

    def _identifying(self) -> bool:
        return self._on_identified is not None and self._window.current in self._identification_screens()

    def listen_for_codes(self) -> None:
        """While any identification screen is shown, an ID QR or insurance e-code under the scanner works.
        Asked again on every identification screen the patient moves to (the window's scanner service
        gives a code only to the screen shown, and only once per asking)."""
        if self._identifying() and not self._looking_up_code:
            self._window.scanner.listen(self._window.current, self._on_code, self._on_scanner_error)

    @property
    def scanner_listening(self) -> bool:
        """A code under the scanner works on the screen shown (for its hint)."""
        scanner = self._window.scanner
        return scanner.listening(self._window.current) and not scanner.fault

    def _on_code(self, code: str) -> None:
        # No code is asked for while this one is looked up; a code that found nobody asks again.
        self._looking_up_code = True

        def not_found(what: str) -> None:
            self._looking_up_code = False
            if self._identifying():  # not after the patient has left
                self._code_problem(what, resume=True)

        self.lookup(self._window.services.finder.by_scanned_code, code,
                    on_result=lambda _: not_found("code_not_found"), on_error=lambda _: not_found("lookup_failed"))

    def _on_scanner_error(self, _: str) -> None:
        """Said on the choice screen, among the other ways; elsewhere the patient is already using one
        (the fault banner says it too). Asked again only when the patient moves to another screen."""
        choice = self.choice
        if self._window.current is choice:
            choice.scanner_failed()

    def _code_problem(self, what: str, resume: bool = False) -> None:
        """Explain on the choice screen; after a code that found nobody, keep listening for the next one."""
        choice = self.choice
        if self._window.current is not choice:
            self._window.go(CHOICE_SCREEN)
        if resume:
            self.listen_for_codes()
        getattr(choice, what)()

    def open_new_patient_file(self, card: IdCard) -> None:
        """A card whose holder the hospital does not know: the new patient file (建档) screen shows it."""
        self.new_file_card = card
        self.new_file.journey = self.purpose
        self._go(NEW_FILE_SCREEN)

    def lookup(self, find: Callable[..., Lookup], *args: object, on_result: Callable[[Lookup], None],
               on_error: Callable[[Exception], None]) -> None:
        """Run a PatientFinder method on a worker; a found patient completes the identification (only
        for the identification that asked: ``for_this_patient``)."""
        def done(result: Lookup) -> None:
            if result.found:
                self.identified(result.patient, result.method)
            else:
                on_result(result)

        self._window.runner.submit(find, *args, on_done=self.for_this_patient(done),
                                   on_error=self.for_this_patient(on_error))

    def for_this_patient(self, answer: Callable[[T], None]) -> Callable[[T], None]:
        """Wrap a worker's answer (a lookup, a card, a face) so it runs only while the identification that
        asked is still the one going on; when the patient has left meanwhile (and maybe the next one
        began) it is dropped and counted, and never identifies someone else's session."""
        asking = self._asking

        def deliver(value: T) -> None:
            if asking == self._asking:
                answer(value)
                return
            self.dropped_answers += 1
            log.info("an identification step answered after its patient had left; the answer is dropped",
                     extra={"event": "identify.late_answer"})

        return deliver

    def identified(self, patient: Patient, method: str = "") -> None:
        """``method`` ("id_card", "id_number", …) is kept on the session as ``identified_by`` for the
        journey (e.g. face enrolment may ask for an ID card)."""
        session = self._window.services.sessions.current
        if session is None or session.journey != self.purpose:
            session = self._window.services.sessions.start(self.purpose)
        session.patient_id = patient.id
        session.identified_by = method or None
        self.new_file_card = None
        callback, self._on_identified = self._on_identified, None
        self._looking_up_code = False
        self._window.scanner.stop_listening(self._window.current)  # the next code is for the next screen
        if callback is not None:
            callback(patient)
