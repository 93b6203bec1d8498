""""Restart services" from maintenance mode: close and reopen every device driver, check every device's
health again, and check that the payment gateway answers.

Each driver is closed and opened again *in place* (the same object), because the services built at
start-up (printing, voice, scanner, dock …) hold on to them. A device that failed to open at start-up
is tried again; if it opens now it goes into its slot, and the report says that the services that
needed it pick it up after the program is restarted. The sandbox payment gateway is only checked:
``kiosk.payment.system`` has no public way to restart it without losing its keys and the trades it
holds (see the note in the maintenance report to the lead).

Blocking (device I/O, HTTP): call from a worker. ``progress(part, phase)`` is called before and after
each part so the screen can say what is happening; the whole run is audited once with every result.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from devices.base import DeviceError, DriverNotFound, HealthState
from devices.registry import open_device
from devices.words import words_of
from kiosk.audit import AuditLog
from kiosk.device_board import DeviceBoard

GATEWAY = "payment_gateway"


@dataclass(frozen=True)
class RestartStep:
    """``outcome``: restarted, opened_now (was missing since start-up), failed, answering, not_answering."""

    part: str  # a device kind, or "payment_gateway"
    outcome: str
    health: str  # ok | degraded | fault | unknown, after the restart ("" for the gateway)
    detail: str  # the driver's or gateway's own words; "" when all is well

    @property
    def ok(self) -> bool:
        return self.outcome in ("restarted", "opened_now", "answering") and self.health in ("ok", "")


@dataclass(frozen=True)
class RestartReport:
    steps: tuple[RestartStep, ...]

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)


def restart_services(board: DeviceBoard, payments: Any, audit: AuditLog, actor: str,
                     progress: Callable[[str, str], None] = lambda part, phase: None) -> RestartReport:
    """Restart the drivers one by one, poll health, check the gateway; audit and return the results."""
    outcomes: dict[str, tuple[str, str]] = {}
    for kind, slot in board.slots.items():
        progress(kind, "started")
        outcomes[kind] = _reopen(slot)
        progress(kind, "finished")
    healths = board.poll()
    steps = [RestartStep(kind, outcome, healths[kind].state.value if kind in healths else HealthState.UNKNOWN.value,
                         detail or (healths[kind].detail if kind in healths and
                                    healths[kind].state is not HealthState.OK else ""))
             for kind, (outcome, detail) in outcomes.items()]
    sandbox = getattr(payments, "sandbox", None)
    if sandbox is not None:
        progress(GATEWAY, "started")
        steps.append(_check_gateway(payments))
        progress(GATEWAY, "finished")
    report = RestartReport(tuple(steps))
    audit.record(actor, "maintenance.services_restarted",
                 {"ok": report.ok, "steps": [{"part": s.part, "outcome": s.outcome, "health": s.health,
                                              "detail": s.detail} for s in report.steps]})
    return report


def _reopen(slot: Any) -> tuple[str, str]:
    """Close and open the slot's driver (or open it for the first time); (outcome, error words)."""
    device = slot.device
    if device is None:
        try:
            slot.device = open_device(slot.kind, slot.url)
        except (DeviceError, DriverNotFound) as exc:
            slot.open_error = words_of(exc) or type(exc).__name__
            return "failed", slot.open_error
        slot.open_error = ""
        return "opened_now", ""
    with contextlib.suppress(DeviceError):  # one that cannot even close cleanly is opened again all the same
        device.close()
    try:
        device.open()
    except DeviceError as exc:
        return "failed", words_of(exc) or type(exc).__name__
    return "restarted", ""


def _check_gateway(payments: Any) -> RestartStep:
    try:
        payments.sandbox_control.trades()
    except Exception as exc:  # any failure to answer is "not answering", in the gateway's own words
        return RestartStep(GATEWAY, "not_answering", "", str(exc) or type(exc).__name__)
    return RestartStep(GATEWAY, "answering", "", "")
