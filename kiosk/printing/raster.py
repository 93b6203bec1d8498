"""Drawing receipts as pictures with Pillow and the CJK font, for previews and "raster" printers.

One printer column is 12 dots and a line of normal text 24 dots high, as with ESC/POS font A, so a
raster receipt breaks lines exactly where the text-mode receipt does. No Qt: this runs in services.
"""
from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from kiosk.printing.blocks import Block, Feed, Line, Pair, PrintTarget, QrCode, Receipt, Rule, wrap_columns

COLUMN_DOTS = 12
LINE_DOTS = 24
FEED_DOTS = 30
QR_QUIET_MODULES = 2
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
# Index of the Simplified Chinese face inside the Noto Sans CJK collection (J, K, SC, TC, HK).
_NOTO_SC_INDEX = 2


class FontMissing(RuntimeError):
    """No Chinese font is installed, so receipts cannot be drawn."""


@functools.lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """The CJK font file used for raster receipts and previews."""
    for candidate in CJK_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"],
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        if found and Path(found).is_file() and "cjk" in found.lower():
            return Path(found)
    raise FontMissing("No Chinese font found for receipts: install one with `apt-get install fonts-noto-cjk` "
                      f"(looked in {', '.join(CJK_FONT_CANDIDATES)} and asked fc-match)")


@functools.lru_cache(maxsize=16)
def cjk_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = cjk_font_path()
    bold_path = path.with_name(path.name.replace("Regular", "Bold"))
    chosen = bold_path if bold and bold_path.is_file() else path
    index = _NOTO_SC_INDEX if "NotoSansCJK" in chosen.name else 0
    return ImageFont.truetype(str(chosen), size=size, index=index)


def render_receipt(receipt: Receipt, target: PrintTarget, margin_dots: int = 0) -> Image.Image:
    """The whole receipt as a 1-bit picture ``target.dots`` wide (plus a margin for previews)."""
    parts = [render_block(block, target) for block in receipt.blocks]
    height = sum(part.height for part in parts) + 2 * margin_dots
    page = Image.new("1", (target.dots + 2 * margin_dots, height), 1)
    y = margin_dots
    for part in parts:
        page.paste(part, (margin_dots, y))
        y += part.height
    return page


def render_blocks(blocks: list[Block], target: PrintTarget) -> Image.Image:
    parts = [render_block(block, target) for block in blocks]
    page = Image.new("1", (target.dots, max(1, sum(part.height for part in parts))), 1)
    y = 0
    for part in parts:
        page.paste(part, (0, y))
        y += part.height
    return page


def render_block(block: Block, target: PrintTarget) -> Image.Image:
    if isinstance(block, Line):
        scale = target.scale_of(block)
        font = cjk_font(LINE_DOTS * scale, block.bold)
        # The font's Latin letters are wider than font A's 12 dots: step large print down until one line.
        while scale > block.scale and font.getlength(block.text) > target.dots:
            scale -= 1
            font = cjk_font(LINE_DOTS * scale, block.bold)
        return _text_lines(wrap_columns(block.text, target.dots, font.getlength), target,
                           block.align, block.bold, scale)
    if isinstance(block, Pair):
        return _pair_image(block, target)
    if isinstance(block, Rule):
        image = Image.new("1", (target.dots, LINE_DOTS), 1)
        ImageDraw.Draw(image).line([(0, LINE_DOTS // 2), (target.dots - 1, LINE_DOTS // 2)], fill=0, width=2)
        return image
    if isinstance(block, QrCode):
        return qr_image(block.payload, block.module_dots, target.dots)
    if isinstance(block, Feed):
        return Image.new("1", (target.dots, FEED_DOTS * block.lines), 1)
    raise TypeError(f"unknown receipt block {block!r}")


def qr_image(payload: str, module_dots: int, width_dots: int) -> Image.Image:
    """A QR code centred on a white strip ``width_dots`` wide."""
    code = qrcode.QRCode(box_size=module_dots, border=QR_QUIET_MODULES,
                         error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    symbol = code.make_image().get_image().convert("1")
    if symbol.width > width_dots:
        raise ValueError(f"the QR payload ({len(payload)} characters) is too long for the paper; shorten it")
    strip = Image.new("1", (width_dots, symbol.height), 1)
    strip.paste(symbol, ((width_dots - symbol.width) // 2, 0))
    return strip


def _pair_image(block: Pair, target: PrintTarget) -> Image.Image:
    font = cjk_font(LINE_DOTS, block.bold)
    if font.getlength(block.label) + font.getlength(block.value) + COLUMN_DOTS > target.dots:
        lines = wrap_columns(block.label, target.dots, font.getlength) + [block.value]
        return _text_lines(lines, target, "left", block.bold, 1, last_align="right")
    image = _text_lines([block.label], target, "left", block.bold, 1)
    draw = ImageDraw.Draw(image)
    draw.text((target.dots - draw.textlength(block.value, font=font), 0), block.value, font=font, fill=0, anchor="la")
    return image


def _text_lines(lines: list[str], target: PrintTarget, align: str, bold: bool, scale: int,
                last_align: str | None = None) -> Image.Image:
    font = cjk_font(LINE_DOTS * scale, bold)
    ascent, descent = font.getmetrics()
    line_height = ascent + descent
    image = Image.new("1", (target.dots, line_height * len(lines)), 1)
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(lines):
        width = draw.textlength(text, font=font)
        if last_align and row == len(lines) - 1:
            align = last_align
        if align == "center":
            x = (target.dots - width) / 2
        elif align == "right":
            x = target.dots - width
        else:
            x = 0
        draw.text((max(0, x), row * line_height), text, font=font, fill=0, anchor="la")
    return image
