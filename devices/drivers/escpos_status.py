"""Decoding the ESC/POS real-time status bytes (``DLE EOT n``) into health and paper level.

A printer answers each ``DLE EOT n`` with one byte whose fixed bits are ``0xx1 xx10``
(``byte & 0x93 == 0x12``); a byte that does not have them is not a status reply. The bits used:

=========  =====================================================================================
request    meaning of the bits we read
=========  =====================================================================================
n = 1      0x08 the printer is offline
n = 2      0x04 cover open · 0x08 paper fed with the button · 0x20 stopped at paper end ·
           0x40 an error occurred
n = 4      0x0C paper near end (sensor) · 0x60 paper end (sensor); 0x12 ok, 0x1E near end, 0x72 out
=========  =====================================================================================

No reply (or a reply that is not a status byte) is ``unknown``, never "paper adequate":
python-escpos 3.1's ``paper_status()`` answers "adequate" when the printer says nothing at all.
"""
from __future__ import annotations

from dataclasses import dataclass

from devices.base import Health
from devices.protocols import PaperLevel
from devices.words import Words

DLE_EOT = b"\x10\x04"
STATUS_REQUESTS: tuple[int, ...] = (1, 2, 4)

_FIXED_BITS_MASK = 0x93
_FIXED_BITS_VALUE = 0x12
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_FEED_BUTTON = 0x08
_PAPER_END_STOP = 0x20
_ERROR = 0x40
_NEAR_END = 0x0C
_PAPER_END = 0x60


def status_request(n: int) -> bytes:
    """The bytes that ask for real-time status ``n`` (1 printer, 2 offline cause, 4 paper sensor)."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT {n} is not a status request (1..4)")
    return DLE_EOT + bytes([n])


def is_status_byte(value: int | None) -> bool:
    return value is not None and value & _FIXED_BITS_MASK == _FIXED_BITS_VALUE


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said; ``None`` in a field means it did not say (no reply)."""

    online: bool | None
    cover_open: bool | None
    feeding_by_button: bool | None
    stopped_at_paper_end: bool | None
    error: bool | None
    paper: PaperLevel

    @property
    def answered(self) -> bool:
        return self.online is not None or self.cover_open is not None or self.paper is not PaperLevel.UNKNOWN


def decode_status(replies: dict[int, int | None]) -> PrinterStatus:
    """Decode the replies to ``DLE EOT 1/2/4`` (request number -> reply byte, None when none came)."""
    printer = _valid(replies.get(1))
    offline_cause = _valid(replies.get(2))
    paper_sensor = _valid(replies.get(4))
    return PrinterStatus(
        online=None if printer is None else not printer & _OFFLINE,
        cover_open=_bit(offline_cause, _COVER_OPEN),
        feeding_by_button=_bit(offline_cause, _FEED_BUTTON),
        stopped_at_paper_end=_bit(offline_cause, _PAPER_END_STOP),
        error=_bit(offline_cause, _ERROR),
        paper=paper_level(paper_sensor),
    )


def paper_level(sensor_byte: int | None) -> PaperLevel:
    """The paper level from a ``DLE EOT 4`` reply; no reply or a malformed one is ``unknown``."""
    if not is_status_byte(sensor_byte):
        return PaperLevel.UNKNOWN
    assert sensor_byte is not None
    if sensor_byte & _PAPER_END:
        return PaperLevel.OUT
    if sensor_byte & _NEAR_END:
        return PaperLevel.NEAR_END
    return PaperLevel.ADEQUATE


def status_health(status: PrinterStatus) -> Health:
    """Map a decoded status to the kiosk's health, most serious condition first."""
    if not status.answered:
        return Health.unknown(Words("the receipt printer did not answer the status request (check power and cable)",
                                    "printer.no_status"))
    if status.cover_open:
        return Health.fault(Words("the receipt printer cover is open: close it", "printer.cover_open"))
    if status.paper is PaperLevel.OUT or status.stopped_at_paper_end:
        return Health.fault(Words("the receipt printer is out of paper: load a new roll", "printer.paper_out"))
    if status.error:
        return Health.fault(Words("the receipt printer reports an error (cutter or head): open and close the "
                                  "cover, or switch it off and on", "printer.error"))
    if status.online is False:
        return Health.fault(Words("the receipt printer is offline: check the cover and the paper", "printer.offline"))
    if status.paper is PaperLevel.NEAR_END:
        return Health.degraded(Words("receipt paper is running low: load a new roll soon", "printer.paper_low"))
    if status.paper is PaperLevel.UNKNOWN or status.online is None:
        return Health.unknown(Words("the receipt printer answered only part of the status request",
                                    "printer.partial_status"))
    return Health.ok(Words("online, paper adequate", "printer.ok"))


def _valid(value: int | None) -> int | None:
    return value if is_status_byte(value) else None


def _bit(value: int | None, mask: int) -> bool | None:
    return None if value is None else bool(value & mask)
