"""Maintenance mode for facility staff: sign-in (staff number or badge QR, then PIN), a menu by role,
and the Devices (with the live camera test), Paper, Wheelchairs, Payments (with the refund form),
Overdue pay-later accounts, Enrolments, Audit, Staff accounts and Kiosk (with "restart services")
panels; plus the out-of-service screen patients see (the way to the counter and a QR).

Reached by the 3-second press on the top-left corner. A navigation guard (``MainWindow.navigation_guards``)
signs the staff member out whenever the window leaves the staff screens (sign out, "back to start",
2 idle minutes), keeps staff screens behind sign-in and their role, and sends patients from every
tile to "out of service" while staff have switched the kiosk off.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from kiosk.maintenance.demo_staff import DEMO_PIN
from kiosk.maintenance.payments_view import PaymentLine
from kiosk.staff import StaffRole
from ui.maintenance.audit_panel import AuditScreen
from ui.maintenance.camera_live import CameraLiveScreen
from ui.maintenance.common import SIGN_IN, StaffScreen
from ui.maintenance.consumables import ConsumablesScreen
from ui.maintenance.desk import MaintenanceDesk
from ui.maintenance.devices import DevicesScreen
from ui.maintenance.enrol_capture import STAFF_CAPTURE_SCREEN, staff_enrol_capture_screen
from ui.maintenance.enrolments_panel import EnrolmentsScreen, find_enrolled
from ui.maintenance.kiosk_panel import KioskScreen
from ui.maintenance.menu import StaffMenuScreen
from ui.maintenance.out_of_service import OUT_OF_SERVICE, OutOfServiceScreen
from ui.maintenance.overdue_panel import OverdueScreen
from ui.maintenance.payments_panel import PaymentsScreen
from ui.maintenance.refund_screen import RefundScreen
from ui.maintenance.sign_in import StaffSignInScreen
from ui.maintenance.staff_form import StaffAccountFormScreen
from ui.maintenance.staff_panel import StaffAccountsScreen
from ui.maintenance.wheelchairs_panel import WheelchairsScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# Home itself is replaced by the out-of-service page, so no patient is offered a service that is not there.
OPEN_WHEN_OUT_OF_SERVICE = {"help", OUT_OF_SERVICE}


def install(window: "MainWindow") -> None:
    desk = window.maintenance_desk = MaintenanceDesk(window)
    desk.capture = staff_enrol_capture_screen(window)
    desk.menu, desk.refund = StaffMenuScreen(window, desk), RefundScreen(window)
    desk.accounts, desk.account_form = StaffAccountsScreen(window, desk), StaffAccountFormScreen(window, desk)
    panels = (DevicesScreen(window), ConsumablesScreen(window), WheelchairsScreen(window), PaymentsScreen(window, desk),
              EnrolmentsScreen(window, desk.capture), OverdueScreen(window), AuditScreen(window), desk.accounts,
              KioskScreen(window))
    for screen in (StaffSignInScreen(window), desk.menu, *panels, CameraLiveScreen(window), desk.refund,
                   desk.account_form, desk.capture, OutOfServiceScreen(window)):
        window.add_screen(screen)
    for panel in panels:
        desk.add_panel(panel)
    window.navigation_guards.append(lambda target, reason: guard_navigation(window, target, reason))


def guard_navigation(window: "MainWindow", target: str, reason: str) -> str:
    """Where ``window.go(target)`` really goes; signs staff out when they leave maintenance mode."""
    maintenance = window.services.maintenance
    session = maintenance.session
    screen = window.screens.get(target)
    if isinstance(screen, StaffScreen):
        return target if screen.allows(session) else SIGN_IN
    if target == STAFF_CAPTURE_SCREEN:  # staff-assisted enrolment: a staff screen built on check-in's capture
        return target if session.member is not None and session.can_any("staff") else SIGN_IN
    member = session.leave()
    if member is not None:
        window.runner.submit(session.record_sign_out, member, reason)
    if maintenance.service_switch.out_of_service and target not in OPEN_WHEN_OUT_OF_SERVICE:
        if screen is None or screen.is_patient_journey or target == "home":
            return OUT_OF_SERVICE
    return target


def sign_in_for_demo(window: "MainWindow", staff_id: str) -> None:
    """Scenes and tests: sign in as a demo account the way a member of staff would (keypad, PIN)."""
    window.go(SIGN_IN)
    screen = window.current
    for key in staff_id:
        screen.keypad.press(key)
    screen.ok_button.click()
    result = window.services.maintenance.session.sign_in(staff_id, DEMO_PIN)
    if not result.ok:
        raise RuntimeError(f"demo staff {staff_id} could not sign in: {result.reason}")
    window.go("maintenance")


def _typed_id(window: "MainWindow", staff_id: str) -> None:
    window.go(SIGN_IN)
    for key in staff_id:
        window.current.keypad.press(key)


def _pin_step(window: "MainWindow") -> None:
    _typed_id(window, "1001")
    screen = window.current
    screen.ok_button.click()
    for key in "147":
        screen.keypad.press(key)


def _wrong_pin(window: "MainWindow") -> None:
    _pin_step(window)
    screen = window.current
    screen.show_error(screen.explain_refusal(window.services.maintenance.staff.sign_in("1001", "000001")))


def _panel(window: "MainWindow", staff_id: str, panel: str) -> None:
    sign_in_for_demo(window, staff_id)
    window.go(panel)


def _enrolment_found(window: "MainWindow") -> None:
    """An enrolled demo patient found by ID number, a reason chosen (nothing deleted)."""
    services = window.services
    patient = services.his.patient("DEMO-001")
    if services.faces.available and not services.faces.is_enrolled(patient.id):
        services.faces.record_consent(patient.id, "staff_assisted", staff_id="9001")
        services.faces.enrol(patient.id, [_demo_template()])
    _panel(window, "9001", "staff_enrolments")
    screen = window.current
    screen._on_found(find_enrolled(services, patient.id_number))
    for key in patient.id_number:
        screen.keypad.press("extra" if key == "X" else key)
    screen._choose("patient_asked")


def _staff_enrol_capture(window: "MainWindow") -> None:
    """Staff-assisted enrolment: DEMO-003 at the camera (the simulated one), a staff member beside them."""
    from ui.maintenance.enrol_capture import start_staff_enrolment

    _panel(window, "9001", "staff_enrolments")
    start_staff_enrolment(window, window.maintenance_desk.capture, "DEMO-003", "9001")


def _demo_template():
    import numpy as np

    vector = np.random.default_rng(7).normal(size=128).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _demo_payment_line(amount_fen: int) -> PaymentLine:
    return PaymentLine("DEMO-ORDER-0001", amount_fen, "paid", True, 0, datetime.now(timezone.utc))


def _refund_form(window: "MainWindow") -> None:
    _panel(window, "2001", "staff_payments")
    window.maintenance_desk.open_refund(_demo_payment_line(35000))
    screen = window.current
    for key in "12.5":
        screen.keypad.press("extra" if key == "." else key)
    screen._choose("charged_twice")


def _refund_second_pin(window: "MainWindow") -> None:
    _refund_form(window)
    screen = window.current
    screen.keypad.clear()
    for key in "250":
        screen.keypad.press(key)
    screen._submit()


def _staff_accounts(window: "MainWindow") -> None:
    """The roster with the demo technician chosen (its actions showing)."""
    _panel(window, "9001", "staff_accounts")
    screen = window.current
    screen._on_roster(window.services.maintenance.staff_admin.roster())
    screen._select("1001")


def _staff_account_name_step(window: "MainWindow") -> None:
    _panel(window, "9001", "staff_accounts")
    window.maintenance_desk.open_account_form("add", "")
    form = window.current
    for key in "1234":
        form.keypad.press(key)
    form._submit()
    form.name_edit.setText("王小明")
    form._choose(StaffRole.TECHNICIAN)


def _paper_counted(window: "MainWindow") -> None:
    """A roll change recorded and two tickets printed since: "about N tickets left"."""
    from kiosk.printing.samples import sample_ticket
    from ui.maintenance.consumables import _paper_and_job

    services = window.services
    services.maintenance.paper_roll.record_new_roll("staff:1001")
    for index in range(2):
        services.printing.print_receipt(sample_ticket(), f"scene-ticket:{index}")
    _panel(window, "1001", "staff_consumables")
    window.current._on_state(_paper_and_job(services))


def _camera_live(window: "MainWindow") -> None:
    """The live camera test with the simulated camera's picture (no face in it) showing."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer

    _panel(window, "1001", "staff_camera_live")
    screen = window.current
    deadline = QDeadlineTimer(5000)
    while screen.last_reading is None and not screen.failure and not deadline.hasExpired():
        QCoreApplication.processEvents()


def _overdue(window: "MainWindow") -> None:
    """The finance list with the demo hospital's overdue accounts loaded."""
    from kiosk.maintenance.overdue_view import overdue_accounts

    _panel(window, "2001", "staff_overdue")
    services = window.services
    window.current._on_accounts(
        overdue_accounts(services.payments, services.his, services.maintenance.session, services.audit))


def _restarted(window: "MainWindow") -> None:
    """The Kiosk panel after "restart services" finished (run here in the foreground)."""
    from kiosk.maintenance.restart import restart_services

    _panel(window, "1001", "staff_kiosk")
    services = window.services
    window.current._on_restarted(
        restart_services(services.devices, services.payments, services.audit, "staff:1001"))


SCENES = {
    "staff-sign-in": lambda w: _typed_id(w, "1001"),
    "staff-sign-in-pin": _pin_step,
    "staff-sign-in-wrong-pin": _wrong_pin,
    "staff-menu-technician": lambda w: sign_in_for_demo(w, "1001"),
    "staff-menu-admin": lambda w: sign_in_for_demo(w, "9001"),
    "staff-devices": lambda w: _panel(w, "1001", "staff_devices"),
    "staff-camera-live": _camera_live,
    "staff-consumables": lambda w: _panel(w, "1001", "staff_consumables"),
    "staff-consumables-counted": _paper_counted,
    "staff-payments": lambda w: _panel(w, "2001", "staff_payments"),
    "staff-overdue": _overdue,
    "staff-audit": lambda w: _panel(w, "9001", "staff_audit"),
    "staff-kiosk-admin": lambda w: _panel(w, "9001", "staff_kiosk"),
    "staff-kiosk-restarted": _restarted,
    "staff-accounts": _staff_accounts,
    "staff-accounts-add-name": _staff_account_name_step,
    "staff-wheelchairs": lambda w: _panel(w, "1001", "staff_wheelchairs"),
    "staff-enrolments-found": _enrolment_found,
    "staff-enrol-capture": _staff_enrol_capture,
    "staff-refund-form": _refund_form,
    "staff-refund-second-pin": _refund_second_pin,
    "out-of-service": lambda w: w.go(OUT_OF_SERVICE),  # what every tile shows while switched off
}
