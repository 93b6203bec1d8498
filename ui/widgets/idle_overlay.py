"""The last seconds before the kiosk returns home: a big countdown, "more time" and "finish"."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label


class IdleOverlay(QWidget):
    more_time = Signal()
    finish = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card = QFrame(self)
        card.setObjectName("idleCard")
        self.title = text_label("title", card, "idleTitle", centred=True)
        self.seconds = text_label("countdown", card, "idleSeconds", centred=True)
        self.explain = text_label("body", card, "idleExplain", centred=True)
        self.more_button = primary_button(card, "moreTime")
        self.finish_button = secondary_button(card, "finishNow")
        self.more_button.clicked.connect(self.more_time)
        self.finish_button.clicked.connect(self.finish)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 48, 48, 48)
        inner.setSpacing(28)
        for widget in (self.title, self.seconds, self.explain, self.more_button, self.finish_button):
            inner.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(80, 80, 80, 80)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self._outer = outer
        self.retranslate()
        self.hide()

    def set_reach_mode(self, on: bool) -> None:
        """Reach mode: the card sits at the bottom, so "more time" is within reach from a wheelchair."""
        self._outer.setStretch(2, 0 if on else 1)

    def show_seconds(self, seconds: int) -> None:
        self.seconds.setText(str(seconds))
        self.explain.setText(self.tr("If you do nothing, the kiosk will return to the start in %n second(s) and forget your details.", "", seconds))
        if self.isHidden():
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.more_button.setText(self.tr("I need more time"))
        self.finish_button.setText(self.tr("Finish now"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
