"""Receipt building blocks as plain data: every layout is a ``Receipt`` made of these.

The same ``Receipt`` becomes ESC/POS bytes (``escpos_render``) and a PNG preview (``preview``), so
what maintenance sees on the "test print" screen is what the printer gets.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Literal, Union

Align = Literal["left", "center", "right"]

#: ESC/POS font A is 12×24 dots: one Latin character is one column, a Chinese character two.
COLUMNS_BY_WIDTH_MM = {58: 32, 80: 48}
DOTS_BY_WIDTH_MM = {58: 384, 80: 576}
MAX_SCALE = 8


@dataclass(frozen=True)
class Line:
    """A line of text; ``scale`` 1..8 multiplies width and height (the queue number uses 5 or 6).

    ``large``: what a patient must read from arm's length (queue number, room, chair number); with
    large print on (``PrintTarget.large_print``) it is printed at the biggest scale that keeps it on
    one line, up to the printer's 8×8 (``GS ! 0x77``).
    """

    text: str
    align: Align = "left"
    bold: bool = False
    scale: int = 1
    large: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.scale <= MAX_SCALE:
            raise ValueError(f"a text scale must be 1..{MAX_SCALE}, got {self.scale}")


@dataclass(frozen=True)
class Pair:
    """A label on the left and a value on the right ("自付 Self-pay ........ 12.50 元")."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A horizontal separator."""

    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    """A QR code, centred; keep ``payload`` short (≲ 40 characters) so phones read it from afar."""

    payload: str
    module_dots: int = 6


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Block = Union[Line, Pair, Rule, QrCode, Feed]


@dataclass(frozen=True)
class ScreenFallback:
    """What the screen shows instead when the paper is out: big text, a QR to photograph, and where to
    get a paper copy."""

    headline: str
    qr_payload: str
    paper_copy_at_zh: str
    paper_copy_at_en: str


@dataclass(frozen=True)
class Receipt:
    kind: str  # queue_ticket, wheelchair_slip, wheelchair_return, invoice_summary, test_page
    title: str  # plain words for the print journal and staff ("Queue ticket A023")
    blocks: tuple[Block, ...]
    fallback: ScreenFallback | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PrintTarget:
    """What the printer can take: paper width, how Chinese is sent, whether QR is native."""

    width_mm: int = 80
    text_mode: str = "gb18030"  # or "raster"
    native_qr: bool = True
    large_print: bool = False  # ``Line.large`` lines at the biggest size that fits (config printing.large_print)

    def __post_init__(self) -> None:
        if self.width_mm not in COLUMNS_BY_WIDTH_MM:
            raise ValueError(f"paper width must be 58 or 80 mm, got {self.width_mm}")
        if self.text_mode not in ("gb18030", "raster"):
            raise ValueError(f"text mode must be gb18030 or raster, got {self.text_mode}")

    @property
    def columns(self) -> int:
        return COLUMNS_BY_WIDTH_MM[self.width_mm]

    @property
    def dots(self) -> int:
        return DOTS_BY_WIDTH_MM[self.width_mm]

    @classmethod
    def of(cls, printer: object, large_print: bool = False) -> "PrintTarget":
        """The target a ``ReceiptPrinter`` describes (paper_width_mm, text_mode, native_qr)."""
        return cls(
            width_mm=int(getattr(printer, "paper_width_mm", 80)),
            text_mode=str(getattr(printer, "text_mode", "gb18030")),
            native_qr=bool(getattr(printer, "native_qr", True)),
            large_print=large_print,
        )

    def scale_of(self, line: Line) -> int:
        """The scale ``line`` is printed at: its own, or for large print the biggest that fits one line."""
        if not (line.large and self.large_print):
            return line.scale
        fitting = self.columns // max(1, text_columns(line.text))
        return max(line.scale, min(MAX_SCALE, fitting))


# Text measured in printer columns ---------------------------------------------------------------


def char_columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_columns(text: str) -> int:
    return sum(char_columns(c) for c in text)


def wrap_columns(text: str, columns: float, measure: Callable[[str], float] | None = None) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` columns, at spaces where Latin words allow.

    ``measure`` gives a text's width in the same unit as ``columns`` (printer columns by default;
    the raster renderer passes pixel widths of its font).
    """
    measure = measure or text_columns
    if columns < 2:
        raise ValueError("a line needs at least two columns")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in _words(paragraph):
            candidate = current + word
            if measure(candidate.rstrip()) <= columns:
                current = candidate
                continue
            if current.strip():
                lines.append(current.rstrip())
            current = word.lstrip()
            while measure(current.rstrip()) > columns:
                head = _take_columns(current, columns, measure)
                lines.append(head)
                current = current[len(head):]
        lines.append(current.rstrip())
    return lines


def pair_line(label: str, value: str, columns: int) -> list[str]:
    """``label`` left and ``value`` right on one line, or the value on its own line when too long."""
    gap = columns - text_columns(label) - text_columns(value)
    if gap >= 1:
        return [label + " " * gap + value]
    label_lines = wrap_columns(label, columns)
    return label_lines + [" " * max(0, columns - text_columns(value)) + value]


def _words(text: str) -> list[str]:
    """Latin words keep their trailing space; each Chinese character is a word of its own."""
    words: list[str] = []
    current = ""
    for char in text:
        if char_columns(char) == 2:
            if current:
                words.append(current)
                current = ""
            words.append(char)
        else:
            current += char
            if char == " ":
                words.append(current)
                current = ""
    if current:
        words.append(current)
    return words


def _take_columns(text: str, columns: float, measure: Callable[[str], float]) -> str:
    taken = ""
    for char in text:
        if measure(taken + char) > columns:
            break
        taken += char
    return taken or text[:1]
