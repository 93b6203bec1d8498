"""What every screen shares: a name, a spoken instruction, and retranslation on language change."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget


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

    def retranslate(self) -> None:
        """Set every visible text again in the current language."""

    def instruction(self) -> str:
        """What the screen asks of the patient, said aloud when it appears."""
        return ""

    def apply_orientation(self, landscape: bool) -> None:
        """Rearrange for a landscape (True) or portrait screen; called before the window is resized."""

    def entered(self) -> None:
        """Called each time the screen is shown."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
