"""Simulated code scanner: a queue of codes that ``read_code`` takes from, waiting when it is empty.

URL parameters: ``codes=A,B`` (queued at construction), plus the common faults.
Test hooks: ``present(code)`` (as if a code were held up to the scanner; wakes a waiting reader),
``pending()``, ``codes_read``.
"""
from __future__ import annotations

from devices.base import DeviceUrl, Health
from devices.code_queue import CodeQueue
from devices.simulators.common import SimulatedDevice
from devices.urlparams import list_param
from devices.words import Words


class SimCodeScanner(SimulatedDevice):
    kind = "scanner"
    FAULT_DETAIL = "the scanner reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self._queue = CodeQueue(list_param(url, "codes"))
        self.codes_read: list[str] = []

    def present(self, code: str) -> None:
        self._queue.put(code)

    def pending(self) -> list[str]:
        return self._queue.pending()

    def read_code(self, timeout_s: float) -> str | None:
        """The oldest presented code, waiting up to ``timeout_s``; None on time-out or when closed."""
        self._begin("read_code")
        code = self._queue.take(timeout_s)
        if code is not None:
            self.codes_read.append(code)
        return code

    def _sim_open(self) -> None:
        self._queue.reopen()

    def _sim_close(self) -> None:
        """Wake readers blocked in ``read_code`` so they return None at once."""
        self._queue.close()

    def _sim_health(self) -> Health:
        return Health.ok(Words(f"simulated, {len(self._queue.pending())} code(s) waiting", "sim.scanner_ok",
                               waiting=len(self._queue.pending())))
