"""One identification at a time: which journey asked, what to call back, and the lookups off the GUI thread."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from kiosk.his.port import Patient
from kiosk.identity import Lookup

if TYPE_CHECKING:
    from devices.protocols import IdCard
    from ui.main_window import MainWindow

CHOICE_SCREEN = "identify"
NEW_FILE_SCREEN = "identify_new_file"


class IdentificationFlow:
    """Kept on the window as ``window.identification``.

    ``face_step`` is the name of a screen that tries the face first (the check-in feature sets it);
    it is skipped when the camera is not usable. That screen, like the fallbacks, ends by calling
    ``identified(patient)`` or ``window.go("identify")`` for the other ways.
    """

    def __init__(self, window: "MainWindow"):
        self._window = window
        self.purpose = ""
        self.face_step: str | None = None
        self._on_identified: Callable[[Patient], None] | None = None
        self.screen_names: list[str] = []
        self._looking_up_code = False
        self.cards = None  # the ID card reader's CardWatch (ui/identify/card_watch.py), set by install
        window.stack.currentChanged.connect(lambda _index: self.listen_for_codes())

    def start(self, purpose: str, on_identified: Callable[[Patient], None]) -> None:
        self.purpose = purpose
        self._looking_up_code = False
        self._on_identified = on_identified
        for name in self.screen_names + ([self.face_step] if self.face_step else []):
            self._window.screens[name].journey = purpose
        camera = self._window.last_health.get("camera")
        use_face = self.face_step is not None and camera is not None and camera.usable
        self._window.go(self.face_step if use_face else CHOICE_SCREEN)
        self.listen_for_codes()

    def identifying(self) -> bool:
        """An identification is waiting and one of its screens is shown."""
        return self._identifying()

    def _identifying(self) -> bool:
        names = self.screen_names + ([self.face_step] if self.face_step else [])
        return self._on_identified is not None and self._window.current.name in names

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
        choice = self._window.screens[CHOICE_SCREEN]
        if self._window.current is choice:
            choice.scanner_failed()

    def _code_problem(self, what: str, resume: bool = False) -> None:
        """Explain on the choice screen; after a code that found nobody, keep listening for the next one."""
        choice = self._window.screens[CHOICE_SCREEN]
        if self._window.current is not choice:
            self._window.go(CHOICE_SCREEN)
        if resume:
            self.listen_for_codes()
        getattr(choice, what)()

    def open_new_patient_file(self, card: IdCard) -> None:
        """A card whose holder the hospital does not know: the new patient file (建档) screen."""
        self._window.screens[NEW_FILE_SCREEN].open_for(card)

    def lookup(self, find: Callable[..., Lookup], *args: object, on_result: Callable[[Lookup], None],
               on_error: Callable[[Exception], None]) -> None:
        """Run a PatientFinder method on a worker; a found patient completes the identification."""

        def done(result: Lookup) -> None:
            if result.found:
                self.identified(result.patient, result.method)
            else:
                on_result(result)

        self._window.runner.submit(find, *args, on_done=done, on_error=on_error)

    def identified(self, patient: Patient, method: str = "") -> None:
        """``method`` ("id_card", "id_number", …) is kept on the session as ``identified_by`` for the
        journey (e.g. face enrolment may ask for an ID card)."""
        session = self._window.services.sessions.current
        if session is None or session.journey != self.purpose:
            session = self._window.services.sessions.start(self.purpose)
        session.patient_id = patient.id
        session.identified_by = method or None
        callback, self._on_identified = self._on_identified, None
        self._looking_up_code = False
        self._window.scanner.stop_listening(self._window.current)  # the next code is for the next screen
        if callback is not None:
            callback(patient)
