"""What every simulator shares: fault injection from the URL or a test, and the common faults.

Common URL parameters of every ``sim:`` driver:

- ``fail=open``    ``open()`` raises DeviceError (as if the device were unplugged at start-up)
- ``fail=timeout`` ``health()`` is ``unknown`` ("no reply") and every verb raises DeviceTimeout
- ``fail=fault``   ``health()`` is ``fault`` with a plain-words detail and every verb raises DeviceError
- ``delay=0.2``    every verb waits this many seconds first (for spinners and timeouts in the UI)

A kind may accept more fault keys and values (see its ``FAULTS``). Tests change faults at run time
with ``inject(**faults)`` (``None`` removes one) and ``clear_faults()``.
"""
from __future__ import annotations

import time
from typing import ClassVar

from devices.base import Device, DeviceError, DeviceTimeout, DeviceUrl, Health
from devices.urlparams import choice_param, float_param
from devices.words import Words

COMMON_FAILURES = ("open", "timeout", "fault")


class SimulatedDevice(Device):
    #: fault key -> the values it may take; subclasses extend this.
    FAULTS: ClassVar[dict[str, tuple[str, ...]]] = {"fail": COMMON_FAILURES}
    #: what ``fail=fault`` says in ``health()``.
    FAULT_DETAIL: ClassVar[str] = "the device reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.delay_s = float_param(url, "delay", 0.0, low=0.0)
        self._faults: dict[str, str] = {}
        self._url_faults = {key: str(choice_param(url, key, allowed)) for key, allowed in self.FAULTS.items()
                            if url.params.get(key)}
        self.inject(**self._url_faults)

    @property
    def simulated(self) -> bool:
        return True

    @property
    def device_words(self) -> str:
        return self.kind.replace("_", " ")

    @property
    def faults(self) -> dict[str, str]:
        """The faults now in force (a copy)."""
        with self._lock:
            return dict(self._faults)

    def inject(self, **faults: str | None) -> None:
        """Set faults, e.g. ``inject(fail="timeout")`` or ``inject(paper="out")``; ``None`` removes one."""
        with self._lock:
            for key, value in faults.items():
                allowed = self.FAULTS.get(key)
                if allowed is None:
                    raise DeviceError(
                        f"'{self.url.raw}': the simulated {self.device_words} has no fault '{key}'; "
                        f"known: {', '.join(sorted(self.FAULTS))}"
                    )
                if value is None:
                    self._faults.pop(key, None)
                elif value in allowed:
                    self._faults[key] = value
                else:
                    raise DeviceError(
                        f"'{self.url.raw}': {key}={value} is not a fault the simulated {self.device_words} "
                        f"knows; use one of: {', '.join(allowed)}"
                    )

    def clear_faults(self) -> None:
        """Remove every fault, including those given in the URL."""
        with self._lock:
            self._faults.clear()

    def fault(self, key: str) -> str | None:
        with self._lock:
            return self._faults.get(key)

    # Device hooks --------------------------------------------------------------------------------

    def _open(self) -> None:
        if self.fault("fail") == "open":
            raise DeviceError(Words(f"the {self.device_words} could not be opened (simulated: fail=open)", "sim.open_failed",
                                    device=self.kind))
        self._sim_open()

    def _close(self) -> None:
        self._sim_close()

    def _health(self) -> Health:
        failure = self.fault("fail")
        if failure == "timeout":
            raise DeviceTimeout(Words(f"no reply from the {self.device_words} (simulated)", "sim.no_reply", device=self.kind))
        if failure == "fault":
            return Health.fault(Words(f"{self.FAULT_DETAIL} (simulated)", "sim.hardware_fault", device=self.kind))
        return self._sim_health()

    def _begin(self, verb: str) -> None:
        """Run at the start of every verb: refuse when closed, wait ``delay``, apply common faults."""
        if not self.is_open:
            raise DeviceError(Words(f"the {self.device_words} is not open", "not_open", device=self.kind))
        if self.delay_s:
            time.sleep(self.delay_s)
        with self._lock:
            failure = self._faults.get("fail")
            self.count({"timeout": "timeouts", "fault": "faults"}.get(failure or "", verb))
        if failure == "timeout":
            raise DeviceTimeout(Words(f"no reply from the {self.device_words} (simulated)", "sim.no_reply", device=self.kind))
        if failure == "fault":
            raise DeviceError(Words(f"{self.FAULT_DETAIL} (simulated)", "sim.hardware_fault", device=self.kind))

    # Subclass hooks with harmless defaults ---------------------------------------------------------

    def _sim_open(self) -> None:
        """Reset per-session state when the simulator is opened; nothing by default."""

    def _sim_close(self) -> None:
        """Release waiters when the simulator is closed; nothing by default."""

    def _sim_health(self) -> Health:
        return Health.ok(Words("simulated", "sim.ok"))
