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
