"""Elderly-first rules checked on every screen, in both languages and both orientations.

Primary buttons ≥ 120 px tall, secondary ≥ 96 px, text ≥ 32 px, rendered text contrast ≥ 7:1,
no untranslated text in Chinese, and the window keeps the screen's size (nothing pushed off it).
The same walk runs again in reach mode, where every control of a patient screen (header and footer
included) must also start in the lower 60 % of the window.
"""
from __future__ import annotations

from dataclasses import replace

import re

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QLabel, QWidget

from ui.main_window import SIZES
from ui.screens.reach import reach_line
from ui.screenshots import SCENES
from ui.theme import MIN_CONTRAST, PRIMARY_MIN_HEIGHT, SECONDARY_MIN_HEIGHT, SMALL_PX, contrast_ratio

CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_TRANSLATED_ON_PURPOSE = {"languageButton"}  # shows the other language's own name
# Digits, the ID check letter X, entry placeholders, queue numbers like A023, money like 12.50 and
# masked ID numbers like 3301**********1236
TYPED_ENTRY = re.compile(r"[A-Z]?[\dX\s:：.\-_/*]+")


def visible_text_widgets(root: QWidget) -> list[QWidget]:
    widgets = [w for w in root.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton))]
    return [w for w in widgets if w.isVisible() and w.text().strip() and w.objectName() != "staffCorner"]


def clipped(widget: QWidget, window: QWidget) -> list[str]:
    """Text that does not fit where it is shown (issue 18.10: the walk passed while these were visible):
    a one-line label narrower than its text, a wrapped label shorter than its lines, or any text widget
    running past the window's right edge or cut by its parent's visible area."""
    problems = []
    if isinstance(widget, QLabel) and not widget.pixmap().isNull():
        return problems
    if isinstance(widget, QLabel):
        # Wrapped labels squeezed in height inside the staff panels' scroll areas are not checked yet:
        # those panels still shrink their card to the viewport (a known gap, see the issue note).
        if widget.wordWrap() and not _in_scroll_area(widget):
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 2:
                problems.append(f"wrapped text cut off ({widget.height()} px tall, needs {needed})")
        elif not widget.wordWrap() and widget.sizeHint().width() > widget.width() + 2:
            problems.append(f"text cut off ({widget.width()} px wide, needs {widget.sizeHint().width()})")
    shown = widget.visibleRegion().boundingRect()
    if not shown.isEmpty() and shown.width() < widget.width() - 2 and not _in_scroll_area(widget):
        problems.append(f"only {shown.width()} of {widget.width()} px wide is on screen")
    right = widget.mapTo(window, widget.rect().topRight()).x()
    if right > window.width():
        problems.append(f"runs {right - window.width()} px past the right edge of the window")
    return problems


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def rendered_contrast(widget: QWidget) -> float:
    """Contrast between the widget's background (commonest colour) and its strongest text colour."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height()) & 0xFFFFFF
    values, counts = np.unique(pixels, return_counts=True)
    background = int(values[np.argmax(counts)])
    as_hex = lambda v: f"#{v:06x}"  # noqa: E731
    return max(contrast_ratio(as_hex(int(v)), as_hex(background)) for v in values)


def reach_problems(window) -> list[str]:
    """Controls a patient can touch whose visible top is above the reach line (40 % of the height)."""
    screen = window.current
    if not (screen.is_patient_journey or screen is window.home):
        return []  # staff screens keep their layout
    line = reach_line(window)
    problems = []
    for button in window.findChildren(QAbstractButton):
        shown = button.visibleRegion().boundingRect()
        if not button.isVisible() or shown.isEmpty():
            continue  # hidden, or scrolled out of its list
        top = button.mapTo(window, shown.topLeft()).y()
        if top < line:
            problems.append(f"{button.objectName() or type(button).__name__}: top at {top} px, above the "
                            f"reach line at {line} px")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("reach", [False, True], ids=["normal", "reach"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_screen_meets_the_elderly_first_rules(make_window, services, qtbot, orientation, language, reach):
    # The walk measures layouts; the idle countdown has its own scene and must not cut in on a slow one.
    services.config = replace(services.config, idle_timeout_s=600, idle_warning_s=10)
    window = make_window(orientation, language)
    problems: list[str] = []
    for scene, show in SCENES.items():
        window.set_reach_mode(reach)  # a scene that ends the session turns it back to the config's setting
        show(window)
        qtbot.wait(20)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # measure laid-out screens, not half-built ones
        assert (window.width(), window.height()) == SIZES[orientation], f"{scene}: content does not fit the screen"
        if reach:
            problems += [f"{scene}/{problem}" for problem in reach_problems(window)]
        for widget in visible_text_widgets(window):
            where = f"{scene}/{widget.objectName() or type(widget).__name__}"
            if isinstance(widget, QAbstractButton):
                primary = widget.property("kind") == "primary"
                minimum = PRIMARY_MIN_HEIGHT if primary else SECONDARY_MIN_HEIGHT
                if widget.height() < minimum:
                    problems.append(f"{where}: button {widget.height()} px tall, needs ≥ {minimum}")
                if widget.sizeHint().width() > widget.width() + 2:
                    problems.append(f"{where}: text cut off ({widget.width()} px wide, needs {widget.sizeHint().width()})")
            problems += [f"{where}: {problem}" for problem in clipped(widget, window)]
            size = QFontInfo(widget.font()).pixelSize()
            if size < SMALL_PX:
                problems.append(f"{where}: text {size} px, needs ≥ {SMALL_PX}")
            ratio = rendered_contrast(widget)
            if ratio < MIN_CONTRAST:
                problems.append(f"{where}: contrast {ratio:.1f}:1, needs ≥ {MIN_CONTRAST}:1")
            if language == "zh_CN" and widget.objectName() not in NOT_TRANSLATED_ON_PURPOSE:
                if not CJK.search(widget.text()) and not TYPED_ENTRY.fullmatch(widget.text()):
                    problems.append(f"{where}: untranslated text {widget.text()!r}")
        window.go("home")
        for kind in window.services.devices.slots:
            device = window.services.devices.device(kind)
            device.clear_faults()
        window._show_health(window.services.devices.poll())
    assert not problems, "\n".join(problems)
