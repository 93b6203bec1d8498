"""New patient file (建档) from an ID card: the card's details shown masked, a mobile number on the big
keypad (optional unless the hospital requires it), one button to create the file through the HIS.

The card lives in the identify journey's controller (``IdentificationFlow.new_file_card``, forgotten
with the session) and in these labels only while this screen is shown; ``forget()`` empties both
whenever another screen comes up.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout

from devices.protocols import IdCard
from kiosk.his.masking import mask_id_number, mask_name
from kiosk.his.port import HisError, Patient
from kiosk.id_card import FileRefusal, NewFileRefused
from ui.identify.keypad_entry import KeypadEntryScreen, entry_label
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.identify.flow import IdentificationFlow
    from ui.main_window import MainWindow

PHONE_DIGITS = 11


class NewPatientFileScreen(KeypadEntryScreen):
    name = "identify_new_file"

    def __init__(self, window: "MainWindow", flow: "IdentificationFlow"):
        super().__init__(window.stack, window, flow, max_length=PHONE_DIGITS)
        details = QFrame(self)
        details.setObjectName("card")
        grid = QGridLayout(details)
        grid.setContentsMargins(32, 12, 32, 12)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        self.captions = [text_label("body", details, f"newFileCaption{i}") for i in range(4)]
        for caption in self.captions:
            caption.setWordWrap(False)
        self.values = [text_label("body", details, f"newFileValue{i}") for i in range(4)]
        for index, (caption, value) in enumerate(zip(self.captions, self.values)):
            grid.addWidget(caption, index // 2, (index % 2) * 2)
            grid.addWidget(value, index // 2, (index % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.phone_caption = text_label("body", self, "newFilePhoneCaption")
        self.phone = entry_label(self, "newFilePhone")
        self._phone_pair = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._phone_pair.setSpacing(8)
        self._phone_pair.addWidget(self.phone_caption)
        self._phone_pair.addWidget(self.phone, 1)
        self.fields.addWidget(details)
        self.fields.addLayout(self._phone_pair)
        self.keypad.changed.connect(self._on_changed)
        self.ok_button.clicked.connect(self._submit)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        super().apply_orientation(landscape)
        # A landscape screen is not tall enough: the title says what the explanation says, and the
        # phone number's caption sits beside its entry.
        self.explain.setVisible(not landscape)
        self._phone_pair.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                      else QBoxLayout.Direction.TopToBottom)

    # Showing and forgetting ------------------------------------------------------------------------

    @property
    def _card(self) -> IdCard | None:
        """The card read (``IdentificationFlow.open_new_patient_file``), held by the identify journey."""
        return self._flow.new_file_card

    def forget(self) -> None:
        """Nothing of the card stays in a widget, or in the journey, once this screen is left."""
        self._flow.new_file_card = None
        self.keypad.clear()
        for label in self.values:
            label.clear()
        self.error.clear()
        self.error.hide()

    def entered(self) -> None:
        self.keypad.clear()
        self.show_error("")
        self.ok_button.setEnabled(True)
        self._show_card()

    # Creating the file -----------------------------------------------------------------------------

    @property
    def _phone_required(self) -> bool:
        return self._window.services.cards.phone_required

    def _on_changed(self, text: str) -> None:
        self.phone.setText(text or " ")
        complete = len(text) == PHONE_DIGITS
        self.ok_button.setEnabled(complete or (not text and not self._phone_required))
        self.show_error("")

    def _submit(self) -> None:
        card = self._card
        if card is None:
            self.navigate.emit("identify")
            return
        self.ok_button.setEnabled(False)
        self._window.runner.submit(self._window.services.cards.open_patient_file, card, self.keypad.text,
                                   on_done=self._flow.for_this_patient(self._created),
                                   on_error=self._flow.for_this_patient(self._refused))

    def _created(self, patient: Patient) -> None:
        if self._window.current is self:
            self._flow.identified(patient, "id_card")

    def _refused(self, error: Exception) -> None:
        self.ok_button.setEnabled(True)
        desk = self.help_desk()
        if isinstance(error, NewFileRefused):
            texts = {
                FileRefusal.EXPIRED: self.tr("This ID card has expired. Please renew it, or go to %1."),
                FileRefusal.INVALID_CARD: self.tr("The details on this card cannot be used for a patient file. "
                                                  "Please go to %1."),
                FileRefusal.PHONE_REQUIRED: self.tr("Please type your mobile phone number first."),
                FileRefusal.PHONE_INVALID: self.tr("This phone number does not look right. Please check it: "
                                                   "11 digits, starting with 1."),
            }
            self.show_error(texts[error.reason].replace("%1", desk))
        elif isinstance(error, HisError):
            self.show_error(self.tr("The hospital would not open a file with these details. Please go to %1.")
                            .replace("%1", desk))
        else:
            self.show_error(self.tr("The hospital system did not answer. Nothing was saved. Please try again, "
                                    "or go to %1.").replace("%1", desk))

    # Texts -----------------------------------------------------------------------------------------

    def _show_card(self) -> None:
        card = self._card
        if card is None:
            return
        sex = self.tr("Male") if card.sex == "M" else self.tr("Female")
        values = (mask_name(card.name), sex, card.birth_date.isoformat(), mask_id_number(card.id_number))
        for label, value in zip(self.values, values):
            label.setText(value)

    def retranslate(self) -> None:
        self.title.setText(self.tr("New patient file"))
        self.explain.setText(self.tr("You are new here. Your file will hold these details from your ID card."))
        for label, text in zip(self.captions, (self.tr("Name"), self.tr("Sex"), self.tr("Born"),
                                               self.tr("ID"))):
            label.setText(text)
        self.phone_caption.setText(self.tr("Mobile phone, 11 digits (needed)") if self._phone_required else
                                   self.tr("Mobile phone, 11 digits (may stay empty)"))
        self.ok_button.setText(self.tr("Open my patient file"))
        self._on_changed(self.keypad.text)
        self._show_card()

    def instruction(self) -> str:
        if self._phone_required:
            return self.tr("You are new to this hospital. Please type your mobile phone number, then press "
                           "Open my patient file.")
        return self.tr("You are new to this hospital. You may type your mobile phone number, then press "
                       "Open my patient file.")
