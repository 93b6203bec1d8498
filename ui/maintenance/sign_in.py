"""Staff sign-in: staff number (typed, or read from a badge QR by the scanner), then a 6-digit PIN.

The PIN check (scrypt) runs on a worker. Wrong PINs count towards the lock kept by
``kiosk.staff.StaffDirectory``; the screen says how many tries are left, or until when the number is
locked, in plain words.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.clock import to_local
from kiosk.maintenance.staff_session import staff_id_from_badge
from kiosk.staff import PIN_PATTERN, STAFF_ID_PATTERN, SignInResult
from ui.identify.keypad_entry import entry_label
from ui.maintenance.common import MENU, StaffScreen
from ui.theme import INK, WHITE
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.keypad import Keypad
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PIN_LENGTH = 6


class PinDots(QWidget):
    """Six circles filled as digits are typed: shows progress, never the digits."""

    def __init__(self, parent: QWidget, length: int = PIN_LENGTH):
        super().__init__(parent)
        self.setObjectName("pinDots")
        self.length = length
        self.filled = 0
        self.setMinimumHeight(80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_filled(self, count: int) -> None:
        self.filled = count
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.length * 72, 80)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(INK), 4))
        diameter = 48
        for index in range(self.length):
            painter.setBrush(QColor(INK) if index < self.filled else QColor(WHITE))
            painter.drawEllipse(QRectF(8 + index * 72, 16, diameter, diameter))


class StaffSignInScreen(StaffScreen):
    name = "staff_sign_in"

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.step = "id"
        self.staff_id = ""
        self._checking = False
        self.title = text_label("title", self, "staffSignInTitle")
        self.explain = text_label("body", self, "staffSignInExplain")
        self.id_entry = entry_label(self, "staffIdEntry")
        self.pin_dots = PinDots(self)
        self.error = text_label("error", self, "staffSignInError")
        self.ok_button = primary_button(self, "staffSignInOk")
        self.back_button = secondary_button(self, "staffSignInBack")
        self.keypad = Keypad(self, max_length=8)
        self.keypad.changed.connect(self._on_typed)
        self.ok_button.clicked.connect(self._submit)
        self.back_button.clicked.connect(self._back)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.ok_button, 1)
        side = QVBoxLayout()
        side.setSpacing(20)
        for widget in (self.title, self.explain, self.id_entry, self.pin_dots, self.error):
            side.addWidget(widget)
        side.addStretch(1)
        side.addLayout(buttons)
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(48, 24, 48, 24)
        self._layout.setSpacing(32)
        self._layout.addLayout(side, 1)
        self._layout.addWidget(self.keypad, 1)
        self._show_step("id")

    def allows(self, session) -> bool:  # type: ignore[override]
        return True  # the way in

    def apply_orientation(self, landscape: bool) -> None:
        self._layout.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        self.staff_id = ""
        self._checking = False
        self._show_step("id")
        self.show_error("")

    # --- steps ---------------------------------------------------------------------------------------

    def _show_step(self, step: str) -> None:
        self.step = step
        self.keypad.max_length = 8 if step == "id" else PIN_LENGTH
        self.keypad.clear()
        self.id_entry.setVisible(step == "id")
        self.pin_dots.setVisible(step == "pin")
        self.retranslate()
        if step == "id":
            self._listen_for_badge()
        else:
            self._window.scanner.stop_listening(self)

    def _on_typed(self, text: str) -> None:
        if self.step == "id":
            self.id_entry.setText(text)
        else:
            self.pin_dots.set_filled(len(text))
        if text:
            self.show_error("")

    def _submit(self) -> None:
        typed = self.keypad.text
        if self.step == "id":
            if not STAFF_ID_PATTERN.fullmatch(typed):
                self.show_error(self.tr("A staff number has 4 to 8 digits. Please type it again."))
                return
            self.staff_id = typed
            self._show_step("pin")
            return
        if self._checking:
            return
        if not PIN_PATTERN.fullmatch(typed):
            self.show_error(self.tr("The PIN has 6 digits. Please type it again."))
            return
        self._checking = True
        self.ok_button.setEnabled(False)
        self.explain.setText(self.tr("Checking…"))
        self.run(self.session.sign_in, self.staff_id, typed, on_done=self._on_result, on_error=self._on_failure)
        self.keypad.clear()

    def _back(self) -> None:
        if self.step == "pin" and not self._checking:
            self._show_step("id")
        else:
            self.navigate.emit("home")

    def _on_result(self, result: SignInResult) -> None:
        self._checking = False
        self.ok_button.setEnabled(True)
        if result.ok:
            self.navigate.emit(MENU)
            return
        self._show_step("id" if result.reason == "locked" else "pin")
        self.show_error(self.explain_refusal(result))

    def _on_failure(self, _: Exception) -> None:
        self._checking = False
        self.ok_button.setEnabled(True)
        self._show_step("pin")
        self.show_error(self.tr("The PIN could not be checked. Please try again, or sign in at another kiosk."))

    def explain_refusal(self, result: SignInResult) -> str:
        if result.reason == "locked":
            until = to_local(result.locked_until).strftime("%H:%M") if result.locked_until else ""
            return self.tr("Staff number %1 is locked after too many wrong PINs. Try again after %2, "
                           "or ask an administrator to set a new PIN.").replace("%1", self.staff_id).replace("%2", until)
        if result.reason == "inactive":
            return self.tr("This staff account is switched off. Please ask an administrator.")
        return self.tr("The staff number or the PIN is not right. %n more wrong PIN(s) will lock this number.",
                       "", result.attempts_left)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # --- badge ---------------------------------------------------------------------------------------

    def _listen_for_badge(self) -> None:
        """On the staff number step, a badge under the scanner fills it in (a faulty scanner is not
        explained here: staff type the number, and the fault banner names the scanner)."""
        self._window.scanner.listen(self, self._on_code)

    def _on_code(self, code: str) -> None:
        staff_id = staff_id_from_badge(code)
        if staff_id is None:
            self.show_error(self.tr("This code is not a staff badge. Please type your staff number."))
            self._listen_for_badge()
        else:
            self.staff_id = staff_id
            self._show_step("pin")

    # --- texts ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff sign-in"))
        if self.step == "id":
            self.explain.setText(self.tr("Type your staff number, or hold your staff badge under the code scanner."))
            self.ok_button.setText(self.tr("Next"))
            self.back_button.setText(self.tr("Cancel"))
        else:
            self.explain.setText(self.tr("Staff number %1: type your 6-digit PIN.").replace("%1", self.staff_id))
            self.ok_button.setText(self.tr("Sign in"))
            self.back_button.setText(self.tr("Back"))
