"""The serial dock driver against the dock firmware on a pseudo-terminal, and over pyserial's loop://."""
from __future__ import annotations

import pytest

from devices.base import DeviceError, DeviceTimeout, HealthState
from devices.drivers.serial_dock import SerialWheelchairDock
from devices.protocols import DockSlot, WheelchairDock
from devices.simulators.dock_firmware import DockFirmware


@pytest.fixture
def firmware(device):
    sim = device("dock", "sim:?slots=3&chairs=WC-001,WC-002")
    served = DockFirmware.on_pty(sim)
    yield served
    served.close()


def test_slots_unlock_and_lock_over_a_real_tty(device, firmware):
    dock = device("dock", f"serial://{firmware.port}?baudrate=19200&timeout=1")
    assert isinstance(dock, SerialWheelchairDock) and isinstance(dock, WheelchairDock)
    assert dock.slots() == [DockSlot(1, "WC-001", True), DockSlot(2, "WC-002", True), DockSlot(3, None, True)]
    dock.unlock(2)
    assert firmware.dock.take(2) == "WC-002"
    assert dock.slots()[1] == DockSlot(2, None, False)
    dock.lock(2)
    assert dock.slots()[1].locked
    assert dock.health().state is HealthState.OK
    assert firmware.commands == ["SLOTS", "UNLOCK 2", "SLOTS", "LOCK 2", "SLOTS", "STATUS"]
    assert dock.counters == {"unlock": 1, "lock": 1}


def test_a_jammed_lock_and_a_missing_slot_are_plain_errors(device, firmware):
    dock = device("dock", f"serial://{firmware.port}")
    firmware.dock.jam(1)
    with pytest.raises(DeviceError, match="lock of slot 1 is jammed"):
        dock.unlock(1)
    with pytest.raises(DeviceError, match="no slot 9"):
        dock.unlock(9)
    assert dock.health().state is HealthState.DEGRADED
    firmware.dock.inject(sensor="disagree")
    health = dock.health()
    assert health.state is HealthState.FAULT and "check the dock by hand" in health.detail


def test_a_dock_that_stops_answering_is_unknown_never_ok(device, firmware):
    dock = device("dock", f"serial://{firmware.port}?timeout=0.2")
    firmware.silent = True
    with pytest.raises(DeviceTimeout, match="no reply"):
        dock.unlock(1)
    assert dock.health().state is HealthState.UNKNOWN
    firmware.silent = False
    assert dock.health().state is HealthState.OK  # an old late reply is not mistaken for a new one


def test_a_port_that_only_echoes_is_not_taken_for_a_dock(device):
    dock = device("dock", "serial:loop://?timeout=0.2")
    with pytest.raises(DeviceError, match="does not speak the dock protocol"):
        dock.slots()
    assert dock.health().state is HealthState.FAULT


def test_a_missing_port_fails_to_open_with_the_port_name(device):
    with pytest.raises(DeviceError, match="cannot open the wheelchair dock at /dev/onevisit-no-such-port"):
        device("dock", "serial:///dev/onevisit-no-such-port")
    with pytest.raises(DeviceError, match="baudrate= must be a whole number"):
        device("dock", "serial:///dev/ttyACM0?baudrate=fast")
