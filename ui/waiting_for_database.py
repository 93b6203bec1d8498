"""A kiosk started while the hospital's database is away waits for it on screen (issue 15).

After a power cut the kiosks often boot before the network or the database server is back. Instead of
exiting (and systemd restarting it every few seconds over a bare desktop), ``onevisit`` on a
``postgresql://`` database that cannot be reached at start shows ``WaitingForDatabaseScreen``: this
kiosk is not ready, use another kiosk or the counter, in the kiosk's language with the other one under
it, and for staff the reason, since when and how often it tries. The patient's words are also said
aloud, when the screen first shows and at every touch (``SpeakerWhileWaiting``: the speaker is let go
before each try to start, which opens it again, and a try waits for the words to end, up to 20 s).

``DatabaseWait`` runs the start it is given (kiosk/__main__.py: the instance lock, ``bootstrap``, the
metrics endpoint) on a worker thread every ``retry_s`` seconds. When it returns the kiosk's services
the waiting screen closes and ``MainWindow`` shows in the same QApplication. ``DatabaseUnavailable``
keeps it waiting; any other error is one a person must fix (a refused login, another hospital key):
``ui.app.run_when_database_answers`` raises it after the event loop ends, so the entry point prints its one
line and exits 2, as a kiosk that could reach its database does.

systemd (Type=notify): READY=1 is sent at once with ``STATUS=waiting for the hospital database: …``
and WATCHDOG=1 keeps coming from the event loop, so neither ``TimeoutStartSec`` nor the watchdog kills
a kiosk that waits as it should, and a frozen one is still restarted; STATUS says "kiosk … ready" once
it serves patients.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.bootstrap import KioskServices
from kiosk.clock import to_local, utc_now
from kiosk.config import KioskConfig
from kiosk.storage import DatabaseUnavailable
from kiosk.voice import SpeakerWhileWaiting
from ui.app import DATABASE_RETRY_S, ready_status, show_as_kiosk_screen, show_kiosk
from ui.i18n import LanguageSwitcher
from ui.service_watchdog import ServiceWatchdog
from ui.theme import PAGE
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

TITLE = QT_TRANSLATE_NOOP("WaitingForDatabaseScreen", "This kiosk is not ready yet")
WAITING = QT_TRANSLATE_NOOP("WaitingForDatabaseScreen", "It is waiting for the hospital's network.")
ELSEWHERE = QT_TRANSLATE_NOOP("WaitingForDatabaseScreen", "Please use another kiosk, or go to %1.")
FOR_STAFF = QT_TRANSLATE_NOOP(
    "WaitingForDatabaseScreen",
    "For staff: the hospital database cannot be reached since %1 (tries so far: %2, the last at %3). This kiosk tries "
    "again every %4 seconds by itself and starts as soon as the database answers.")
REASON = QT_TRANSLATE_NOOP("WaitingForDatabaseScreen", "Reason: %1")
WORDS_HOLD_TRIES = 20  # a try waits at most this many seconds for the spoken words to end


class WaitingForDatabaseScreen(QWidget):
    """Full screen, no buttons (there is nothing a patient can do here): what it is, where to go, and a
    smaller part for staff. Texts in the kiosk's language, each followed by the other language."""

    CONTEXT = "WaitingForDatabaseScreen"
    touched = Signal()  # a patient touched the screen: the words are said again

    def __init__(self, config: KioskConfig, languages: LanguageSwitcher, retry_s: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingForDatabase")
        self.setWindowTitle("OneVisit")
        self.setStyleSheet(f"#waitingForDatabase {{ background: {PAGE}; }}")
        self._config = config
        self._languages = languages
        self._retry_s = retry_s
        self.language = config.language if config.language in ("zh_CN", "en") else "zh_CN"
        self.other = "en" if self.language == "zh_CN" else "zh_CN"
        self.reason = ""
        self.since: datetime | None = None
        self.last_try: datetime | None = None
        self.tries = 0

        self.hospital = text_label("title", self, "waitingHospital", centred=True)
        self.title = text_label("title", self, "waitingTitle", centred=True)
        self.title_other = text_label("body", self, "waitingTitleOther", centred=True)
        self.explain = text_label("body", self, "waitingExplain", centred=True)
        self.explain_other = text_label("small", self, "waitingExplainOther", centred=True)
        card = QFrame(self)
        card.setObjectName("card")
        self.staff = text_label("small", card, "waitingStaff")
        self.staff_reason = text_label("small", card, "waitingReason")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(16)
        inner.addWidget(self.staff)
        inner.addWidget(self.staff_reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(72, 64, 72, 64)
        layout.setSpacing(28)
        layout.addWidget(self.hospital)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.title_other)
        layout.addSpacing(40)
        layout.addWidget(self.explain)
        layout.addWidget(self.explain_other)
        layout.addStretch(3)
        layout.addWidget(card)
        self.retranslate()

    def _in(self, language: str, source: str) -> str:
        return self._languages.translate(language, self.CONTEXT, source)

    def _desk(self, language: str) -> str:
        return self._config.help_desk_zh if language == "zh_CN" else self._config.help_desk_en

    def _patient_words(self, language: str) -> str:
        return self._in(language, WAITING) + "\n" + self._in(language, ELSEWHERE).replace("%1", self._desk(language))

    def spoken_words(self) -> str:
        """What is said aloud: the title and where to go, in the kiosk's language."""
        chinese = self.language == "zh_CN"
        title, rest = self._in(self.language, TITLE), self._patient_words(self.language)
        return f"{title}。{rest.replace(chr(10), '')}" if chinese else f"{title}. {rest.replace(chr(10), ' ')}"

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.touched.emit()
        super().mousePressEvent(event)

    def show_attempt(self, reason: str, since: datetime, tries: int, last_try: datetime) -> None:
        """The latest failed try: why (the StorageError's words, the URL without a password), since when."""
        self.reason, self.since, self.tries, self.last_try = reason, since, tries, last_try
        self.retranslate()

    def retranslate(self) -> None:
        self.hospital.setText(self._config.hospital_name_zh if self.language == "zh_CN" else self._config.hospital_name_en)
        self.title.setText(self._in(self.language, TITLE))
        self.title_other.setText(self._in(self.other, TITLE))
        self.explain.setText(self._patient_words(self.language))
        self.explain_other.setText(self._patient_words(self.other))
        since = to_local(self.since).strftime("%H:%M") if self.since else "--:--"
        last = to_local(self.last_try).strftime("%H:%M:%S") if self.last_try else "--:--:--"
        self.staff.setText(self._in(self.language, FOR_STAFF).replace("%1", since).replace("%2", str(self.tries))
                           .replace("%3", last).replace("%4", f"{self._retry_s:g}"))
        self.staff_reason.setText(self._in(self.language, REASON).replace("%1", self.reason))

    def show_on_kiosk(self) -> None:
        show_as_kiosk_screen(self, self._config)


class _AttemptSignals(QObject):
    done = Signal(bool, object)


class _Attempt(QRunnable):
    def __init__(self, start: Callable[[], KioskServices], signals: _AttemptSignals) -> None:
        super().__init__()
        self._start, self._signals = start, signals

    def run(self) -> None:
        try:
            services = self._start()
        except Exception as error:  # noqa: BLE001 - delivered to the GUI thread, which decides
            self._signals.done.emit(False, error)
        else:
            self._signals.done.emit(True, services)


class DatabaseWait(QObject):
    """Shows the waiting screen and tries ``start`` off the GUI thread every ``retry_s`` seconds until it
    returns the kiosk's services (then ``MainWindow`` shows: ``started``) or fails for a reason that
    waiting does not mend (``failed``)."""

    started = Signal(object)  # the MainWindow
    failed = Signal(object)  # the error a person must fix

    def __init__(self, config: KioskConfig, start: Callable[[], KioskServices], first_error: DatabaseUnavailable,
                 languages: LanguageSwitcher, watchdog: ServiceWatchdog, retry_s: float = DATABASE_RETRY_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config, self._start, self._languages, self._watchdog = config, start, languages, watchdog
        self.retry_s = retry_s
        self.since = utc_now()
        self.tries = 1  # the entry point's own try found the database away
        self.reason = str(first_error)
        self.screen: WaitingForDatabaseScreen | None = WaitingForDatabaseScreen(config, languages, retry_s)
        self.screen.show_attempt(self.reason, self.since, self.tries, self.since)
        self.window: MainWindow | None = None
        self.services: KioskServices | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _AttemptSignals(self)
        self._signals.done.connect(self._attempt_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, int(retry_s * 1000)))
        self._timer.timeout.connect(self._try)
        self._stopped = False
        self.voice = SpeakerWhileWaiting(config.devices.get("speaker"), config.speech_volume)
        self._held_for_words = 0  # tries put off while the words are being said
        self.screen.touched.connect(self._say)

    @staticmethod
    def status(reason: str) -> str:
        return f"waiting for the hospital database: {reason}"

    def begin(self) -> None:
        log.warning("the hospital database cannot be reached at start; the kiosk shows that it is not ready and "
                    "tries again every %g s: %s", self.retry_s, self.reason, extra={"event": "database.waiting"})
        self.screen.show_on_kiosk()
        self._say()
        self._timer.start()

    def _say(self) -> None:
        if self.screen is not None and not self._stopped and not self.voice.is_speaking():
            self.voice.say(self.screen.spoken_words(), self.screen.language)

    def _try(self) -> None:
        if self._stopped:
            return
        if self.voice.is_speaking() and self._held_for_words < WORDS_HOLD_TRIES:
            self._held_for_words += 1  # the start opens the speaker itself: let the words end first
            QTimer.singleShot(1000, self._try)
            return
        self._held_for_words = 0
        self.voice.release()
        self._pool.start(_Attempt(self._start, self._signals))

    @Slot(bool, object)
    def _attempt_done(self, ok: bool, payload: object) -> None:
        if self._stopped:
            if ok:
                payload.close()  # the kiosk is shutting down meanwhile
            return
        self.tries += 1
        if ok:
            self._open_kiosk(payload)
        elif isinstance(payload, DatabaseUnavailable):
            if str(payload) != self.reason:
                self.reason = str(payload)
                self._watchdog.set_status(self.status(self.reason))
            self.screen.show_attempt(self.reason, self.since, self.tries, utc_now())
            self._timer.start()
        else:
            self._close_screen()
            self._stopped = True
            self.failed.emit(payload)

    def _open_kiosk(self, services: KioskServices) -> None:
        waited = (utc_now() - self.since).total_seconds()
        log.info("the hospital database answers after %.0f s and %d tries; the kiosk starts", waited, self.tries,
                 extra={"event": "database.reached"})
        self.services = services
        self.window = show_kiosk(services, self._languages)
        self._close_screen()
        self._watchdog.set_status(ready_status(services))
        self.started.emit(self.window)

    def _close_screen(self) -> None:
        if self.screen is not None:
            self.screen.close()
            self.screen.deleteLater()
            self.screen = None

    def shutdown(self, timeout_ms: int = 15_000) -> None:
        """Stop trying, wait for a try under way (a connect gives up within 5 s), close what was opened."""
        self._stopped = True
        self._timer.stop()
        self.voice.release()
        self._pool.waitForDone(timeout_ms)
        self._close_screen()
        if self.window is not None:
            self.window.close()
        if self.services is not None:
            self.services.close()
