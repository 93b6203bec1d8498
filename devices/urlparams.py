"""Typed reading of driver URL query parameters, failing in plain words that name the URL.

A config typo such as ``sim:?slots=six`` must stop the kiosk with a message staff can fix, so every
driver reads its parameters through these helpers instead of calling ``int()`` itself. A bad value is a
``DeviceUrlError`` (a config mistake, exit 2 at start); a parameter no driver read is refused by
``devices.registry.check_device_url`` after the driver is constructed.
"""
from __future__ import annotations

from devices.base import DeviceUrl, DeviceUrlError


def text_param(url: DeviceUrl, name: str, default: str | None = None) -> str | None:
    value = url.params.get(name)
    return default if value is None or value == "" else value


def choice_param(url: DeviceUrl, name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    value = text_param(url, name, default)
    if value is not None and value not in allowed:
        raise DeviceUrlError(f"'{url.raw}': {name}={value!r} is not allowed; use one of: {', '.join(allowed)}")
    return value


def int_param(url: DeviceUrl, name: str, default: int, low: int | None = None, high: int | None = None) -> int:
    raw = text_param(url, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DeviceUrlError(f"'{url.raw}': {name}= must be a whole number, got {raw!r}") from None
    _check_range(url, name, value, low, high)
    return value


def float_param(url: DeviceUrl, name: str, default: float, low: float | None = None, high: float | None = None) -> float:
    raw = text_param(url, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise DeviceUrlError(f"'{url.raw}': {name}= must be a number, got {raw!r}") from None
    _check_range(url, name, value, low, high)
    return value


def list_param(url: DeviceUrl, name: str) -> list[str]:
    """A comma-separated list; empty items are dropped (``codes=A,,B`` is ``[A, B]``)."""
    raw = text_param(url, name, "") or ""
    return [item.strip() for item in raw.split(",") if item.strip()]


def _check_range(url: DeviceUrl, name: str, value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise DeviceUrlError(f"'{url.raw}': {name}= must be at least {low}, got {value}")
    if high is not None and value > high:
        raise DeviceUrlError(f"'{url.raw}': {name}= must be at most {high}, got {value}")
