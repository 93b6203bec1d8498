"""Reach mode: every control of a patient screen in the lower 60 % of the window, for people in a
wheelchair and short people; titles and instructions may stay above.

Works on any screen without the screen's help. A fixed-height pad goes at the top of the screen's own
vertical layout and is sized from what is measured after each layout pass — just enough to bring the
highest control (a button, or a scroll area as a whole) down to the line; trailing stretches give up
their room first. A screen laid out side by side (landscape keypad screens) gets one pad per column,
and widgets standing alone in the row sit at its bottom. A screen whose controls cannot fit below the
line pushes the window beyond the screen, which the accessibility walk reports.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QBoxLayout, QLayout, QSizePolicy, QSpacerItem,
                               QWidget)

REACH_LINE = 0.4  # controls start at or below this fraction of the window's height
_FIT_PASSES = 4  # one pass normally lands; a label that re-wraps may need another
# A pad may shrink (to nothing) when space runs short, so it never pushes the window beyond the screen:
# a screen that cannot fit shows as a control above the line, which the accessibility walk reports.
PAD_POLICY = QSizePolicy.Policy.Maximum


def reach_line(window: QWidget) -> int:
    return math.ceil(REACH_LINE * window.height())


def control_widgets(root: QWidget) -> list[QWidget]:
    """What a patient touches on ``root`` (shown or about to be): buttons, and scroll areas as a whole
    (their content scrolls within them, so the area's top is what counts)."""
    areas = [area for area in root.findChildren(QAbstractScrollArea) if area.isVisibleTo(root)]
    found: list[QWidget] = [area for area in areas
                            if not any(other is not area and other.isAncestorOf(area) for other in areas)]
    for button in root.findChildren(QAbstractButton):
        if button.isVisibleTo(root) and not any(area.isAncestorOf(button) for area in areas):
            found.append(button)
    return found


def _widgets_in(layout: QLayout) -> list[QWidget]:
    widgets: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None:
            widgets.append(item.widget())
        elif item.layout() is not None:
            widgets.extend(_widgets_in(item.layout()))
    return widgets


@dataclass
class _Column:
    layout: QBoxLayout
    spacer: QSpacerItem
    height: int = 0


def _is_vertical(layout: QLayout | None) -> bool:
    return isinstance(layout, QBoxLayout) and layout.direction() in (QBoxLayout.Direction.TopToBottom,
                                                                     QBoxLayout.Direction.BottomToTop)


class ReachPad:
    """The pads of one screen; ``fit()`` after every layout pass while reach mode is on."""

    def __init__(self, screen: QWidget):
        self._screen = screen
        self._columns: list[_Column] = []
        self._bottom_aligned: list[tuple[QBoxLayout, QWidget, Qt.AlignmentFlag]] = []
        self._fitting = False

    @property
    def active(self) -> bool:
        return bool(self._columns or self._bottom_aligned)

    @property
    def heights(self) -> list[int]:
        return [column.height for column in self._columns]

    def switch(self, on: bool) -> None:
        """Put the pads in (for the screen's present orientation) or take them out. Keypads shrink their
        keys to the 96 px minimum meanwhile, so a keypad and its entry fit below the line."""
        self._take_out()
        if on:
            self._put_in()
        for widget in self._screen.findChildren(QWidget):
            if hasattr(widget, "set_compact"):
                widget.set_compact(on)

    def _put_in(self) -> None:
        top = self._screen.layout()
        if _is_vertical(top):
            self._add_column(top)
        elif isinstance(top, QBoxLayout):  # side by side: each column on its own, lone widgets at the bottom
            for index in range(top.count()):
                item = top.itemAt(index)
                if _is_vertical(item.layout()):
                    self._add_column(item.layout())
                elif item.widget() is not None:  # e.g. a keypad: at the bottom of the row
                    widget = item.widget()
                    self._bottom_aligned.append((top, widget, item.alignment()))
                    top.setAlignment(widget, Qt.AlignmentFlag.AlignBottom)
        if top is not None:
            top.invalidate()

    def _add_column(self, layout: QBoxLayout) -> None:
        spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, PAD_POLICY)
        layout.insertItem(0, spacer)
        self._columns.append(_Column(layout, spacer))

    def _take_out(self) -> None:
        for column in self._columns:
            column.layout.removeItem(column.spacer)
            column.layout.invalidate()
        for layout, widget, alignment in self._bottom_aligned:
            layout.setAlignment(widget, alignment)
            layout.invalidate()
        self._columns = []
        self._bottom_aligned = []

    def fit(self) -> None:
        """Grow or shrink each pad so its column's highest control is on the line (never above it)."""
        if not self._columns or self._fitting or not self._screen.isVisible():
            return
        window = self._screen.window()
        line = reach_line(window)
        self._fitting = True
        try:
            for _ in range(_FIT_PASSES):
                changed = False
                for column in self._columns:
                    changed |= self._fit_column(column, window, line)
                if not changed:
                    return
                top = self._screen.layout()
                top.invalidate()
                top.activate()
        finally:
            self._fitting = False

    def _fit_column(self, column: _Column, window: QWidget, line: int) -> bool:
        every = control_widgets(self._screen)
        if column.layout is self._screen.layout():
            controls = every
        else:
            mine = _widgets_in(column.layout)
            controls = [control for control in every
                        if any(widget is control or widget.isAncestorOf(control) for widget in mine)]
        if not controls:
            return False
        highest = min(widget.mapTo(window, QPoint(0, 0)).y() for widget in controls)
        wanted = max(0, column.height + line - highest)
        if wanted == column.height:
            return False
        column.height = wanted
        column.spacer.changeSize(0, wanted, QSizePolicy.Policy.Minimum, PAD_POLICY)
        column.layout.invalidate()
        return True
