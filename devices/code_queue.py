"""The codes a scanner has read and nobody has taken yet, shared by every scanner driver.

A reader blocked in ``take`` wakes when a code arrives or the scanner closes. The kiosk has one reader
(the kiosk window's scanner service), which decides which screen a code is for.
"""
from __future__ import annotations

import collections
import threading
import time


class CodeQueue:
    def __init__(self, codes: list[str] | None = None) -> None:
        self._codes: collections.deque[str] = collections.deque(codes or [])
        self._arrived = threading.Condition()
        self._closed = False

    def put(self, code: str) -> None:
        with self._arrived:
            self._codes.append(code)
            self._arrived.notify_all()

    def take(self, timeout_s: float) -> str | None:
        """The oldest code, waiting up to ``timeout_s``; None on time-out or once closed."""
        deadline = time.monotonic() + max(timeout_s, 0.0)
        with self._arrived:
            while not self._codes:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    return None
                self._arrived.wait(remaining)
            return self._codes.popleft()

    def pending(self) -> list[str]:
        with self._arrived:
            return list(self._codes)

    def reopen(self) -> None:
        with self._arrived:
            self._closed = False

    def close(self) -> None:
        """Wake every waiting reader; they return None at once."""
        with self._arrived:
            self._closed = True
            self._arrived.notify_all()
