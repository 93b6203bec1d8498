"""About how many tickets the receipt roll still holds.

A technician presses "new roll put in" (audited as ``maintenance.paper_roll_replaced`` with the roll's
length, ``printing.paper_roll_m`` by default). From then on every receipt job the print journal marks
done uses paper: its length is measured once per receipt kind by laying out that kind's sample receipt
at 203 dpi (the same blocks the printer gets, so a longer ticket layout is counted as longer) plus the
feed to the cutter. What is left, divided by one queue ticket's length, is "about N tickets left".

The printer's own near-end sensor wins over the count: near end means at most ``NEAR_END_LEFT_MM`` of
paper whatever the count says, and "out" means none. Either, or fewer tickets than
``maintenance.paper_low_tickets``, makes the estimate ``low`` and staff are alerted.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from devices.base import DeviceError
from devices.protocols import PaperLevel, ReceiptPrinter
from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_utc_text
from kiosk.printing import store as print_store
from kiosk.printing.blocks import PrintTarget
from kiosk.printing.raster import render_receipt
from kiosk.printing.samples import sample_receipts

ROLL_REPLACED = "maintenance.paper_roll_replaced"
DOTS_PER_MM = 8  # 203 dpi thermal head
CUT_FEED_MM = 15  # paper fed past the head so the cutter clears the last line
NEAR_END_LEFT_MM = 1500  # a near-end sensor trips with roughly 1–2 m left on the core
TICKET_KIND = "queue_ticket"


@dataclass(frozen=True)
class PaperEstimate:
    """``tickets_left`` is None when nothing is known: no roll change recorded and the sensor says
    neither near end nor out. ``source`` says where the number comes from: ``count``,
    ``sensor_near_end``, ``sensor_out`` or ``not_counted``."""

    tickets_left: int | None
    low: bool
    source: str
    sensor: PaperLevel
    replaced_at: datetime | None
    roll_length_m: int
    used_mm: int
    jobs_since_replaced: int
    ticket_mm: int


@functools.cache
def measured_length_mm(target: PrintTarget) -> dict[str, int]:
    """Paper per job, by receipt kind, from the sample of each layout (blocking: ~0.1 s, once per target)."""
    lengths = {}
    for receipt in sample_receipts():
        height_dots = render_receipt(receipt, target).height
        lengths[receipt.kind] = round(height_dots / DOTS_PER_MM) + CUT_FEED_MM
    return lengths


class PaperRoll:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog, roll_length_m: int,
                 low_tickets: int) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self.roll_length_m = roll_length_m
        self.low_tickets = low_tickets

    def record_new_roll(self, actor: str, roll_length_m: int | None = None) -> datetime:
        """A full roll was put in (audited, with its length); counting starts again from now."""
        length = self.roll_length_m if roll_length_m is None else int(roll_length_m)
        if not 1 <= length <= 1000:
            raise ValueError(f"a paper roll of {length} m is not plausible; use 1 to 1000")
        entry = self._audit.record(actor, ROLL_REPLACED, {"roll_length_m": length})
        return entry.at_utc

    def estimate(self, sensor: PaperLevel, target: PrintTarget) -> PaperEstimate:
        """Blocking (journal query, first call lays out the samples): the count, overridden by the sensor."""
        lengths = measured_length_mm(target)
        ticket_mm = lengths[TICKET_KIND]
        replaced = self._audit.entries(limit=1, action=ROLL_REPLACED, kiosk_id=self._audit.kiosk_id)  # this printer's
        replaced_at = replaced[0].at_utc if replaced else None
        roll_m = int(replaced[0].detail.get("roll_length_m", self.roll_length_m)) if replaced else self.roll_length_m
        used_mm, jobs = self._used_since(replaced_at, lengths, ticket_mm) if replaced_at else (0, 0)
        counted = None
        if replaced_at is not None:
            counted = max(0, roll_m * 1000 - used_mm) // ticket_mm
        if sensor is PaperLevel.OUT:
            left, source = 0, "sensor_out"
        elif sensor is PaperLevel.NEAR_END:
            near_end = NEAR_END_LEFT_MM // ticket_mm
            left, source = (near_end if counted is None else min(counted, near_end)), "sensor_near_end"
        elif counted is not None:
            left, source = counted, "count"
        else:
            left, source = None, "not_counted"
        low = source.startswith("sensor") or (left is not None and left < self.low_tickets)
        return PaperEstimate(left, low, source, sensor, replaced_at, roll_m, used_mm, jobs, ticket_mm)

    def estimate_now(self, printer: ReceiptPrinter | None, target: PrintTarget) -> PaperEstimate:
        """Blocking: ask the printer's sensor (no answer or no printer = unknown), then ``estimate``."""
        try:
            sensor = printer.paper() if printer is not None else PaperLevel.UNKNOWN
        except DeviceError:
            sensor = PaperLevel.UNKNOWN
        return self.estimate(sensor, target)

    def _used_since(self, since: datetime, lengths: dict[str, int], ticket_mm: int) -> tuple[int, int]:
        done = print_store.receipts_done_since(self._db, self._audit.kiosk_id, to_utc_text(since))
        used = sum(lengths.get(kind, ticket_mm) * count for kind, count in done.items())
        return used, sum(done.values())
