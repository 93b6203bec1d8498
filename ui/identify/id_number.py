"""Type the ID card number on a big keypad (18 characters, the last may be X)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.identity import Lookup, LookupOutcome
from ui.identify.keypad_entry import KeypadEntryScreen, entry_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow


def grouped(number: str) -> str:
    """3301 0219 5001 0112 36 — easier to check against the card."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


class IdNumberScreen(KeypadEntryScreen):
    name = "identify_id"

    def __init__(self, window: "MainWindow", flow: "IdentificationFlow"):
        super().__init__(window.stack, window, flow, max_length=18, extra_key="X")
        self.entry = entry_label(self, "idNumberEntry")
        self.fields.addWidget(self.entry)
        self.keypad.changed.connect(self._on_changed)
        self.ok_button.clicked.connect(self._submit)
        self.retranslate()

    def entered(self) -> None:
        self.keypad.clear()
        self.show_error("")

    def forget(self) -> None:
        self.entered()  # the half-typed digits go with the patient

    def _on_changed(self, text: str) -> None:
        self.entry.setText(grouped(text))
        self.ok_button.setEnabled(len(text) == 18)
        self.show_error("")

    def _submit(self) -> None:
        self.ok_button.setEnabled(False)
        self.lookup(self._window.services.finder.by_id_number, self.keypad.text)

    def explain_result(self, result: Lookup) -> str:
        if result.outcome is LookupOutcome.INVALID:
            return self.tr("This number does not look right. Please check each character against your ID card.")
        return self.tr("We could not find this number. Please check it, or go to %1.").replace("%1", self.help_desk())

    def explain_failure(self) -> str:
        return self.tr("The hospital system did not answer. Please try again, or go to %1.").replace("%1", self.help_desk())

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your ID card number"))
        self.explain.setText(self.tr("Type the 18 characters on your ID card, then press OK."))
        self.ok_button.setText(self.tr("OK"))
        self._on_changed(self.keypad.text)

    def instruction(self) -> str:
        if self._flow.cards.available:
            return self.tr("You can simply place your ID card on the reader. Or type its number on the big keys, "
                           "then press OK.")
        return self.tr("Please type your ID card number on the big keys, then press OK.")
