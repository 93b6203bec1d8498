"""Elderly-first design tokens and the one style sheet built from them.

The numbers are the kiosk's promises (tests check them on every screen): primary buttons at least
120 px tall, secondary at least 96 px, body text at least 32 px, text contrast at least 7:1.
"""
from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets"

PRIMARY_MIN_HEIGHT = 120
SECONDARY_MIN_HEIGHT = 96
BODY_PX = 36
SMALL_PX = 32  # the smallest text anywhere on a patient screen
TITLE_PX = 56
TILE_PX = 60
HUGE_PX = 120
MIN_CONTRAST = 7.0

PAGE = "#FAF8F3"
INK = "#1A1A1A"
MUTED_INK = "#3D3D3D"
WHITE = "#FFFFFF"
PRIMARY = "#0B3D91"
TILE_COLOURS = {
    "checkin": "#004D40",
    "wheelchair": "#0B3D91",
    "pay": "#7A2E00",
    "help": "#4A148C",
}
RIBBON_BG = "#FFD600"
FAULT_BG = "#9B0000"
OVERLAY_SCRIM = "rgba(0, 0, 0, 170)"

FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Sans Serif"]


def relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def style_sheet() -> str:
    tiles = "\n".join(
        f'QToolButton[tile="{name}"] {{ background: {colour}; color: {WHITE}; }}'
        f'QToolButton[tile="{name}"]:pressed {{ background: {INK}; }}'
        for name, colour in TILE_COLOURS.items()
    )
    return f"""
QWidget {{ font-size: {BODY_PX}px; color: {INK}; }}
QMainWindow, QWidget#page, QStackedWidget {{ background: {PAGE}; }}
QLabel[role="title"] {{ font-size: {TITLE_PX}px; font-weight: bold; }}
QLabel[role="body"] {{ font-size: {BODY_PX}px; }}
QLabel[role="small"] {{ font-size: {SMALL_PX}px; color: {MUTED_INK}; }}
QLabel[role="huge"] {{ font-size: {HUGE_PX}px; font-weight: bold; }}
QWidget#header {{ background: {WHITE}; border-bottom: 2px solid {MUTED_INK}; }}
QLabel#hospitalName {{ font-size: 40px; font-weight: bold; color: {PRIMARY}; }}
QLabel#clock {{ font-size: {SMALL_PX}px; color: {INK}; }}
QLabel#simRibbon {{ background: {RIBBON_BG}; color: {INK}; font-size: {SMALL_PX}px; font-weight: bold; padding: 8px; }}
QLabel#faultBanner {{ background: {FAULT_BG}; color: {WHITE}; font-size: {SMALL_PX}px; padding: 12px; }}
QPushButton {{ border: none; border-radius: 16px; padding: 12px 28px; }}
QPushButton[kind="primary"] {{ background: {PRIMARY}; color: {WHITE}; font-size: 44px; font-weight: bold;
    min-height: {PRIMARY_MIN_HEIGHT}px; }}
QPushButton[kind="primary"]:pressed {{ background: {INK}; }}
QPushButton[kind="secondary"] {{ background: {WHITE}; color: {PRIMARY}; border: 4px solid {PRIMARY};
    font-size: {BODY_PX}px; font-weight: bold; min-height: {SECONDARY_MIN_HEIGHT}px; }}
QPushButton[kind="secondary"]:pressed {{ background: {PRIMARY}; color: {WHITE}; }}
QPushButton[kind="secondary"]:checked {{ background: {PRIMARY}; color: {WHITE}; }}
QPushButton[key="digit"], QPushButton[key="extra"] {{ font-size: 56px; }}
QPushButton[key][compact="true"] {{ min-height: {SECONDARY_MIN_HEIGHT - 24}px; padding: 8px 16px; }}
QLabel[role="entry"] {{ font-size: 56px; font-weight: bold; background: {WHITE}; border: 4px solid {INK};
    border-radius: 16px; padding: 12px 24px; min-height: 80px; }}
QLabel[role="error"] {{ font-size: {BODY_PX}px; font-weight: bold; color: {FAULT_BG}; }}
QToolButton[tile] {{ font-size: {TILE_PX}px; font-weight: bold; border: none; border-radius: 28px;
    min-height: {PRIMARY_MIN_HEIGHT}px; padding: 16px 24px; }}
{tiles}
QWidget#idleOverlay {{ background: {OVERLAY_SCRIM}; }}
QFrame#idleCard, QFrame#card {{ background: {WHITE}; border-radius: 28px; }}
QLabel[role="countdown"] {{ font-size: {HUGE_PX}px; font-weight: bold; color: {FAULT_BG}; }}
QScrollBar:vertical {{ width: 40px; background: {PAGE}; }}
QScrollBar::handle:vertical {{ background: {MUTED_INK}; border-radius: 12px; min-height: 120px; }}
QLabel[state="ok"] {{ color: #0F4A14; font-weight: bold; }}
QLabel[state="degraded"] {{ color: #5C3B00; font-weight: bold; }}
QLabel[state="fault"], QLabel[state="unknown"] {{ color: {FAULT_BG}; font-weight: bold; }}
"""
