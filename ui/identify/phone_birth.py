"""Phone number and birth date on one keypad: 11 digits of phone, then 8 of birth date (YYYYMMDD)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

from kiosk.identity import Lookup, LookupOutcome
from ui.identify.keypad_entry import KeypadEntryScreen, entry_label
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow

PHONE_DIGITS = 11
BIRTH_DIGITS = 8


def show_birth_date(digits: str) -> str:
    """``1950`` → ``1950-__-__`` so the patient sees which part comes next."""
    padded = digits.ljust(BIRTH_DIGITS, "_")
    return f"{padded[:4]}-{padded[4:6]}-{padded[6:]}"


class PhoneBirthScreen(KeypadEntryScreen):
    name = "identify_phone"

    def __init__(self, window: "MainWindow", flow: "IdentificationFlow"):
        super().__init__(window.stack, window, flow, max_length=PHONE_DIGITS + BIRTH_DIGITS)
        self.phone_caption = text_label("body", self, "phoneCaption")
        self.phone = entry_label(self, "phoneEntry")
        self.birth_caption = text_label("body", self, "birthCaption")
        self.birth = entry_label(self, "birthEntry")
        self._pairs = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._pairs.setSpacing(16)
        for caption, entry in ((self.phone_caption, self.phone), (self.birth_caption, self.birth)):
            pair = QVBoxLayout()
            pair.setSpacing(8)
            pair.addWidget(caption)
            pair.addWidget(entry)
            self._pairs.addLayout(pair, 1)
        self.fields.addLayout(self._pairs)
        self.keypad.changed.connect(self._on_changed)
        self.ok_button.clicked.connect(self._submit)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        super().apply_orientation(landscape)
        # Side by side in landscape: the left half is wide enough, and the screen is not tall enough.
        self._pairs.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        self.keypad.clear()
        self.show_error("")

    def forget(self) -> None:
        self.entered()  # the half-typed digits go with the patient

    def _on_changed(self, text: str) -> None:
        phone, birth = text[:PHONE_DIGITS], text[PHONE_DIGITS:]
        self.phone.setText(phone or " ")
        self.birth.setText(show_birth_date(birth))
        typing_phone = len(phone) < PHONE_DIGITS
        self.phone.setProperty("active", typing_phone)
        self.birth.setProperty("active", not typing_phone)
        self.ok_button.setEnabled(len(text) == PHONE_DIGITS + BIRTH_DIGITS)
        self.show_error("")

    def _submit(self) -> None:
        self.ok_button.setEnabled(False)
        text = self.keypad.text
        self.lookup(self._window.services.finder.by_phone_and_birth_date, text[:PHONE_DIGITS], text[PHONE_DIGITS:])

    def explain_result(self, result: Lookup) -> str:
        if result.outcome is LookupOutcome.INVALID:
            return self.tr("The phone number or the birth date does not look right. Please check them.")
        if result.outcome is LookupOutcome.AMBIGUOUS:
            return self.tr("More than one patient matches. Please use your ID card, or go to %1.").replace("%1", self.help_desk())
        return self.tr("We could not find you with these details. Please check them, or go to %1.").replace("%1", self.help_desk())

    def explain_failure(self) -> str:
        return self.tr("The hospital system did not answer. Please try again, or go to %1.").replace("%1", self.help_desk())

    def retranslate(self) -> None:
        self.title.setText(self.tr("Phone number and birth date"))
        self.explain.setText(self.tr("Type your mobile phone number, then your birth date: year, month, day."))
        self.phone_caption.setText(self.tr("Mobile phone (11 digits)"))
        self.birth_caption.setText(self.tr("Birth date (year-month-day)"))
        self.ok_button.setText(self.tr("OK"))
        self._on_changed(self.keypad.text)

    def instruction(self) -> str:
        return self.tr("Please type your mobile phone number, then your birth date, then press OK.")
