"""What the real code-scanner drivers share: a reader thread that turns the scanner's bytes into codes.

Hand scanners talk first: they send a code whenever one is held under them, whether or not the kiosk
is waiting. So each driver reads all the time on its own thread and queues whole codes
(``devices.code_queue``); ``read_code`` takes from that queue. A scanner that is unplugged ends the
thread with a plain-words failure that ``read_code`` raises and ``health()`` reports.
"""
from __future__ import annotations

import abc
import threading

from devices.base import Device, DeviceError, DeviceUrl, Health
from devices.code_queue import CodeQueue
from devices.words import Words

POLL_S = 0.2  # how long one read may block, so closing never waits longer


class PumpedScanner(Device):
    kind = "scanner"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self._codes = CodeQueue()
        self._thread: threading.Thread | None = None
        self._running = threading.Event()
        self._failure = ""

    # the CodeScanner verbs -----------------------------------------------------------------------

    def read_code(self, timeout_s: float) -> str | None:
        if not self.is_open:
            raise DeviceError("the code scanner is not open")
        self._raise_failure()
        code = self._codes.take(timeout_s)
        if code is None:
            self._raise_failure()
        return code

    # Device hooks ------------------------------------------------------------------------------

    def _open(self) -> None:
        self._open_source()
        self._failure = ""
        self._codes.reopen()
        self._running.set()
        self._thread = threading.Thread(target=self._pump, name=f"scanner {self.url.raw}", daemon=True)
        self._thread.start()

    def _close(self) -> None:
        self._running.clear()
        self._codes.close()
        if self._thread is not None:
            self._thread.join(timeout=2 * POLL_S + 1)
            self._thread = None
        self._close_source()

    def _health(self) -> Health:
        if self._failure:
            return Health.fault(self._failure)
        return Health.ok(Words(f"listening on {self.url.target}, {self.counters.get('codes', 0)} code(s) read",
                               "scanner.listening", target=self.url.target, codes=self.counters.get("codes", 0)))

    # for subclasses ----------------------------------------------------------------------------

    @abc.abstractmethod
    def _open_source(self) -> None:
        """Open the port or input device; DeviceError in plain words when it cannot."""

    @abc.abstractmethod
    def _close_source(self) -> None:
        """Release it."""

    @abc.abstractmethod
    def _read_codes(self) -> list[str]:
        """Block at most ``POLL_S``; the codes completed by what arrived (often none).

        Raise DeviceError when the scanner is gone (unplugged, port closed under us)."""

    # internals ---------------------------------------------------------------------------------

    def _pump(self) -> None:
        while self._running.is_set():
            try:
                codes = self._read_codes()
            except DeviceError as error:
                self._failure = self.last_error = str(error)
                self._codes.close()  # wake a waiting reader so it sees the failure now
                return
            for code in codes:
                self.count("codes")
                self._codes.put(code)

    def _raise_failure(self) -> None:
        if self._failure:
            raise DeviceError(self._failure)


def decode_code(raw: bytes) -> str:
    """Scanners send UTF-8 or, set up for Chinese, GB18030; either way the text of the code."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")
