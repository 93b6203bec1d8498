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
SCAN_WAIT_S = 1.0


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
        self.scanner_listening = False
        self.cards = None  # the ID card reader's CardWatch (ui/identify/card_watch.py), set by install

    def start(self, purpose: str, on_identified: Callable[[Patient], None]) -> None:
        self.purpose = purpose
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
        """While any identification screen is shown, an ID QR or insurance e-code under the scanner works."""
        if self.scanner_listening or self._scanner() is None or not self._identifying():
            return
        self.scanner_listening = True
        self._read_next_code()

    def _scanner(self):
        return self._window.services.devices.device("scanner")

    def _read_next_code(self) -> None:
        if not self._identifying():
            self.scanner_listening = False
            return
        self._window.runner.submit(self._scanner().read_code, SCAN_WAIT_S,
                                   on_done=self._on_code, on_error=self._on_scanner_error)

    def _on_code(self, code: str | None) -> None:
        if code is not None and not self._identifying():
            self._hand_on(code)
            code = None
        if code is None:
            self._read_next_code()
            return
        # No read waits while the code is looked up: a found patient ends the listening here, so the
        # next identification starts a new read (a flag left set kept the scanner deaf to every later patient).
        self.scanner_listening = False
        self.lookup(self._window.services.finder.by_scanned_code, code,
                    on_result=lambda _: self._code_problem("code_not_found", resume=True),
                    on_error=lambda _: self._code_problem("lookup_failed", resume=True))

    def _hand_on(self, code: str) -> None:
        """Identification ended while this read was waiting: the code is for the screen now shown."""
        put_back = getattr(self._scanner(), "put_back", None)
        if put_back is not None:
            put_back(code)

    def _on_scanner_error(self, _: Exception) -> None:
        self.scanner_listening = False
        self._code_problem("scanner_failed")

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
        if callback is not None:
            callback(patient)
