"""The faults every simulator shares, from the URL and from the test, checked on every kind."""
from __future__ import annotations

import pytest

from devices.base import DeviceError, DeviceTimeout, HealthState
from devices.registry import open_device

# One representative verb per kind, so every simulator is exercised the same way.
VERBS = {
    "camera": lambda dev: dev.read(),
    "receipt_printer": lambda dev: dev.send(b"\x1b@hello", "job-1"),
    "document_printer": lambda dev: dev.print_pdf(b"%PDF-1.7\n", "job-1", "invoice"),
    "scanner": lambda dev: dev.read_code(0.01),
    "dock": lambda dev: dev.slots(),
    "speaker": lambda dev: dev.say("hello", "en"),
}
KINDS = sorted(VERBS)
# No waiting in tests: a camera without frame pacing, a speaker that takes no time to speak.
NO_WAIT = {"camera": "&fps=0", "speaker": "&rate=0"}


@pytest.mark.parametrize("kind", KINDS)
def test_fail_open_from_url_makes_open_raise(kind):
    with pytest.raises(DeviceError, match="could not be opened"):
        open_device(kind, "sim:?fail=open")


@pytest.mark.parametrize("kind", KINDS)
def test_fail_timeout_from_url_is_unknown_health_and_verbs_time_out(device, kind):
    dev = device(kind, "sim:?fail=timeout" + NO_WAIT.get(kind, ""))
    health = dev.health()
    assert health.state is HealthState.UNKNOWN
    assert "no reply" in health.detail
    with pytest.raises(DeviceTimeout):
        VERBS[kind](dev)
    assert dev.counters["timeouts"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_fail_fault_from_url_is_fault_health_in_plain_words(device, kind):
    dev = device(kind, "sim:?fail=fault" + NO_WAIT.get(kind, ""))
    health = dev.health()
    assert health.state is HealthState.FAULT
    assert "fault" in health.detail and "simulated" in health.detail
    with pytest.raises(DeviceError):
        VERBS[kind](dev)


@pytest.mark.parametrize("kind", KINDS)
def test_faults_injected_and_cleared_by_the_test(device, kind):
    dev = device(kind, "sim:?" + NO_WAIT.get(kind, "&")[1:])
    VERBS[kind](dev)
    dev.inject(fail="timeout")
    assert dev.health().state is HealthState.UNKNOWN
    with pytest.raises(DeviceTimeout):
        VERBS[kind](dev)
    dev.inject(fail=None)
    assert dev.health().state is HealthState.OK
    dev.inject(fail="fault")
    assert dev.health().state is HealthState.FAULT
    dev.clear_faults()
    assert dev.faults == {}
    assert dev.health().state is HealthState.OK


@pytest.mark.parametrize("kind", KINDS)
def test_injected_open_failure_applies_to_the_next_open(device, kind):
    dev = device(kind, "sim:")
    dev.close()
    dev.inject(fail="open")
    with pytest.raises(DeviceError):
        dev.open()
    assert not dev.is_open
    assert dev.health().state is HealthState.UNKNOWN  # "not opened" is never ok


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_fault_names_and_values_are_refused(device, kind):
    dev = device(kind, "sim:")
    with pytest.raises(DeviceError, match="no fault 'smoke'"):
        dev.inject(smoke="yes")
    with pytest.raises(DeviceError, match="fail=melted"):
        dev.inject(fail="melted")
    with pytest.raises(DeviceError, match="fail=melted"):
        open_device(kind, "sim:?fail=melted")


@pytest.mark.parametrize("kind", KINDS)
def test_verbs_refuse_when_closed(device, kind):
    dev = device(kind, "sim:")
    dev.close()
    with pytest.raises(DeviceError, match="not open"):
        VERBS[kind](dev)


def test_delay_parameter_slows_every_verb(device, simulator_clock):
    dock = device("dock", "sim:?delay=0.05")
    dock.slots()
    dock.unlock(1)
    assert simulator_clock.sleeps == [0.05, 0.05]
