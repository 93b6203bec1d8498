"""The wheelchair pricing engine: a pure function of (terms, start, end, mode) → an itemised fee.

On-site use: the first ``free_minutes`` are free; after that every started hour costs ``hourly_fen``;
the fee inside each 24-hour window counted from the start is capped at ``daily_cap_fen``. Home use:
``home_use_daily_fen`` for every started 24 hours, from the moment home use began (no free period).
A rental converted to home use pays on-site prices up to the conversion and the day rate after it.

Only the elapsed time matters, so the fee is the same across local midnight and whatever time zone
the machine is set to; times shown to people (free-until, due date) are Asia/Shanghai.
"""
from __future__ import annotations

import enum
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.clock import to_local
from kiosk.money import Fen, format_yuan

WINDOW = timedelta(hours=24)
HOUR_SECONDS = 3600


class RentalMode(str, enum.Enum):
    ON_SITE = "on_site"
    HOME_USE = "home_use"


@dataclass(frozen=True)
class RentalTerms:
    """One hospital's prices; the defaults are those of real hospital deployments."""

    free_minutes: int = 120
    hourly_fen: Fen = 300
    daily_cap_fen: Fen = 2000
    home_use_daily_fen: Fen = 1000
    deposit_fen: Fen = 19800
    credit_waiver_score: int = 650  # a credit score at or above this waives the deposit

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"wheelchair terms: {name} must be a whole number ≥ 0, got {value!r}")

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "RentalTerms":
        known = cls.__dataclass_fields__
        return cls(**{name: value for name, value in values.items() if name in known})

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    def deposit_for(self, credit_score: int, has_overdue_debt: bool) -> Fen:
        """The deposit a renter must pay: none with good credit and no overdue bill."""
        waived = credit_score >= self.credit_waiver_score and not has_overdue_debt
        return 0 if waived else self.deposit_fen


@dataclass(frozen=True)
class FeeItem:
    code: str  # free | hours | capped_day | home_use_days
    quantity: int  # minutes for "free", hours for "hours"/"capped_day", days for "home_use_days"
    unit_fen: Fen
    amount_fen: Fen
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class RentalFee:
    mode: RentalMode
    started_at: datetime
    ended_at: datetime
    items: tuple[FeeItem, ...]

    @property
    def total_fen(self) -> Fen:
        return sum(item.amount_fen for item in self.items)

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at

    @property
    def used_minutes(self) -> int:
        """Minutes used, a started minute counting as one: the same rounding as the free period's line."""
        return math.ceil(_whole_seconds(self.duration) / 60)


def quote_rental_fee(terms: RentalTerms, start: datetime, end: datetime,
                     mode: RentalMode = RentalMode.ON_SITE, home_use_from: datetime | None = None) -> RentalFee:
    """The itemised fee for a rental from ``start`` to ``end`` (aware datetimes, ``end`` ≥ ``start``).

    ``home_use_from`` (on-site rentals converted later) splits the rental: on-site prices before it,
    the day rate from it. A home-use rental from the start passes ``mode=HOME_USE``.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        raise ValueError(f"a rental cannot end ({end.isoformat()}) before it starts ({start.isoformat()})")
    mode = RentalMode(mode)
    if mode is RentalMode.HOME_USE:
        return RentalFee(mode, start, end, (_home_use_item(terms, end - start),))
    if home_use_from is not None:
        _require_aware(home_use_from, "home_use_from")
        switch = min(max(home_use_from, start), end)
        items = _on_site_items(terms, switch - start) + (_home_use_item(terms, end - switch),)
        return RentalFee(RentalMode.HOME_USE, start, end, items)
    return RentalFee(mode, start, end, _on_site_items(terms, end - start))


def free_until(terms: RentalTerms, start: datetime) -> datetime:
    """When the free period ends, on the hospital's wall clock."""
    return to_local(_require_aware(start, "start") + timedelta(minutes=terms.free_minutes))


def home_use_due(start: datetime, days: int) -> datetime:
    """When a home-use chair is due back: ``days`` × 24 hours after home use began."""
    if days < 1:
        raise ValueError("home use is for at least one day")
    return _require_aware(start, "start") + days * WINDOW


def terms_text(terms: RentalTerms) -> tuple[str, str]:
    """The price card in one sentence each for paper (Chinese, English)."""
    hours = _free_hours_text(terms)
    zh = (f"{hours[0]}内免费，之后每小时 {format_yuan(terms.hourly_fen)}，每 24 小时最多 "
          f"{format_yuan(terms.daily_cap_fen)}；带回家使用每天 {format_yuan(terms.home_use_daily_fen)}")
    en = (f"Free for the first {hours[1]}, then {format_yuan(terms.hourly_fen)} per hour, at most "
          f"{format_yuan(terms.daily_cap_fen)} per 24 hours; home use {format_yuan(terms.home_use_daily_fen)} per day")
    return zh, en


def _free_hours_text(terms: RentalTerms) -> tuple[str, str]:
    if terms.free_minutes % 60 == 0:
        hours = terms.free_minutes // 60
        return f"{hours} 小时", f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{terms.free_minutes} 分钟", f"{terms.free_minutes} minutes"


def _on_site_items(terms: RentalTerms, duration: timedelta) -> tuple[FeeItem, ...]:
    seconds = _whole_seconds(duration)
    free_seconds = terms.free_minutes * 60
    used_free_minutes = math.ceil(min(seconds, free_seconds) / 60)
    items = [FeeItem("free", used_free_minutes, 0, 0, f"免费时段 {used_free_minutes} 分钟",
                     f"Free period, {used_free_minutes} min")]
    window_seconds = int(WINDOW.total_seconds())
    for window in range(math.ceil(seconds / window_seconds) if seconds else 0):
        window_start, window_end = window * window_seconds, (window + 1) * window_seconds
        chargeable = max(0, min(seconds, window_end) - max(free_seconds, window_start))
        if chargeable == 0:
            continue
        hours = math.ceil(chargeable / HOUR_SECONDS)
        uncapped = hours * terms.hourly_fen
        day = window + 1
        if uncapped > terms.daily_cap_fen:
            items.append(FeeItem("capped_day", hours, terms.hourly_fen, terms.daily_cap_fen,
                                 f"第 {day} 个 24 小时：{hours} 小时，封顶 {format_yuan(terms.daily_cap_fen)}",
                                 f"24 hours no. {day}: {hours} h, capped at {format_yuan(terms.daily_cap_fen)}"))
        else:
            items.append(FeeItem("hours", hours, terms.hourly_fen, uncapped,
                                 f"第 {day} 个 24 小时：{hours} 小时 × {format_yuan(terms.hourly_fen)}",
                                 f"24 hours no. {day}: {hours} h × {format_yuan(terms.hourly_fen)}"))
    return tuple(items)


def _home_use_item(terms: RentalTerms, duration: timedelta) -> FeeItem:
    days = max(1, -(-_whole_seconds(duration) // int(WINDOW.total_seconds())))
    return FeeItem("home_use_days", days, terms.home_use_daily_fen, days * terms.home_use_daily_fen,
                   f"带回家使用 {days} 天 × {format_yuan(terms.home_use_daily_fen)}",
                   f"Home use, {days} day(s) × {format_yuan(terms.home_use_daily_fen)}")


def _whole_seconds(duration: timedelta) -> int:
    """Elapsed seconds rounded up, in exact integer arithmetic (a started second counts)."""
    if duration <= timedelta(0):
        return 0
    return -(-duration // timedelta(seconds=1))


def _require_aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{name} {value!r} has no time zone; pass an aware datetime")
    return value
