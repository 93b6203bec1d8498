"""What every device driver shares: health reporting, the URL it was opened from, and its errors.

This package imports nothing of ours and no Qt. Each device kind is a ``typing.Protocol`` in
``devices/protocols.py``; drivers are found through ``devices/registry.py``.
"""
from __future__ import annotations

import abc
import enum
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from devices.words import Words, words_of


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


class DeviceUrlError(DeviceError):
    """A driver URL the driver cannot take (an unknown parameter, a value out of range, a typo such as
    ``sim:?slots=six``): a config mistake, refused at start like an unknown driver."""


MAX_URL_LENGTH = 1000


def _printable(text: str) -> bool:
    """No control, format or unassigned characters (a URL is echoed in one-line errors and logs)."""
    return not any(unicodedata.category(character)[0] == "C" for character in text)


class UrlParams(dict):
    """A URL's query parameters that remember which ones the driver asked for.

    After a driver is constructed, any parameter it never read is one it does not know
    (``unread()``): a misspelt ``baudrte=`` must stop the kiosk, not be silently ignored.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default=None):  # type: ignore[override]
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return super().__contains__(key)

    def unread(self) -> list[str]:
        return sorted(set(self) - self.read)


@dataclass(frozen=True)
class DeviceUrl:
    """A parsed driver URL such as ``sim:?paper=near_end`` or ``escpos+tcp://10.0.0.5:9100``."""

    raw: str
    scheme: str
    netloc: str
    path: str
    params: UrlParams

    @classmethod
    def parse(cls, raw: str) -> "DeviceUrl":
        if len(raw) > MAX_URL_LENGTH or not _printable(raw):
            shown = repr(raw[:40]) + ("…" if len(raw) > 40 else "")
            raise DeviceUrlError(f"{shown} is not a driver URL: keep it under {MAX_URL_LENGTH} characters "
                                 "on one line, without control characters")
        try:
            parts = urlsplit(raw.strip())
            query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
        except ValueError as exc:
            raise DeviceUrlError(f"'{raw}' is not a driver URL ({exc})") from None
        if not parts.scheme:
            raise DriverNotFound(f"'{raw}' is not a driver URL (expected e.g. 'sim:' or 'opencv:0')")
        hidden = sorted(key for key, values in query.items() if not _printable(key + "".join(values)))
        if hidden:
            raise DeviceUrlError(f"'{raw}': parameter {hidden[0]!r} holds control characters (such as %00); "
                                 "write plain text")
        repeated = sorted(key for key, values in query.items() if len(values) > 1)
        if repeated:
            raise DeviceUrlError(f"'{raw}': {repeated[0]}= is given more than once; keep one")
        params = UrlParams({key: values[-1] for key, values in query.items()})
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
            return Health.unknown(Words("not opened", "not_opened"))
        try:
            return self._health()
        except DeviceTimeout as exc:
            self.last_error = words_of(exc)
            return Health.unknown(self.last_error)
        except DeviceError as exc:
            self.last_error = words_of(exc)
            return Health.fault(self.last_error)

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
