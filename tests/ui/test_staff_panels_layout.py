"""Staff panels read whole in both orientations and languages: a list built after the panel opened
(the staff roster with one member's actions open) gets its full height in the scroll area instead of
being squeezed into the visible part (issue 18: rows drawn as slivers in landscape)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFrame, QLabel, QPushButton

from staff_screens import click, sign_in_staff


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_staff_row_and_its_buttons_keep_their_height(make_window, qtbot, orientation, language):
    window = make_window(orientation, language)
    menu = sign_in_staff(window, qtbot, "9001")
    click(qtbot, menu.panel_buttons["staff_accounts"])
    accounts = window.current
    qtbot.wait_until(lambda: "manage_1001" in accounts.action_buttons, timeout=10_000)
    click(qtbot, accounts.action_buttons["manage_1001"])  # opens the row's actions: the list grows
    rows = [frame for frame in accounts.card.findChildren(QFrame) if frame.parent() is accounts.card
            and frame.isVisible()]
    assert len(rows) == 3
    assert accounts.card.height() >= accounts.card.minimumSizeHint().height()
    for row in rows:
        assert row.height() >= row.minimumSizeHint().height()
        for label in row.findChildren(QLabel):
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    buttons = [b for b in accounts.card.findChildren(QPushButton) if b.isVisible()]
    assert len(buttons) >= 6 and min(b.height() for b in buttons) >= 120
