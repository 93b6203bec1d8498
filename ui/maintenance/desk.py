"""The maintenance screens' controller: it knows the panels and hands one panel's choice to the next
(a payment line → the refund form, a staff member → the PIN form → back to the roster with what was
done), so no staff screen looks another up in the window.

It holds nothing of a patient: the staff member's session is the maintenance service's
(``services.maintenance.session``), and each form starts empty when it is opened.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from kiosk.maintenance.payments_view import PaymentLine

if TYPE_CHECKING:
    from ui.checkin.enrol import EnrolCaptureScreen
    from ui.main_window import MainWindow
    from ui.maintenance.common import StaffScreen
    from ui.maintenance.menu import StaffMenuScreen
    from ui.maintenance.refund_screen import RefundScreen
    from ui.maintenance.staff_form import StaffAccountFormScreen
    from ui.maintenance.staff_panel import StaffAccountsScreen


class MaintenanceDesk:
    """Kept on the window as ``window.maintenance_desk``; ``install`` gives it the screens."""

    def __init__(self, window: "MainWindow") -> None:
        self._go: Callable[[str], None] = window.go
        self.panels: dict[str, StaffScreen] = {}  # the menu's panels, by screen name
        self.menu: StaffMenuScreen | None = None
        self.refund: RefundScreen | None = None
        self.accounts: StaffAccountsScreen | None = None
        self.account_form: StaffAccountFormScreen | None = None
        self.capture: EnrolCaptureScreen | None = None  # staff-assisted face enrolment

    def add_panel(self, screen: "StaffScreen") -> "StaffScreen":
        """A panel the menu offers (to the roles its ``permissions`` name, when ``available()``)."""
        self.panels[screen.name] = screen
        return screen

    def open_refund(self, line: PaymentLine) -> None:
        """"Refund another amount…" on a payment: a fresh refund form for it."""
        self.refund.open_for(line)

    def open_account_form(self, mode: str, staff_id: str) -> None:
        """``add`` a new member, or ``reset`` the PIN of ``staff_id``: a fresh, empty form."""
        self.account_form.open_for(mode, staff_id)

    def account_saved(self, text: str) -> None:
        """The form is done: back to the roster, which says what was done."""
        self._go(self.accounts.name)
        self.accounts.say(text)
