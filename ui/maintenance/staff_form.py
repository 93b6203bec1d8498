"""The keypad form behind the staff accounts panel: a new member (staff number → name and role → PIN →
the same PIN again) or a new PIN for an existing member (PIN → PIN again).

PINs show as dots, never as digits; the PIN is typed twice on the keypad and compared by
``StaffAdmin``, which also hashes it on the worker and audits the change.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from kiosk.maintenance.staff_admin import StaffAdminRefused
from kiosk.maintenance.staff_session import PermissionDenied
from kiosk.staff import NAME_MAX_LENGTH, PIN_PATTERN, STAFF_ID_PATTERN, StaffRole
from ui.identify.keypad_entry import entry_label
from ui.maintenance.common import PanelScreen, TwoColumns
from ui.maintenance.sign_in import PIN_LENGTH, PinDots
from ui.maintenance.staff_panel import STAFF_ACCOUNT_FORM, STAFF_ACCOUNTS, refusal_text, role_text
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.maintenance.desk import MaintenanceDesk

ADD_STEPS = ("staff_id", "name", "pin", "pin_again")
RESET_STEPS = ("pin", "pin_again")


class StaffAccountFormScreen(PanelScreen):
    name = STAFF_ACCOUNT_FORM
    permissions = ("staff",)

    def __init__(self, window: "MainWindow", desk: "MaintenanceDesk"):
        super().__init__(window)
        self._desk = desk
        self.back_button.clicked.disconnect()
        self.back_button.clicked.connect(lambda: self.navigate.emit(STAFF_ACCOUNTS))
        self.explain = text_label("body", self.card, "staffFormExplain")
        self.entry = entry_label(self.card, "staffFormEntry")
        self.pin_dots = PinDots(self.card)
        self.keypad = Keypad(self.card, max_length=8)
        self.keypad.changed.connect(self._on_typed)
        self.name_edit = QLineEdit(self.card)
        self.name_edit.setObjectName("staffFormName")
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.name_edit.setMinimumHeight(96)
        self.role_buttons = {role: secondary_button(self.card, f"staffFormRole_{role.value}") for role in StaffRole}
        self.roles = QWidget(self.card)
        roles = QHBoxLayout(self.roles)
        roles.setContentsMargins(0, 0, 0, 0)
        roles.setSpacing(16)
        for role, button in self.role_buttons.items():
            button.setParent(self.roles)
            button.clicked.connect(lambda _=False, chosen=role: self._choose(chosen))
            roles.addWidget(button)
        self.role_chosen = text_label("body", self.card, "staffFormRoleChosen")
        self.error = text_label("error", self.card, "staffFormError")
        self.next_button = primary_button(self.card, "staffFormNext")
        self.next_button.clicked.connect(self._submit)
        self.body.addWidget(self.explain)
        self.columns = TwoColumns(self.body)
        # The name step has no keypad: the name and the roles take the keypad's place.
        self.columns.add_first(self.entry, self.pin_dots, self.keypad, self.name_edit, self.roles)
        self.columns.add_second(self.role_chosen, self.error, self.next_button)
        self.body.addStretch(1)
        self.mode = "add"
        self.steps: tuple[str, ...] = ADD_STEPS
        self.step = "staff_id"
        self.staff_id = ""
        self.role: StaffRole | None = None
        self.pin = ""
        self._busy = False
        self._show_step("staff_id")

    def apply_orientation(self, landscape: bool) -> None:
        self.columns.apply_orientation(landscape, (self.entry, self.pin_dots))

    def open_for(self, mode: str, staff_id: str) -> None:
        """``add`` a new member, or ``reset`` the PIN of ``staff_id``; always a fresh, empty form."""
        self.mode = mode
        self.steps = ADD_STEPS if mode == "add" else RESET_STEPS
        self.staff_id = staff_id
        self.role = None
        self.pin = ""
        self._busy = False
        self.name_edit.clear()
        self._show_step(self.steps[0])
        self.navigate.emit(self.name)

    def entered(self) -> None:
        if self.mode == "reset" and not self.staff_id:
            self.navigate.emit(STAFF_ACCOUNTS)

    def _show_step(self, step: str) -> None:
        self.step = step
        self.keypad.clear()
        self.keypad.max_length = PIN_LENGTH if step.startswith("pin") else 8
        typing = step != "name"
        self.keypad.setVisible(typing)
        self.entry.setVisible(step == "staff_id")
        self.pin_dots.setVisible(step.startswith("pin"))
        self.name_edit.setVisible(step == "name")
        self.roles.setVisible(step == "name")
        self.next_button.setEnabled(True)
        self._show_error("")
        self.retranslate()
        if step == "name":
            self.name_edit.setFocus()

    def _on_typed(self, text: str) -> None:
        if self.step.startswith("pin"):
            self.pin_dots.set_filled(len(text))
        else:
            self.entry.setText(text)
        self._show_error("")

    def _choose(self, role: StaffRole) -> None:
        self.role = role
        self.retranslate()

    def _submit(self) -> None:
        if self._busy:
            return
        typed = self.keypad.text
        if self.step == "staff_id":
            if not STAFF_ID_PATTERN.fullmatch(typed):
                self._show_error(refusal_text(StaffAdminRefused("bad_id")))
                return
            self.staff_id = typed
        elif self.step == "name":
            if not self.name_edit.text().strip():
                self._show_error(refusal_text(StaffAdminRefused("bad_name")))
                return
            if self.role is None:
                self._show_error(self.tr("Please choose the role."))
                return
        elif self.step == "pin":
            if not PIN_PATTERN.fullmatch(typed):
                self._show_error(self.tr("The PIN has 6 digits. Please type it again."))
                return
            self.pin = typed
        else:
            self._save(typed)
            return
        self._show_step(self.steps[self.steps.index(self.step) + 1])

    def _save(self, pin_again: str) -> None:
        admin = self.maintenance.staff_admin
        self._busy = True
        self.next_button.setEnabled(False)
        if self.mode == "add":
            self.run(admin.add, self.staff_id, self.name_edit.text(), self.role, self.pin, pin_again,
                     on_done=lambda _: self._on_saved(), on_error=self._on_refused)
        else:
            self.run(admin.reset_pin, self.staff_id, self.pin, pin_again,
                     on_done=lambda _: self._on_saved(), on_error=self._on_refused)

    def _on_saved(self) -> None:
        self._busy = False
        text = (self.tr("Staff number %1 was added and can sign in now.") if self.mode == "add"
                else self.tr("Staff number %1 has a new PIN (and is unlocked)."))
        self._desk.account_saved(text.replace("%1", self.staff_id))

    def _on_refused(self, error: Exception) -> None:
        self._busy = False
        if isinstance(error, StaffAdminRefused):
            back_to = {"bad_id": "staff_id", "duplicate": "staff_id", "bad_name": "name"}.get(error.code, "pin")
            self._show_step(back_to if back_to in self.steps else self.steps[0])
            self._show_error(refusal_text(error))
        elif isinstance(error, PermissionDenied):
            self._show_error(self.tr("Only an administrator may manage staff accounts."))
        else:
            self.next_button.setEnabled(True)
            self._show_error(self.tr("Nothing was saved: %1").replace("%1", str(error) or type(error).__name__))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def retranslate(self) -> None:
        super().retranslate()
        self.back_button.setText(self.tr("Back to staff accounts"))
        self.title.setText(self.tr("Add a staff member") if self.mode == "add" else self.tr("New PIN"))
        self.explain.setText({
            "staff_id": self.tr("Type the new staff number (4 to 8 digits)."),
            "name": self.tr("Type the name with the keyboard, then choose the role."),
            "pin": self.tr("Staff number %1: type a 6-digit PIN. Do not use one digit repeated or a run like "
                           "123456.").replace("%1", self.staff_id),
            "pin_again": self.tr("Type the same PIN again."),
        }[self.step])
        self.name_edit.setPlaceholderText(self.tr("Name"))
        for role, button in self.role_buttons.items():
            button.setText(role_text(role))
        self.role_chosen.setText(self.tr("Role: %1").replace("%1", role_text(self.role)) if self.role else "")
        self.role_chosen.setVisible(self.step == "name" and self.role is not None)
        last = self.step == self.steps[-1]
        self.next_button.setText(self.tr("Save") if last else self.tr("Next"))
        self.keypad.retranslate()
        self.relayout()
