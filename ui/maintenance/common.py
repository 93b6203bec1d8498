"""What the staff screens share: who may open them, the 2-minute idle timeout, and the panel layout
(title, "back to the menu", then everything else in a scroll area so long lists never push the
window beyond the screen).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.maintenance.staff_session import StaffSession
from ui.screens.base import Screen
from ui.theme import INK, RIBBON_BG, SMALL_PX
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MENU = "maintenance"
SIGN_IN = "staff_sign_in"
SIMULATED_BADGE_STYLE = f"background: {RIBBON_BG}; color: {INK}; font-size: {SMALL_PX}px; font-weight: bold; padding: 8px;"


class StaffScreen(Screen):
    """A maintenance screen: not a patient journey, closes itself after the staff idle timeout."""

    is_patient_journey = False
    journey = "staff"  # entering maintenance wipes any patient session that was still open
    permissions: tuple[str, ...] = ()  # any one of them opens the screen; () = any signed-in member

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.maintenance = window.services.maintenance

    @property
    def idle_timeout_s(self) -> int:  # type: ignore[override]
        return self.maintenance.idle_timeout_s

    @property
    def session(self) -> StaffSession:
        return self.maintenance.session

    def available(self) -> bool:
        """False when the service behind the screen is not part of this kiosk."""
        return True

    def allows(self, session: StaffSession) -> bool:
        return self.available() and session.member is not None and (
            not self.permissions or session.can_any(*self.permissions))

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None) -> None:
        """Blocking work on a worker; results come back only if this screen is still showing."""
        def done(result: Any) -> None:
            if on_done is not None and self._window.current is self:
                on_done(result)

        def failed(error: Exception) -> None:
            if on_error is not None and self._window.current is self:
                on_error(error)

        self._window.runner.submit(fn, *args, on_done=done, on_error=failed)

    @property
    def language(self) -> str:
        return self._window.languages.language

    def help_desk(self) -> str:
        return self._window.help_desk()


class PanelScreen(StaffScreen):
    """Title and a "back to the menu" button, then ``self.body`` (a card in a scroll area)."""

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.title = text_label("title", self, f"{self.name}Title")
        self.back_button = secondary_button(self, f"{self.name}Back")
        self.back_button.clicked.connect(lambda: self.navigate.emit(MENU))
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.title, 1)
        top.addWidget(self.back_button)
        self.card = QFrame(self)
        self.card.setObjectName("card")
        self.body = QVBoxLayout(self.card)
        self.body.setContentsMargins(32, 32, 32, 32)
        self.body.setSpacing(20)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.card)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(24)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def relayout(self) -> None:
        """Fit the card to its new contents now, not a turn of the event loop later. Widgets just added
        to a layout are shown only on the next turn, and a layout leaves out hidden widgets: measured
        before that, the card kept the viewport's height and every new row was drawn squeezed to a
        sliver (the staff list in landscape). So they are shown here first."""
        _show_laid_out(self.body)
        self.body.activate()
        self.scroll.setWidgetResizable(True)

    def retranslate(self) -> None:
        # PySide's tr() would look under the subclass's name; this text belongs to PanelScreen.
        self.back_button.setText(QCoreApplication.translate("PanelScreen", "Back to the staff menu"))


class TwoColumns:
    """Keypad side and choices side: one above the other in portrait, side by side in landscape,
    so the keypad and the submit button both fit a 1080-pixel-high screen."""

    def __init__(self, body: QVBoxLayout):
        self.layout = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.layout.setSpacing(32)
        self.first = QVBoxLayout()
        self.second = QVBoxLayout()
        for column in (self.first, self.second):
            column.setSpacing(20)
            self.layout.addLayout(column, 1)
        self.second.addStretch(1)
        body.addLayout(self.layout)

    def add_first(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.first.addWidget(widget)

    def add_second(self, *items: QWidget | QLayout) -> None:
        for item in items:
            at = self.second.count() - 1  # before the stretch
            if isinstance(item, QLayout):
                self.second.insertLayout(at, item)
            else:
                self.second.insertWidget(at, item)

    def apply_orientation(self, landscape: bool, entries: tuple[QWidget, ...] = ()) -> None:
        """``entries`` (what the keypad types into) sit above the keypad in portrait and head the second
        column in landscape, where the keypad alone fills the first."""
        self.layout.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
        for index, widget in enumerate(entries):
            self.first.removeWidget(widget)
            self.second.removeWidget(widget)
            (self.second if landscape else self.first).insertWidget(index, widget)


def _show_laid_out(layout: QLayout) -> None:
    """Show now what Qt would show on the next turn: widgets in ``layout`` (and its nested layouts and
    frames) that nobody hid on purpose."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget, inner = item.widget(), item.layout()
        if widget is not None and not widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            widget.show()
        if widget is not None and widget.layout() is not None:
            _show_laid_out(widget.layout())
        if inner is not None:
            _show_laid_out(inner)


def simulated_badge(parent: QWidget, object_name: str) -> QLabel:
    """The loud yellow mark on anything simulated (same colours as the window's ribbon)."""
    label = text_label("small", parent, object_name)
    label.setStyleSheet(SIMULATED_BADGE_STYLE)
    return label


def clear_layout(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # deleted on the next event-loop turn; until then it must not be drawn
            item.widget().deleteLater()
