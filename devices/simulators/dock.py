"""Simulated wheelchair dock: numbered slots, each with a chair id (or empty) and a lock.

URL parameters: ``slots=6``, ``chairs=WC-001,WC-002`` (placed in slots 1, 2, … and locked),
``fail=jammed`` (every lock jammed: ``unlock``/``lock`` raise, health fault), ``jammed=2,5`` (only those
slots jammed; health degraded), ``sensor=disagree`` (health fault: chair sensors and locks disagree),
``autolock=1`` (a returned chair locks itself; ``0`` leaves it unlocked), ``reply=lost`` (a lock moves
but its reply never arrives: ``unlock``/``lock`` raise DeviceTimeout after moving), plus the common faults.

Test hooks (a person at the dock): ``take(slot) -> chair_id`` (needs the slot unlocked),
``return_chair(slot, chair_id)``, ``jam(slot)``/``unjam(slot)``, and ``events`` (every action, in order).
"""
from __future__ import annotations

from dataclasses import dataclass

from devices.base import DeviceError, DeviceTimeout, DeviceUrl, Health
from devices.protocols import DockSlot
from devices.simulators.common import COMMON_FAILURES, SimulatedDevice
from devices.urlparams import choice_param, int_param, list_param
from devices.words import Words


@dataclass
class _Slot:
    chair_id: str | None
    locked: bool = True


@dataclass(frozen=True)
class DockEvent:
    action: str  # unlock, lock, take, return
    slot: int
    chair_id: str | None


class SimWheelchairDock(SimulatedDevice):
    kind = "dock"
    FAULTS = {"fail": COMMON_FAILURES + ("jammed",), "sensor": ("disagree", "agree"), "reply": ("lost",)}
    FAULT_DETAIL = "the dock controller reports a fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        count = int_param(url, "slots", 6, low=1, high=64)
        chairs = list_param(url, "chairs")
        if len(chairs) > count:
            raise DeviceError(f"'{url.raw}': {len(chairs)} chairs do not fit in {count} slots")
        if len(set(chairs)) != len(chairs):
            raise DeviceError(f"'{url.raw}': a chair id appears twice in chairs=")
        self.autolock = choice_param(url, "autolock", ("0", "1"), "1") == "1"
        self._slots = {number: _Slot(chairs[number - 1] if number <= len(chairs) else None)
                       for number in range(1, count + 1)}
        self._jammed: set[int] = set()
        for raw in list_param(url, "jammed"):
            self._jammed.add(self._slot_number(raw))
        self.events: list[DockEvent] = []

    # Protocol verbs ------------------------------------------------------------------------------

    def slots(self) -> list[DockSlot]:
        self._begin("slots")
        with self._lock:
            return [DockSlot(number, slot.chair_id, slot.locked) for number, slot in self._slots.items()]

    def unlock(self, slot: int) -> None:
        self._move_lock(slot, locked=False)

    def lock(self, slot: int) -> None:
        self._move_lock(slot, locked=True)

    def _move_lock(self, slot: int, locked: bool) -> None:
        action = "lock" if locked else "unlock"
        self._begin(action)
        with self._lock:
            number = self._slot_number(slot)
            state = self._slots[number]
            if self.fault("fail") == "jammed" or number in self._jammed:
                self.count("jammed")
                raise DeviceError(f"the lock of slot {slot} is jammed (simulated)")
            state.locked = locked
            self.events.append(DockEvent(action, slot, state.chair_id))
            if self.fault("reply") == "lost":
                raise DeviceTimeout(f"slot {slot}: no reply to '{action}' (simulated)")

    # Test hooks ----------------------------------------------------------------------------------

    def take(self, slot: int) -> str:
        """A person pulls the chair out of an unlocked slot; returns its id."""
        with self._lock:
            state = self._slots[self._slot_number(slot)]
            if state.chair_id is None:
                raise DeviceError(f"slot {slot} is empty")
            if state.locked:
                raise DeviceError(f"the chair in slot {slot} is locked")
            chair_id, state.chair_id = state.chair_id, None
            self.events.append(DockEvent("take", slot, chair_id))
            return chair_id

    def return_chair(self, slot: int, chair_id: str) -> None:
        """A person pushes a chair into an empty slot; it locks itself when ``autolock`` is on."""
        with self._lock:
            state = self._slots[self._slot_number(slot)]
            if state.chair_id is not None:
                raise DeviceError(f"slot {slot} already holds {state.chair_id}")
            if any(other.chair_id == chair_id for other in self._slots.values()):
                raise DeviceError(f"chair {chair_id} is already in the dock")
            state.chair_id = chair_id
            if self.autolock:
                state.locked = True
            self.events.append(DockEvent("return", slot, chair_id))

    def jam(self, slot: int) -> None:
        with self._lock:
            self._jammed.add(self._slot_number(slot))

    def unjam(self, slot: int) -> None:
        with self._lock:
            self._jammed.discard(self._slot_number(slot))

    def clear_faults(self) -> None:
        with self._lock:
            super().clear_faults()
            self._jammed.clear()

    # Internals -----------------------------------------------------------------------------------

    def _slot_number(self, raw: int | str) -> int:
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise DeviceError(f"'{raw}' is not a slot number") from None
        if number not in self._slots:
            raise DeviceError(f"the dock has no slot {number} (it has slots 1–{len(self._slots)})")
        return number

    def _sim_health(self) -> Health:
        if self.fault("fail") == "jammed":
            return Health.fault(Words("the slot locks are jammed (simulated)", "sim.locks_jammed"))
        if self.fault("sensor") == "disagree":
            return Health.fault(Words("chair sensors disagree with the locks — check the dock by hand (simulated)",
                                      "sim.sensors_disagree"))
        if self._jammed:
            listed = ", ".join(str(number) for number in sorted(self._jammed))
            return Health.degraded(Words(f"lock of slot {listed} jammed (simulated)", "sim.slot_jammed", slots=listed))
        occupied = sum(1 for slot in self._slots.values() if slot.chair_id)
        return Health.ok(Words(f"simulated, {occupied} of {len(self._slots)} slots hold a chair", "sim.dock_ok",
                               occupied=occupied, slots=len(self._slots)))
