"""Shared fixtures for device tests: open devices through the registry and always close them."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devices.base import Device
from devices.registry import open_device


@pytest.fixture
def device() -> Iterator[Callable[[str, str], Device]]:
    """``device(kind, url)`` opens through the registry; everything opened is closed after the test."""
    opened: list[Device] = []

    def open_(kind: str, url: str) -> Device:
        dev = open_device(kind, url)
        opened.append(dev)
        return dev

    yield open_
    for dev in opened:
        dev.close()


class SteppedClock:
    """Stands in for a module's ``time``: ``sleep`` moves ``monotonic`` on at once and is recorded, so a
    test asserts how long a device chose to wait, not how long the machine took."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def frame_clock(monkeypatch) -> SteppedClock:
    """The clock the cameras' frame pacing sees."""
    import devices.drivers.opencv_support as pacing

    clock = SteppedClock()
    monkeypatch.setattr(pacing, "time", clock)
    return clock


@pytest.fixture
def simulator_clock(monkeypatch) -> SteppedClock:
    """The clock the simulators' ``delay=`` waits on."""
    import devices.simulators.common as common

    clock = SteppedClock()
    monkeypatch.setattr(common, "time", clock)
    return clock
