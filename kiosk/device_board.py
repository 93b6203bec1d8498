"""Every configured device with its health, including the ones that failed to open.

A device that cannot be opened at start does not stop the kiosk: its slot keeps the error in plain
words, the services that need it report themselves unavailable, and maintenance shows the detail.
Health changes are written to ``device_events`` (with this kiosk's id, on a shared database) so a
technician can see when a fault began; while the hospital's database is away they wait in the
kiosk's outbox (``kiosk.storage.outbox``).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

import sqlite_utils

from devices.base import Device, DeviceError, DeviceUrl, DeviceUrlError, DriverNotFound, Health
from devices.registry import open_device
from devices.words import words_of
from kiosk import device_events_store
from kiosk.clock import Clock
from kiosk.storage import DatabaseUnavailable
from kiosk.storage.outbox import Outbox

OUTBOX_KIND = "device_event"


@dataclass
class DeviceSlot:
    kind: str
    url: str
    device: Device | None
    open_error: str = ""
    last_health: Health | None = field(default=None, compare=False)

    @property
    def simulated(self) -> bool:
        if self.device is not None:
            return self.device.simulated
        return DeviceUrl.parse(self.url).scheme == "sim"

    def health(self) -> Health:
        if self.device is None:
            return Health.fault(self.open_error)
        return self.device.health()


def open_slot(kind: str, url: str) -> DeviceSlot:
    """Open one device; a device fault becomes a slot with the error. A config mistake (an unknown
    driver, a parameter or value the driver does not take) is raised: the kiosk must not start on it."""
    try:
        return DeviceSlot(kind, url, open_device(kind, url))
    except (DriverNotFound, DeviceUrlError):
        raise
    except DeviceError as exc:
        return DeviceSlot(kind, url, None, open_error=words_of(exc) or type(exc).__name__)


class DeviceBoard:
    def __init__(self, slots: dict[str, DeviceSlot], db: sqlite_utils.Database, clock: Clock, kiosk_id: str = "",
                 outbox: Outbox | None = None):
        self.slots = slots
        self.kiosk_id = kiosk_id
        self._db = db
        self._clock = clock
        self._outbox = outbox
        if outbox is not None:
            outbox.register(OUTBOX_KIND, device_events_store.insert_event_once)
        self._lock = threading.Lock()
        self.listeners: list[Callable[[str, Health], None]] = []

    def device(self, kind: str) -> Device | None:
        slot = self.slots.get(kind)
        return slot.device if slot else None

    @property
    def any_simulated(self) -> bool:
        return any(slot.simulated for slot in self.slots.values())

    def poll(self) -> dict[str, Health]:
        """Ask every device for its health (blocking: call from a worker thread)."""
        results = {kind: slot.health() for kind, slot in self.slots.items()}
        with self._lock:
            for kind, health in results.items():
                slot = self.slots[kind]
                previous = slot.last_health
                slot.last_health = health
                if previous is None or (previous.state, previous.detail) != (health.state, health.detail):
                    self._record_event(
                        {
                            "kiosk_id": self.kiosk_id,
                            "device_kind": kind,
                            "state": health.state.value,
                            "detail": health.detail,
                            "at_utc": self._clock.now().isoformat(),
                        }
                    )
        return results

    def _record_event(self, row: dict) -> None:
        try:
            device_events_store.insert_event(self._db, row)
        except DatabaseUnavailable as error:
            if self._outbox is None:
                raise
            self._outbox.put(OUTBOX_KIND, row, str(error))  # forwarding finds it if the insert went through

    def last_healths(self) -> dict[str, Health]:
        """The health each device had at the last poll (no I/O)."""
        return {kind: slot.last_health for kind, slot in self.slots.items() if slot.last_health is not None}

    def close(self) -> None:
        for slot in self.slots.values():
            if slot.device is not None:
                slot.device.close()
