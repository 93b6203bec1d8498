"""Money is integer fen (1 元 = 100 fen) everywhere: no floats, so sums and refunds are exact.

The currency is written as ``元`` after the amount ("12.50 元"); ``¥`` is never printed because the
same glyph also means Japanese yen and some receipt-printer code pages lack it.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

Fen = int
"""An amount of money in fen. A plain ``int`` alias so that SQLite, JSON and arithmetic need no glue."""

FEN_PER_YUAN = 100
YUAN_SUFFIX = "元"

_YUAN_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def format_yuan(fen: Fen) -> str:
    """Show an amount the way a Chinese receipt does: ``1250 -> "12.50 元"``, ``-5 -> "-0.05 元"``."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"money must be integer fen, got {fen!r} ({type(fen).__name__})")
    sign = "-" if fen < 0 else ""
    yuan, remainder = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{remainder:02d} {YUAN_SUFFIX}"


def parse_yuan(text: str) -> Fen:
    """Read an amount typed in yuan ("12.5", "12.50 元", "0.01") as exact fen.

    Uses ``Decimal`` so "0.1" really is 10 fen. Anything that is not a plain decimal number, or that
    has a fraction of a fen ("0.005"), is refused with a ``ValueError`` rather than rounded.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_yuan expects text, got {type(text).__name__}")
    cleaned = text.strip().removesuffix(YUAN_SUFFIX).strip()
    if not _YUAN_TEXT.fullmatch(cleaned):
        raise ValueError(f"'{text}' is not an amount in yuan (write it like 12.50)")
    try:
        yuan = Decimal(cleaned)
    except InvalidOperation as error:  # the pattern above should make this unreachable
        raise ValueError(f"'{text}' is not an amount in yuan (write it like 12.50)") from error
    fen = yuan * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"'{text}' has a fraction of a fen; amounts have at most two decimals")
    return int(fen)
