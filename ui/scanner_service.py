"""The one reader of the code scanner: every code goes to the screen now shown, if it asked for one.

A single thread reads the scanner (``read_code`` with a short timeout, again and again) and hands each
code to the GUI thread. There it goes to the *current* screen of the window's stack, if that screen
asked for the next code with ``listen(screen, on_code, on_fault)``. Asking is for one code: a screen
that is busy with the code it got (a lookup, a payment) simply does not ask again until it is ready,
and a screen that is left loses its turn. So a code is never delivered twice, nor to a hidden screen.

A code that arrives while the screen shown has not asked (between two screens, during a lookup) is held
for ``GRACE_S`` seconds and given to the next screen that asks within that time — a code held up just
after identification is not swallowed — then dropped with a log line. Held codes are dropped at once
when the patient session ends (``forget``), so nothing of one patient reaches the next.

The thread looks the scanner up on the device board before every read, so "Restart services" (which
closes and reopens drivers in place, or opens one that was missing) and a scanner fault are survived:
a failed read is reported to the listening screen (``on_fault``) and tried again every
``FAULT_RETRY_S``. A maintenance self-test that reads the scanner directly runs inside ``paused()``,
which returns only once no read of this service is waiting, so the two never compete for a code.
"""
from __future__ import annotations

import collections
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from devices.base import DeviceError
from devices.protocols import CodeScanner

log = logging.getLogger(__name__)

POLL_S = 0.25  # one read's timeout: how long a pause or a shutdown may wait for the read in flight
FAULT_RETRY_S = 1.0  # after a failed read (scanner unplugged, closed for a restart): try again this often
MISSING_RETRY_S = 1.0  # no scanner in its slot: look again this often (a restart may open one)
GRACE_S = 2.0  # a code nobody asked for waits this long for the next screen that asks


@dataclass
class _Listener:
    on_code: Callable[[str], None]
    on_fault: Callable[[str], None] | None


class ScannerService(QObject):
    """Kept on the window as ``window.scanner``; ``start()`` once the screens are built, ``shutdown()`` on close."""

    delivered = Signal(str)  # the name of the screen a code went to (never the code: it may be an ID number)
    dropped = Signal()  # a code nobody asked for within the grace window
    _read = Signal(str)  # from the reading thread to the GUI thread
    _status = Signal(str)  # a failed read's words; "" when reads work again

    def __init__(self, scanner: Callable[[], CodeScanner | None], stack: QStackedWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scanner = scanner
        self._stack = stack
        self._listeners: dict[QWidget, _Listener] = {}
        self._held: collections.deque[tuple[float, str]] = collections.deque()
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self._drop_expired)
        self._read.connect(self._on_read, Qt.ConnectionType.QueuedConnection)
        self._status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        stack.currentChanged.connect(self._on_screen_changed)
        self._gate = threading.Condition()
        self._pauses = 0
        self._reading = False
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._fault = ""

    # --- for screens (GUI thread) ---------------------------------------------------------------

    @property
    def available(self) -> bool:
        """A scanner is in its slot (it may still be faulty: ``on_fault`` says so)."""
        return self._scanner() is not None

    def listen(self, screen: QWidget, on_code: Callable[[str], None],
               on_fault: Callable[[str], None] | None = None) -> bool:
        """``screen`` wants the next code while it is shown; False (and nothing asked) when it is not the
        screen shown or there is no scanner. A code held from just before is handed over at once."""
        if screen is not self._stack.currentWidget() or not self.available:
            return False
        self._listeners[screen] = _Listener(on_code, on_fault)
        if self._held:
            QTimer.singleShot(0, self._hand_over_held)
        return True

    def stop_listening(self, screen: QWidget) -> None:
        self._listeners.pop(screen, None)

    def listening(self, screen: QWidget) -> bool:
        return screen in self._listeners

    @property
    def fault(self) -> str:
        """The last failed read's words; "" while reads work."""
        return self._fault

    @property
    def held(self) -> int:
        """How many codes wait for a screen to ask (none after the grace window)."""
        return len(self._held)

    def forget(self) -> None:
        """The patient session ended: a code held for them is not given to the next patient."""
        if self._held:
            log.info("session ended: %d scanned code(s) nobody asked for dropped", len(self._held))
        self._held.clear()
        self._expiry.stop()

    # --- for maintenance (any thread) -----------------------------------------------------------

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """No read of this service runs inside the block: a self-test may read the scanner itself.
        Blocks up to ``POLL_S`` for the read in flight, so call it from a worker thread."""
        with self._gate:
            self._pauses += 1
            while self._reading:
                self._gate.wait()
        try:
            yield
        finally:
            with self._gate:
                self._pauses -= 1
                self._gate.notify_all()

    @property
    def paused_now(self) -> bool:
        """Paused, and no read of this service is waiting: the next code is the direct reader's."""
        with self._gate:
            return self._pauses > 0 and not self._reading

    # --- life -----------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._read_forever, name="code scanner", daemon=True)
        self._thread.start()

    def shutdown(self) -> None:
        """Stop the reading thread (it ends within one read's timeout) and drop anything held."""
        self._stopping.set()
        with self._gate:
            self._gate.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=POLL_S + FAULT_RETRY_S + 1)
            self._thread = None
        self._listeners.clear()
        self.forget()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the reading thread ---------------------------------------------------------------------

    def _read_forever(self) -> None:
        failing = False
        while not self._stopping.is_set():
            scanner = self._scanner()
            if scanner is None:
                self._stopping.wait(MISSING_RETRY_S)
                continue
            with self._gate:
                while self._pauses and not self._stopping.is_set():
                    self._gate.wait()
                if self._stopping.is_set():
                    return
                self._reading = True
            try:
                code = scanner.read_code(POLL_S)
                failure = ""
            except DeviceError as error:
                code, failure = None, str(error) or type(error).__name__
            finally:
                with self._gate:
                    self._reading = False
                    self._gate.notify_all()
            if failure or failing:
                self._status.emit(failure)
                failing = bool(failure)
            if failure:
                self._stopping.wait(FAULT_RETRY_S)
            elif code:
                self._read.emit(code)

    # --- on the GUI thread ----------------------------------------------------------------------

    @Slot(str)
    def _on_read(self, code: str) -> None:
        screen = self._stack.currentWidget()
        listener = self._listeners.pop(screen, None)
        if listener is None:
            self._hold(code)
            return
        self.delivered.emit(screen.objectName())
        listener.on_code(code)

    @Slot(str)
    def _on_status(self, failure: str) -> None:
        if failure != self._fault:
            if failure:
                log.warning("the code scanner failed: %s", failure)
            else:
                log.info("the code scanner reads again")
            self._fault = failure
        if not failure:
            return
        screen = self._stack.currentWidget()
        listener = self._listeners.get(screen)
        if listener is not None and listener.on_fault is not None:
            del self._listeners[screen]
            listener.on_fault(failure)

    def _on_screen_changed(self, _index: int) -> None:
        """A screen that is left loses its turn; the one now shown must ask for itself."""
        current = self._stack.currentWidget()
        for screen in [screen for screen in self._listeners if screen is not current]:
            del self._listeners[screen]

    def _hold(self, code: str) -> None:
        self._held.append((time.monotonic() + GRACE_S, code))
        if not self._expiry.isActive():
            self._expiry.start(int(GRACE_S * 1000))

    def _hand_over_held(self) -> None:
        self._drop_expired()
        if self._held and self._stack.currentWidget() in self._listeners:
            _, code = self._held.popleft()
            self._on_read(code)

    def _drop_expired(self) -> None:
        now = time.monotonic()
        while self._held and self._held[0][0] <= now:
            self._held.popleft()
            log.info("a scanned code was not asked for by any screen within %g s: dropped", GRACE_S)
            self.dropped.emit()
        if self._held:
            self._expiry.start(max(1, int((self._held[0][0] - now) * 1000)))
