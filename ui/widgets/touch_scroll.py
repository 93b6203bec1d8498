"""Lists scroll by dragging them with a finger (kinetic, like a phone), not only by the thin scrollbar.

Kiosk touch screens usually arrive as mouse events, so the left-button gesture is grabbed: it serves
touch and mouse alike. The window calls ``enable_touch_scrolling`` once all screens are built.
"""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QScrollerProperties, QWidget


def enable_touch_scrolling(root: QWidget) -> list[QAbstractScrollArea]:
    """Every scroll area under ``root`` follows a dragging finger; returns them."""
    areas = root.findChildren(QAbstractScrollArea)
    for area in areas:
        QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        scroller = QScroller.scroller(area.viewport())
        properties = scroller.scrollerProperties()
        # A tap on a button in a list goes through at once (QScroller holds presses back 0.25 s by
        # default to see whether they become a drag, and a quick tap was lost).
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
        scroller.setScrollerProperties(properties)
    return areas
