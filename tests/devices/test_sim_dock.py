from __future__ import annotations

import pytest

from devices.base import DeviceError, HealthState
from devices.protocols import DockSlot


def test_slots_from_the_url_start_locked(device):
    dock = device("dock", "sim:?slots=4&chairs=WC-001,WC-002")
    assert dock.slots() == [
        DockSlot(1, "WC-001", True),
        DockSlot(2, "WC-002", True),
        DockSlot(3, None, True),
        DockSlot(4, None, True),
    ]


def test_rent_and_return_cycle(device):
    dock = device("dock", "sim:?slots=3&chairs=WC-001")
    with pytest.raises(DeviceError, match="locked"):
        dock.take(1)
    dock.unlock(1)
    assert dock.take(1) == "WC-001"
    assert dock.slots()[0] == DockSlot(1, None, False)
    dock.return_chair(3, "WC-001")
    assert dock.slots()[2] == DockSlot(3, "WC-001", True)  # autolock
    assert [(event.action, event.slot) for event in dock.events] == [("unlock", 1), ("take", 1), ("return", 3)]


def test_without_autolock_a_returned_chair_stays_unlocked_until_locked(device):
    dock = device("dock", "sim:?slots=2&autolock=0")
    dock.unlock(1)
    dock.return_chair(1, "WC-009")
    assert dock.slots()[0].locked is False
    dock.lock(1)
    assert dock.slots()[0].locked is True


def test_return_into_an_occupied_slot_or_a_chair_twice_is_refused(device):
    dock = device("dock", "sim:?slots=2&chairs=WC-001")
    with pytest.raises(DeviceError, match="already holds"):
        dock.return_chair(1, "WC-002")
    with pytest.raises(DeviceError, match="already in the dock"):
        dock.return_chair(2, "WC-001")


def test_unknown_slot_is_a_plain_error(device):
    dock = device("dock", "sim:?slots=2")
    with pytest.raises(DeviceError, match="no slot 7"):
        dock.unlock(7)


def test_jammed_from_url_makes_unlock_raise_and_health_fault(device):
    dock = device("dock", "sim:?slots=6&chairs=WC-001,WC-002&fail=jammed")
    with pytest.raises(DeviceError, match="jammed"):
        dock.unlock(1)
    assert dock.slots()[0].locked is True
    assert dock.health().state is HealthState.FAULT
    assert dock.counters["jammed"] == 1


def test_one_jammed_slot_degrades_and_other_slots_work(device):
    dock = device("dock", "sim:?slots=3&chairs=WC-001,WC-002&jammed=1")
    with pytest.raises(DeviceError, match="slot 1 is jammed"):
        dock.unlock(1)
    dock.unlock(2)
    health = dock.health()
    assert health.state is HealthState.DEGRADED and "slot 1" in health.detail
    dock.unjam(1)
    dock.unlock(1)
    dock.jam(3)
    dock.clear_faults()
    dock.unlock(3)
    assert dock.health().state is HealthState.OK


def test_sensor_disagreement_is_a_fault_in_plain_words(device):
    dock = device("dock", "sim:?sensor=disagree")
    health = dock.health()
    assert health.state is HealthState.FAULT and "check the dock" in health.detail
    dock.inject(sensor=None)
    assert dock.health().state is HealthState.OK


def test_more_chairs_than_slots_is_a_config_error():
    from devices.registry import open_device

    with pytest.raises(DeviceError, match="do not fit"):
        open_device("dock", "sim:?slots=1&chairs=A,B")
