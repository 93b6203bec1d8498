"""Issue 18.10: lists scroll by a finger dragging them (QScroller), not only by the scrollbar."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui.widgets.touch_scroll import enable_touch_scrolling


def test_every_list_of_the_kiosk_takes_a_dragging_finger(window):
    areas = window.stack.findChildren(QAbstractScrollArea)
    assert areas and all(QScroller.hasScroller(area.viewport()) for area in areas)


def test_dragging_a_list_up_scrolls_it(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    area = QScrollArea(page)
    area.resize(400, 300)
    content = QWidget()
    rows = QVBoxLayout(content)
    for index in range(40):
        rows.addWidget(QLabel(f"row {index}"))
    area.setWidget(content)
    enable_touch_scrolling(page)
    page.resize(400, 300)
    page.show()
    qtbot.waitExposed(page)
    viewport = area.viewport()

    def send(kind, y: int, button, buttons) -> None:
        point = QPointF(200, y)
        event = QMouseEvent(kind, point, viewport.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)
        qtbot.wait(15)

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send(QEvent.Type.MouseButtonPress, 250, left, left)
    for step in range(1, 21):  # a finger moving up 200 px
        send(QEvent.Type.MouseMove, 250 - step * 10, none, left)
    send(QEvent.Type.MouseButtonRelease, 50, left, none)
    qtbot.wait_until(lambda: area.verticalScrollBar().value() > 0, timeout=3000)
    page.close()
