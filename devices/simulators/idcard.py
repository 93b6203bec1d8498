"""Simulated resident ID card reader: a card is put on it, read once, and taken off again.

URL parameters (faults, also settable with ``inject``): ``sam=missing`` (no security module: every
read raises SecurityModuleMissing, health fault), ``read=removed`` (the card leaves the field in the
middle of the read: CardRemoved, and the card is off the reader), ``read=checksum`` (the card's data
fails its check: CardUnreadable), plus the common faults (``fail=timeout`` …).

Test and demo hooks (a person at the reader): ``present(card)`` puts a card down (wakes a waiting
reader), ``remove()`` takes it off, ``card_on_reader`` says what lies there, ``reads`` counts cards
read. A card lying on the reader is read once; to read it again, take it off and put it down again,
as with a real reader. The reader firmware simulator uses ``fresh_card()``/``mark_read()``.
"""
from __future__ import annotations

import threading
import time

from devices.base import DeviceError, DeviceUrl, Health
from devices.protocols import CardRemoved, CardUnreadable, IdCard, SecurityModuleMissing
from devices.simulators.common import SimulatedDevice
from devices.words import Words


class SimIdCardReader(SimulatedDevice):
    kind = "id_card_reader"
    FAULTS = {**SimulatedDevice.FAULTS, "sam": ("missing",), "read": ("removed", "checksum")}
    FAULT_DETAIL = "the ID card reader reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        unknown = sorted(set(url.params) - set(self.FAULTS) - {"delay"})
        if unknown:
            raise DeviceError(f"'{url.raw}': the simulated ID card reader has no parameter "
                              f"{', '.join(unknown)}; known: delay, {', '.join(sorted(self.FAULTS))}")
        super().__init__(url)
        self._changed = threading.Condition(self._lock)
        self._card: IdCard | None = None
        self._card_read = False
        self._closing = False
        self.reads = 0

    # Protocol verb ---------------------------------------------------------------------------------

    def read_card(self, timeout_s: float) -> IdCard | None:
        self._begin("read_card")
        deadline = time.monotonic() + max(0.0, timeout_s)
        with self._changed:
            if self.fault("sam") == "missing":
                raise SecurityModuleMissing("the ID card reader has no working security module (simulated)")
            while self.fresh_card() is None and not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)
            if self._closing:
                return None
            if self.fault("sam") == "missing":  # the module failed while the reader waited
                raise SecurityModuleMissing("the ID card reader has no working security module (simulated)")
            problem = self.fault("read")
            if problem == "removed":
                self._card = None
                raise CardRemoved("the card was taken off the reader before it was read (simulated)")
            if problem == "checksum":
                raise CardUnreadable("the card's data failed its check (simulated)")
            return self.mark_read()

    # Test and demo hooks ---------------------------------------------------------------------------

    def present(self, card: IdCard) -> None:
        """Put a card on the reader (replacing any card there) and wake a waiting read."""
        with self._changed:
            self._card, self._card_read = card, False
            self._changed.notify_all()

    def remove(self) -> None:
        with self._changed:
            self._card, self._card_read = None, False
            self._changed.notify_all()

    @property
    def card_on_reader(self) -> IdCard | None:
        with self._lock:
            return self._card

    def fresh_card(self) -> IdCard | None:
        """The card on the reader if it has not been read since it was put down."""
        with self._lock:
            return self._card if self._card is not None and not self._card_read else None

    def mark_read(self) -> IdCard | None:
        with self._lock:
            card = self._card
            if card is not None:
                self._card_read = True
                self.reads += 1
            return card

    # Device hooks ----------------------------------------------------------------------------------

    def _sim_open(self) -> None:
        with self._changed:
            self._closing = False

    def _sim_close(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()

    def _sim_health(self) -> Health:
        if self.fault("sam") == "missing":
            return Health.fault(Words("the ID card reader's security module is missing or not authorised (simulated)",
                                      "sim.sam_missing"))
        return Health.ok(Words("simulated, a card lies on the reader", "sim.card_on_reader") if self.card_on_reader
                         else Words("simulated, no card", "sim.no_card"))
