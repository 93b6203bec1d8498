"""Simulated code scanner: a queue of codes that ``read_code`` takes from, waiting when it is empty.

URL parameters: ``codes=A,B`` (queued at construction), plus the common faults.
Test hooks: ``present(code)`` (as if a code were held up to the scanner; wakes a waiting reader),
``pending()``, ``codes_read``.
"""
from __future__ import annotations

import collections
import threading
import time

from devices.base import DeviceUrl, Health
from devices.simulators.common import SimulatedDevice
from devices.urlparams import list_param


class SimCodeScanner(SimulatedDevice):
    kind = "scanner"
    FAULT_DETAIL = "the scanner reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self._queue: collections.deque[str] = collections.deque(list_param(url, "codes"))
        self._arrived = threading.Condition(self._lock)
        self.codes_read: list[str] = []

    def present(self, code: str) -> None:
        with self._arrived:
            self._queue.append(code)
            self._arrived.notify_all()

    def pending(self) -> list[str]:
        with self._lock:
            return list(self._queue)

    def read_code(self, timeout_s: float) -> str | None:
        """The oldest presented code, waiting up to ``timeout_s``; None on time-out or when closed."""
        self._begin("read_code")
        deadline = time.monotonic() + max(timeout_s, 0.0)
        with self._arrived:
            while not self._queue:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.is_open:
                    return None
                self._arrived.wait(remaining)
            code = self._queue.popleft()
            self.codes_read.append(code)
            return code

    def close(self) -> None:
        """Close, then wake readers blocked in ``read_code`` so they return None at once."""
        super().close()
        with self._arrived:
            self._arrived.notify_all()

    def _sim_health(self) -> Health:
        return Health.ok(f"simulated, {len(self._queue)} code(s) waiting")
