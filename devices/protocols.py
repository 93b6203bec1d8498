"""One Protocol per device kind. Callers (kiosk/, ui/) type against these, never against drivers."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

import numpy as np

from devices.base import DeviceError, DeviceUrl, Health


class PaperLevel(str, enum.Enum):
    ADEQUATE = "adequate"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


class PrintJobState(str, enum.Enum):
    PENDING = "pending"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DockSlot:
    number: int
    chair_id: str | None
    locked: bool


@dataclass(frozen=True)
class IdCard:
    """The text of a second-generation resident ID card (二代居民身份证), as its chip holds it.

    ``sex`` is "M" or "F"; ``valid_to`` is None for a long-term card (长期). The photo on the chip is
    never part of this: drivers read it off the wire and drop it.
    """

    name: str
    sex: str
    ethnicity: str
    birth_date: date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: date
    valid_to: date | None

    @property
    def long_term(self) -> bool:
        return self.valid_to is None

    def expired_on(self, day: date) -> bool:
        return self.valid_to is not None and self.valid_to < day

    def __repr__(self) -> str:  # never the holder's details in a log line or a traceback
        return "IdCard(…)"


class CardRemoved(DeviceError):
    """The card was taken off the reader before its data was read; put it back and hold it still."""


class CardUnreadable(DeviceError):
    """The card answered but its data failed the reader's checks (damaged chip, interference)."""


class SecurityModuleMissing(DeviceError):
    """The reader's security module (SAM) is missing or not authorised: no card can be read."""


@runtime_checkable
class Device(Protocol):
    url: DeviceUrl
    kind: str
    last_error: str
    counters: dict[str, int]

    @property
    def simulated(self) -> bool: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def health(self) -> Health: ...


@runtime_checkable
class Camera(Device, Protocol):
    def read(self) -> np.ndarray | None:
        """The next frame as an H×W×3 uint8 BGR array, or None when no frame is ready."""


@runtime_checkable
class ReceiptPrinter(Device, Protocol):
    paper_width_mm: int
    text_mode: str  # "gb18030": the printer's Chinese mode; "raster": text sent as pictures
    native_qr: bool  # True: QR codes drawn by the printer (GS ( k); False: sent as pictures

    def send(self, data: bytes, job_id: str) -> None:
        """Send one whole ESC/POS job; raises DeviceError (e.g. out of paper) before sending a byte."""

    def paper(self) -> PaperLevel: ...


@runtime_checkable
class DocumentPrinter(Device, Protocol):
    def print_pdf(self, pdf: bytes, job_id: str, title: str) -> str:
        """Queue a PDF; returns the printer's job reference."""

    def job_state(self, job_ref: str) -> PrintJobState: ...


@runtime_checkable
class CodeScanner(Device, Protocol):
    def read_code(self, timeout_s: float) -> str | None:
        """Wait up to ``timeout_s`` for a QR/bar code; the decoded text, or None."""


@runtime_checkable
class WheelchairDock(Device, Protocol):
    def slots(self) -> list[DockSlot]: ...

    def unlock(self, slot: int) -> None: ...

    def lock(self, slot: int) -> None: ...


@runtime_checkable
class Speaker(Device, Protocol):
    volume: int  # 0..100

    def say(self, text: str, language: str) -> None:
        """Start speaking and return at once; a new call interrupts the old speech."""

    def stop(self) -> None: ...

    def is_speaking(self) -> bool: ...

    def chime(self) -> None:
        """Play a short two-tone chime (staff are called) and return at once; speech asked for while it
        sounds follows it."""


@runtime_checkable
class IdCardReader(Device, Protocol):
    def read_card(self, timeout_s: float) -> IdCard | None:
        """Wait up to ``timeout_s`` for a card put on the reader and read its text once; None when no
        new card came. Raises CardRemoved, CardUnreadable, SecurityModuleMissing or DeviceTimeout."""


DEVICE_KINDS: dict[str, type] = {
    "camera": Camera,
    "receipt_printer": ReceiptPrinter,
    "document_printer": DocumentPrinter,
    "scanner": CodeScanner,
    "dock": WheelchairDock,
    "speaker": Speaker,
    "id_card_reader": IdCardReader,
}
