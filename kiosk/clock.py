"""Time: stored as UTC ISO-8601 text, shown in Asia/Shanghai whatever the machine's TZ says.

Services take a ``Clock`` instead of calling ``datetime.now()`` so tests (and the demo) can fix or
advance time. ``to_local`` uses ``zoneinfo`` with the bundled ``tzdata``, never the OS local zone.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

HOSPITAL_ZONE = ZoneInfo("Asia/Shanghai")


def utc_now() -> datetime:
    """The current instant as an aware UTC datetime."""
    return datetime.now(timezone.utc)


def _require_aware(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        raise ValueError(f"{dt!r} has no time zone; pass an aware datetime (UTC from the Clock)")
    return dt


def to_local(dt: datetime) -> datetime:
    """The same instant on the hospital's wall clock (Asia/Shanghai)."""
    return _require_aware(dt).astimezone(HOSPITAL_ZONE)


def local_today(clock: "Clock | None" = None) -> date:
    """Today's date in the hospital, which is what appointments and daily reports mean by 'today'."""
    now = clock.now() if clock is not None else utc_now()
    return to_local(now).date()


def to_utc_text(dt: datetime) -> str:
    """Fixed-width UTC text ("2026-11-22T01:30:00.000000+00:00") so text order is time order."""
    return _require_aware(dt).astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_utc_text(text: str) -> datetime:
    """Read back what ``to_utc_text`` wrote (any ISO-8601 text with an offset is accepted)."""
    return _require_aware(datetime.fromisoformat(text)).astimezone(timezone.utc)


class Clock:
    """The real clock. Inject it; tests use ``FixedClock``."""

    def now(self) -> datetime:
        return utc_now()

    def today(self) -> date:
        return local_today(self)


class FixedClock(Clock):
    """A clock that only moves when told to, for repeatable tests and demos."""

    def __init__(self, at: datetime) -> None:
        self._at = _require_aware(at).astimezone(timezone.utc)

    @classmethod
    def at_local(cls, year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> "FixedClock":
        """A fixed clock at a Shanghai wall-clock time, the way test scenarios are described."""
        return cls(datetime(year, month, day, hour, minute, tzinfo=HOSPITAL_ZONE))

    def now(self) -> datetime:
        return self._at

    def advance(self, by: timedelta) -> datetime:
        self._at = self._at + by
        return self._at

    def set(self, at: datetime) -> None:
        self._at = _require_aware(at).astimezone(timezone.utc)
