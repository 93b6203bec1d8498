"""Restart services: drivers closed and reopened in place (the services keep working with the same
objects), a device missing since start-up opened when it can be, health polled, the sandbox gateway
checked, progress reported, one audit row with every result."""
from __future__ import annotations

from kiosk.device_board import DeviceSlot
from kiosk.maintenance.restart import GATEWAY, restart_services
from kiosk.printing.samples import sample_ticket


def test_every_driver_is_reopened_in_place_and_the_run_is_audited(services):
    board = services.devices
    printer = board.device("receipt_printer")
    progress = []
    report = restart_services(board, services.payments, services.audit, "staff:1001",
                              lambda part, phase: progress.append((part, phase)))
    assert board.device("receipt_printer") is printer and printer.is_open
    assert {step.part for step in report.steps} == set(board.slots) | {GATEWAY}
    assert all(step.outcome == "restarted" for step in report.steps if step.part != GATEWAY)
    gateway, = [step for step in report.steps if step.part == GATEWAY]
    assert gateway.outcome == "answering" and report.ok
    assert progress[:2] == [(next(iter(board.slots)), "started"), (next(iter(board.slots)), "finished")]
    assert progress[-1] == (GATEWAY, "finished")
    assert services.printing.print_receipt(sample_ticket(), "after-restart").printed  # same object, open again
    entry, = services.audit.entries(action="maintenance.services_restarted")
    assert entry.actor == "staff:1001" and entry.detail["ok"] is True
    assert len(entry.detail["steps"]) == len(board.slots) + 1


def test_a_failing_driver_is_reported_in_its_own_words_and_the_rest_still_restart(services):
    board = services.devices
    board.device("dock").inject(fail="open")
    report = restart_services(board, services.payments, services.audit, "staff:9001")
    dock, = [step for step in report.steps if step.part == "dock"]
    assert (dock.outcome, dock.ok) == ("failed", False) and "could not be opened" in dock.detail
    assert all(step.outcome == "restarted" for step in report.steps if step.part not in ("dock", GATEWAY))
    assert not report.ok and services.audit.entries(action="maintenance.services_restarted")[0].detail["ok"] is False


def test_a_device_missing_since_start_up_is_opened_when_it_can_be(services):
    board = services.devices
    board.slots["scanner"] = DeviceSlot("scanner", "sim:", None, open_error="no scanner at start-up")
    report = restart_services(board, services.payments, services.audit, "staff:1001")
    scanner, = [step for step in report.steps if step.part == "scanner"]
    assert scanner.outcome == "opened_now" and board.device("scanner") is not None
    assert board.slots["scanner"].open_error == ""


def test_a_gateway_that_does_not_answer_is_said_so(services):
    services.payments.sandbox.stop()
    report = restart_services(services.devices, services.payments, services.audit, "staff:1001")
    gateway, = [step for step in report.steps if step.part == GATEWAY]
    assert gateway.outcome == "not_answering" and gateway.detail and not report.ok
