""""About N tickets left": paper counted from the print journal since the last new roll, measured per
receipt layout, overridden by the near-end sensor, low below the configured threshold."""
from __future__ import annotations

from datetime import timedelta

import pytest

from devices.protocols import PaperLevel
from devices.registry import open_device
from kiosk.audit import AuditLog
from kiosk.maintenance.paper_roll import CUT_FEED_MM, NEAR_END_LEFT_MM, PaperRoll, measured_length_mm
from kiosk.printing.blocks import PrintTarget
from kiosk.printing.journal import PrintService
from kiosk.printing.samples import sample_receipts, sample_ticket

TARGET = PrintTarget()


@pytest.fixture
def printer():
    return open_device("receipt_printer", "sim:")


@pytest.fixture
def printing(db, clock, printer):
    return PrintService(db, clock, printer, large_print=False)


@pytest.fixture
def roll(db, clock):
    return PaperRoll(db, clock, AuditLog(db, clock), roll_length_m=2, low_tickets=5)


def _print_tickets(printing, count, prefix="t"):
    for index in range(count):
        assert printing.print_receipt(sample_ticket(), f"{prefix}:{index}").printed


def test_every_layout_is_measured_and_a_ticket_is_longer_than_the_cut_feed():
    lengths = measured_length_mm(TARGET)
    assert set(lengths) == {receipt.kind for receipt in sample_receipts()}
    assert all(CUT_FEED_MM + 50 < mm < 400 for mm in lengths.values())
    assert measured_length_mm(PrintTarget(large_print=True))["queue_ticket"] >= lengths["queue_ticket"]


def test_nothing_is_known_before_a_roll_change_is_recorded(roll):
    estimate = roll.estimate(PaperLevel.ADEQUATE, TARGET)
    assert (estimate.tickets_left, estimate.source, estimate.low) == (None, "not_counted", False)


def test_tickets_printed_since_the_new_roll_are_counted(roll, printing, clock, db):
    _print_tickets(printing, 3, "before")  # on the old roll: not counted
    clock.advance(timedelta(minutes=1))
    roll.record_new_roll("staff:1001")
    ticket_mm = measured_length_mm(TARGET)["queue_ticket"]
    full = roll.estimate(PaperLevel.ADEQUATE, TARGET)
    assert (full.tickets_left, full.source, full.used_mm) == (2000 // ticket_mm, "count", 0)
    clock.advance(timedelta(minutes=1))
    _print_tickets(printing, 4)
    printing.print_receipt(sample_receipts()[1], "slip:1")
    after = roll.estimate(PaperLevel.ADEQUATE, TARGET)
    used = 4 * ticket_mm + measured_length_mm(TARGET)["wheelchair_slip"]
    assert (after.jobs_since_replaced, after.used_mm) == (5, used)
    assert after.tickets_left == (2000 - used) // ticket_mm
    assert after.low is (after.tickets_left < 5)
    entry = AuditLog(db, clock).entries(action="maintenance.paper_roll_replaced")[0]
    assert (entry.actor, entry.detail) == ("staff:1001", {"roll_length_m": 2})


def test_failed_prints_use_no_paper_and_a_used_up_roll_reads_zero(roll, printing, printer, clock):
    roll.record_new_roll("staff:1001", roll_length_m=1)
    clock.advance(timedelta(seconds=1))
    printer.inject(paper="out")
    assert not printing.print_receipt(sample_ticket(), "failed:1").printed
    printer.clear_faults()
    assert roll.estimate(PaperLevel.ADEQUATE, TARGET).used_mm == 0
    _print_tickets(printing, 10)
    spent = roll.estimate(PaperLevel.ADEQUATE, TARGET)
    assert (spent.tickets_left, spent.low) == (0, True)


def test_the_sensor_overrides_the_count(roll, clock):
    roll.record_new_roll("staff:1001", roll_length_m=80)
    ticket_mm = measured_length_mm(TARGET)["queue_ticket"]
    near_end = roll.estimate(PaperLevel.NEAR_END, TARGET)
    assert (near_end.tickets_left, near_end.source, near_end.low) == (NEAR_END_LEFT_MM // ticket_mm,
                                                                      "sensor_near_end", True)
    out = roll.estimate(PaperLevel.OUT, TARGET)
    assert (out.tickets_left, out.source, out.low) == (0, "sensor_out", True)
    unknown = roll.estimate(PaperLevel.UNKNOWN, TARGET)  # no answer from the printer: the count stands
    assert (unknown.tickets_left, unknown.source) == (80_000 // ticket_mm, "count")


def test_the_sensor_alone_gives_a_number_before_any_roll_change(roll):
    assert roll.estimate(PaperLevel.NEAR_END, roll_target()).tickets_left > 0


def roll_target():
    return TARGET


def test_a_new_roll_length_must_be_plausible(roll):
    with pytest.raises(ValueError, match="not plausible"):
        roll.record_new_roll("staff:1001", roll_length_m=0)
