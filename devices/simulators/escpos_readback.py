"""Reading back what an ESC/POS job would print: its text lines, raster pictures and native QR data.

For tests, the simulator and maintenance tooling — not a full ESC/POS interpreter: it knows the
commands our layouts send (``ESC @``, ``ESC a/E/!/-/M/t``, ``FS &``/``FS .``, ``GS !``, ``GS V``,
``GS ( k`` and ``GS v 0``) and treats every other byte as text in GB18030.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ESC, FS, GS, LF = 0x1B, 0x1C, 0x1D, 0x0A
_ESC_ONE_ARGUMENT = set(b"!-EaMtG{V3RdJ")
_GS_ONE_ARGUMENT = set(b"!BbHhfw")


@dataclass
class EscposReadback:
    text_lines: list[str] = field(default_factory=list)
    rasters: list[np.ndarray] = field(default_factory=list)  # True where a dot is printed
    qr_payloads: list[str] = field(default_factory=list)
    cuts: int = 0
    chinese_mode_used: bool = False  # FS & (the printer's Chinese character mode) was sent

    @property
    def text(self) -> str:
        return "\n".join(self.text_lines)

    def raster_image(self) -> np.ndarray | None:
        """Every raster picture stacked top to bottom (uint8, 0 = black, 255 = white), or None."""
        if not self.rasters:
            return None
        width = max(r.shape[1] for r in self.rasters)
        padded = [np.pad(r, ((0, 0), (0, width - r.shape[1]))) for r in self.rasters]
        return np.where(np.vstack(padded), 0, 255).astype(np.uint8)


def read_escpos(data: bytes, encoding: str = "gb18030") -> EscposReadback:
    out = EscposReadback()
    text = bytearray()
    i, n = 0, len(data)

    def flush_line() -> None:
        out.text_lines.append(bytes(text).decode(encoding, errors="replace"))
        text.clear()

    while i < n:
        byte = data[i]
        if byte == LF:
            flush_line()
            i += 1
        elif byte == ESC and i + 1 < n:
            command = data[i + 1]
            i += 3 if command in _ESC_ONE_ARGUMENT else 2
        elif byte == FS and i + 1 < n:
            out.chinese_mode_used = out.chinese_mode_used or data[i + 1] == ord("&")
            i += 2
        elif byte == GS and i + 1 < n:
            i = _gs_command(data, i, out)
        else:
            text.append(byte)
            i += 1
    if text:
        flush_line()
    return out


def _gs_command(data: bytes, i: int, out: EscposReadback) -> int:
    command = data[i + 1]
    if command in _GS_ONE_ARGUMENT:
        return i + 3
    if command == ord("V"):
        out.cuts += 1
        return i + (4 if data[i + 2] in (65, 66) else 3)
    if command == ord("(") and data[i + 2] in b"kL":
        length = data[i + 3] | data[i + 4] << 8
        body = data[i + 5:i + 5 + length]
        if data[i + 2] == ord("k") and len(body) >= 3 and body[0] == ord("1") and body[1] == 0x50:
            out.qr_payloads.append(bytes(body[3:]).decode("utf-8"))
        return i + 5 + length
    if command == ord("v") and data[i + 2] == ord("0"):
        width_bytes = data[i + 4] | data[i + 5] << 8
        height = data[i + 6] | data[i + 7] << 8
        start = i + 8
        packed = np.frombuffer(data[start:start + width_bytes * height], dtype=np.uint8)
        out.rasters.append(np.unpackbits(packed).reshape(height, width_bytes * 8).astype(bool))
        return start + width_bytes * height
    return i + 2
