"""What every device driver shares: health reporting, the URL it was opened from, and its errors.

This package imports nothing of ours and no Qt. Each device kind is a ``typing.Protocol`` in
``devices/protocols.py``; drivers are found through ``devices/registry.py``.
"""
from __future__ import annotations

import abc
import enum
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


class HealthState(str, enum.Enum):
    OK = "ok"
    DEGRADED = "degraded"
    FAULT = "fault"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Health:
    """A device's condition, with a plain-words detail a technician can act on."""

    state: HealthState
    detail: str = ""
    checked_at: float = field(default_factory=time.time)

    @classmethod
    def ok(cls, detail: str = "") -> "Health":
        return cls(HealthState.OK, detail)

    @classmethod
    def degraded(cls, detail: str) -> "Health":
        return cls(HealthState.DEGRADED, detail)

    @classmethod
    def fault(cls, detail: str) -> "Health":
        return cls(HealthState.FAULT, detail)

    @classmethod
    def unknown(cls, detail: str) -> "Health":
        return cls(HealthState.UNKNOWN, detail)

    @property
    def usable(self) -> bool:
        return self.state in (HealthState.OK, HealthState.DEGRADED)


class DeviceError(Exception):
    """A device could not do what it was asked; the message is plain words for staff."""


class DeviceTimeout(DeviceError):
    """The device did not answer in time (its state is unknown, not ok)."""


class DriverNotFound(DeviceError):
    """No driver is registered for a URL's scheme, or its library is missing."""


@dataclass(frozen=True)
class DeviceUrl:
    """A parsed driver URL such as ``sim:?paper=near_end`` or ``escpos+tcp://10.0.0.5:9100``."""

    raw: str
    scheme: str
    netloc: str
    path: str
    params: dict[str, str]

    @classmethod
    def parse(cls, raw: str) -> "DeviceUrl":
        parts = urlsplit(raw.strip())
        if not parts.scheme:
            raise DriverNotFound(f"'{raw}' is not a driver URL (expected e.g. 'sim:' or 'opencv:0')")
        params = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        return cls(raw=raw, scheme=parts.scheme.lower(), netloc=parts.netloc, path=parts.path, params=params)

    @property
    def target(self) -> str:
        """Everything between the scheme and the query: ``0`` in ``opencv:0``, a path in ``file:``."""
        return (self.netloc + self.path) if self.netloc else self.path


class Device(abc.ABC):
    """Base for drivers: keeps the URL, an open flag, the last error and simple counters.

    Subclasses implement ``_open``/``_close``/``_health`` and their kind's verbs.
    """

    kind: str = "device"

    def __init__(self, url: DeviceUrl):
        self.url = url
        self.is_open = False
        self.last_error: str = ""
        self.counters: dict[str, int] = {}
        self._lock = threading.RLock()

    @property
    def simulated(self) -> bool:
        return False

    def open(self) -> None:
        with self._lock:
            if not self.is_open:
                self._open()
                self.is_open = True

    def close(self) -> None:
        with self._lock:
            if self.is_open:
                try:
                    self._close()
                finally:
                    self.is_open = False

    def health(self) -> Health:
        if not self.is_open:
            return Health.unknown("not opened")
        try:
            return self._health()
        except DeviceTimeout as exc:
            self.last_error = str(exc)
            return Health.unknown(str(exc))
        except DeviceError as exc:
            self.last_error = str(exc)
            return Health.fault(str(exc))

    def count(self, name: str, by: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + by

    @abc.abstractmethod
    def _open(self) -> None:
        """Connect to the hardware; raise DeviceError in plain words when it cannot."""

    @abc.abstractmethod
    def _close(self) -> None:
        """Release the hardware."""

    @abc.abstractmethod
    def _health(self) -> Health:
        """Ask the hardware how it is; no reply is ``unknown``, never ``ok``."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url.raw}>"
