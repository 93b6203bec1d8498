"""When the hospital's shared database is away: say so, refuse what needs it, and keep forwarding the outbox.

A window timer runs ``KioskServices.check_storage`` on the runner (forward what waits in the outbox,
or one round trip), so a database that went away or came back is noticed whichever screen is shown.
While it is away the fault banner says so, the tiles that need it (check in: queue numbers; pay;
wheelchair: rentals) lead to the "service unavailable" page with the reason and the way to the
counter, and a journey whose step fails with ``DatabaseUnavailable`` is taken to that page too. Help
keeps working: its audit row waits in the outbox. Maintenance (Kiosk panel) shows ``status``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.storage import DatabaseUnavailable
from kiosk.storage.outbox import StorageStatus

if TYPE_CHECKING:
    from ui.main_window import MainWindow

CHECK_EVERY_MS = 5000
# Any thread may find the database away (the face gallery's watcher, a payment poll): the banner follows
# the connection's flag within this, without I/O.
FOLLOW_FLAG_MS = 500
# Home tiles whose journeys cannot start without the shared database (queue numbers, payments, rentals).
NEEDS_DATABASE = ("checkin", "pay", "wheelchair")
CAUSE = "database"


class StorageWatch(QObject):
    changed = Signal(object)  # StorageStatus

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self._window = window
        self.status: StorageStatus | None = None  # None until the first check (or on the embedded file)
        self._checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        window.runner.unavailable.connect(self._on_unavailable)
        self.shown_down = False
        self._follow = QTimer(self)
        self._follow.setInterval(FOLLOW_FLAG_MS)
        self._follow.timeout.connect(self._follow_flag)
        if window.services.outbox is not None:
            self._timer.start()
            self._follow.start()
            QTimer.singleShot(0, self.check)  # the outbox may hold rows from before a restart

    @property
    def database_down(self) -> bool:
        return not self._window.services.database_available

    def check(self) -> None:
        if self._checking:
            return
        self._checking = True
        self._window.runner.submit(self._window.services.check_storage, on_done=self._checked,
                                   on_error=lambda _error: self._checked(None))

    def stop(self) -> None:
        self._timer.stop()
        self._follow.stop()

    def _follow_flag(self) -> None:
        if self.database_down != self.shown_down:
            self._window.refresh_notices()

    def guard(self, target: str, reason: str) -> str:
        """A tile that needs the database, while it is away: the page that says so instead."""
        if target in NEEDS_DATABASE and self.database_down:
            self._window.unavailable.show_service(target, self._window.languages.language, CAUSE)
            return self._window.unavailable.name
        return target

    def _checked(self, status: StorageStatus | None) -> None:
        self._checking = False
        if status is not None:
            self.status = status
        self._window.refresh_notices()
        self.changed.emit(self.status)

    def _on_unavailable(self, error: DatabaseUnavailable) -> None:
        """A step failed because the database is away: the patient is told at once, not left waiting."""
        self._window.refresh_notices()
        current = self._window.current
        if not current.is_patient_journey or current is self._window.unavailable or current is self._window.help:
            return
        service = current.journey or current.name
        if not self.database_down and not error.outcome_unknown:
            return  # busy, not away: the screen's own message asks to try again
        self._window.unavailable.show_service(service, self._window.languages.language, CAUSE)
        self._window.go(self._window.unavailable.name)
