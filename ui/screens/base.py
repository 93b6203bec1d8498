"""What every screen shares: a name, a spoken instruction, and retranslation on language change."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ui.screens.reach import ReachPad


class Screen(QWidget):
    """Subclasses set ``name``, build widgets, and implement ``retranslate`` and ``instruction``.

    Translated strings live in the subclasses (PySide's ``tr`` uses the concrete class as context).
    """

    name = "screen"
    journey = ""  # the patient session this screen belongs to ("checkin", "pay", …); "" = its own name
    is_patient_journey = True  # False for home and staff screens: the idle countdown is not armed there
    idle_timeout_s: int | None = None  # set on staff screens: arm the countdown there with this timeout
    navigate = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(self.name)
        self._reach = ReachPad(self)
        self.reach_mode = False

    def retranslate(self) -> None:
        """Set every visible text again in the current language."""

    def instruction(self) -> str:
        """What the screen asks of the patient, said aloud when it appears."""
        return ""

    def apply_orientation(self, landscape: bool) -> None:
        """Rearrange for a landscape (True) or portrait screen; called before the window is resized."""

    def entered(self) -> None:
        """Called each time the screen is shown."""

    def forget(self) -> None:
        """The patient session ended: clear every widget that shows something of the patient (typed
        digits, names, amounts). Screens that show patient data override this (``clear_texts`` helps)."""

    def clear_texts(self) -> None:
        """Empty every label (text and picture) and entry of this screen, then set its fixed texts again."""
        for label in self.findChildren(QLabel):
            label.clear()
        for entry in self.findChildren(QLineEdit):
            entry.clear()
        self.retranslate()

    def set_reach_mode(self, on: bool) -> None:
        """Reach mode on or off (``MainWindow.set_reach_mode`` calls this on every patient screen)."""
        self.reach_mode = on
        self.apply_reach_mode(on)
        self._reach.switch(on)
        self._reach.fit()

    def apply_reach_mode(self, on: bool) -> None:
        """For a screen that needs its own reach layout (e.g. a keypad beside its entry field) before the
        shared pad brings the controls down; most screens need nothing here."""

    def fit_reach(self) -> None:
        """Re-measure the reach pad now (after content changed size); a no-op outside reach mode."""
        self._reach.fit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.reach_mode:
            self._reach.fit()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.reach_mode:
            self._reach.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.reach_mode:
            self._reach.fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
