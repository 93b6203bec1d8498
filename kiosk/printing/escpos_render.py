"""Receipts to ESC/POS bytes with python-escpos's ``Dummy`` printer (no device needed).

Text goes as GB18030 in the printer's Chinese mode (``FS &``), or, for printers without Chinese
fonts (``text_mode="raster"``), as pictures drawn by ``raster`` (``GS v 0``). QR codes are native
(``GS ( k``, a few dozen bytes) where the printer supports it, pictures otherwise.

``¥`` is never sent: in GB18030 it becomes four bytes that thermal printers show as garbage, so it
is replaced by the full-width ``￥`` (two bytes, in every Chinese printer font).
"""
from __future__ import annotations

import copy

from escpos.capabilities import get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from kiosk.printing.blocks import Block, Feed, Line, Pair, PrintTarget, QrCode, Receipt, Rule, pair_line, wrap_columns
from kiosk.printing.raster import qr_image, render_blocks

ESC_INIT = b"\x1b@"
FS_CHINESE_MODE_ON = b"\x1c&"
FS_CHINESE_MODE_OFF = b"\x1c."
GS_NORMAL_SIZE = b"\x1d!\x00"
TEXT_ENCODING = "gb18030"
_UNSAFE_CHARACTERS = {"¥": "￥"}


def printable_text(text: str) -> str:
    """``text`` with characters that print as garbage on Chinese thermal printers replaced."""
    for unsafe, safe in _UNSAFE_CHARACTERS.items():
        text = text.replace(unsafe, safe)
    return text


def receipt_to_escpos(receipt: Receipt, target: PrintTarget) -> bytes:
    """The complete job for ``receipt``: initialise, print every block, feed and cut."""
    printer = Dummy()
    printer.profile = _profile_for(target)
    printer._raw(ESC_INIT)
    if target.text_mode == "raster":
        _raster_blocks(printer, list(receipt.blocks), target)
    else:
        printer._raw(FS_CHINESE_MODE_ON)
        for block in receipt.blocks:
            _text_block(printer, block, target)
        printer._raw(FS_CHINESE_MODE_OFF)
    printer.set(align="left")
    printer.cut()
    return bytes(printer.output)


def _profile_for(target: PrintTarget) -> object:
    """python-escpos's default profile with the paper width filled in (it prints a warning without)."""
    profile = get_profile("default")
    data = copy.deepcopy(type(profile).profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": target.width_mm, "pixels": target.dots}}
    profile.profile_data = data
    return profile


def _text_block(printer: Dummy, block: Block, target: PrintTarget) -> None:
    if isinstance(block, Line):
        printer.set(align=block.align, bold=block.bold)
        scale = target.scale_of(block)
        if scale > 1:  # GS ! with (width − 1) << 4 | (height − 1): 8×8 is 0x77
            printer.set(custom_size=True, width=scale, height=scale)
        for text in wrap_columns(block.text, max(2, target.columns // scale)):
            _write_line(printer, text)
        if scale > 1:  # back to normal size (every block starts and ends at it; ESC @ starts the job so)
            printer._raw(GS_NORMAL_SIZE)
        printer.set(bold=False, align="left")
    elif isinstance(block, Pair):
        printer.set(align="left", bold=block.bold)
        for text in pair_line(block.label, block.value, target.columns):
            _write_line(printer, text)
        printer.set(bold=False)
    elif isinstance(block, Rule):
        printer.set(align="left")
        _write_line(printer, block.char * target.columns)
    elif isinstance(block, QrCode):
        _qr(printer, block, target)
    elif isinstance(block, Feed):
        printer._raw(b"\n" * block.lines)
    else:
        raise TypeError(f"unknown receipt block {block!r}")


def _raster_blocks(printer: Dummy, blocks: list[Block], target: PrintTarget) -> None:
    """Runs of blocks become one picture each; native QR codes stay native between them."""
    run: list[Block] = []
    for block in blocks:
        if isinstance(block, QrCode) and target.native_qr:
            _flush_raster(printer, run, target)
            run = []
            _qr(printer, block, target)
        else:
            run.append(block)
    _flush_raster(printer, run, target)


def _flush_raster(printer: Dummy, run: list[Block], target: PrintTarget) -> None:
    if run:
        printer.image(render_blocks(run, target), impl="bitImageRaster")


def _qr(printer: Dummy, block: QrCode, target: PrintTarget) -> None:
    printer.set(align="center")
    if target.native_qr:
        # qr(native=True, center=True) raises in python-escpos 3.1: centre with ESC a instead.
        # error correction M, as the raster QR (python-escpos defaults to L): a scuffed slip still reads
        printer.qr(block.payload, native=True, size=block.module_dots, ec=QR_ECLEVEL_M)
    else:
        printer.image(qr_image(block.payload, block.module_dots, target.dots), impl="bitImageRaster")
    printer.set(align="left")


def _write_line(printer: Dummy, text: str) -> None:
    printer._raw(printable_text(text).encode(TEXT_ENCODING) + b"\n")
