"""The Pay journey: identify → the bill with the insurance split → mobile-pay QR, scan my payment
code, or treat first, pay later → paid: invoice printed and shown, "payment complete" said."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ui.payment.bill_screen import PayBillScreen
from ui.payment.code_screen import PayCodeScreen
from ui.payment.done_screen import PayDoneScreen
from ui.payment.journey import PaymentJourney
from ui.payment.later_screen import PayLaterScreen
from ui.payment.qr_screen import PayQrScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def install(window: "MainWindow") -> None:
    journey = window.add_journey(PaymentJourney(window))
    window.payment = journey
    bill, done = PayBillScreen(window, journey), PayDoneScreen(window, journey)
    journey.connect(bill.show_bill, done.show_intent)
    for screen in (bill, PayQrScreen(window, journey), PayCodeScreen(window, journey), PayLaterScreen(window, journey),
                   done):
        window.add_screen(screen)


def open_bill_for(window: "MainWindow", patient_id: str) -> None:
    """Scenes and tests: the patient is identified and the bill loaded (blocking; never in production)."""
    session = window.services.sessions.start("pay")
    session.patient_id = patient_id
    window.payment.show_bill(window.services.payments.service.open_bill(patient_id))
    window.go("pay")


def _qr_scene(window: "MainWindow", gateway: str = "") -> None:
    open_bill_for(window, "DEMO-001")
    window.go("pay_qr")
    screen = window.current
    screen.gateway = gateway or window.services.payments.service.gateway_names[0]
    screen.mark_choice()
    screen.show_attempt(window.services.payments.service.start_qr(window.payment.intent.id, screen.gateway))


def _later_scene(window: "MainWindow", patient_id: str, digits: str = "", mode: str = "new_pin",
                 problem: str = "") -> None:
    open_bill_for(window, patient_id)
    window.go("pay_later")
    screen = window.current
    screen.show_offer(window.services.payments.credit.offer(window.payment.intent.id), mode)
    screen.tries_left = 3
    if problem:
        screen.show_problem(problem)
    for key in digits:
        screen.keypad.press(key)


def _done_scene(window: "MainWindow") -> None:
    """Paid by payment code; the picture waits for the invoice to be printed (on the window's runner)."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

    open_bill_for(window, "DEMO-001")
    payments = window.services.payments
    attempt = payments.service.pay_with_code(window.payment.intent.id, payments.sandbox_control.payment_code())
    window.payment.paid(payments.service.intent(attempt.intent_id))
    deadline = QDeadlineTimer(5000)
    while window.current.invoice is None and not deadline.hasExpired():
        QCoreApplication.processEvents()
        QThread.msleep(10)


def _his_outage_scene(window: "MainWindow") -> None:
    """The hospital system did not answer when the bill was asked for."""
    from kiosk.his.port import HisUnavailable

    open_bill_for(window, "DEMO-001")
    window.current._on_error(HisUnavailable("the hospital system cannot be reached right now"))


def _elsewhere_scene(window: "MainWindow", screen_name: str) -> None:
    """Another kiosk of the hospital has an order open for this bill until 08:42."""
    from kiosk.payment.errors import BillInUseElsewhere

    open_bill_for(window, "DEMO-001")
    refusal = BillInUseElsewhere("east-1", "08:42")
    if screen_name == "pay":
        window.current._on_error(refusal)
        return
    window.go(screen_name)
    window.current._on_gateway_error(refusal)


def _changed_scene(window: "MainWindow", refunding: bool) -> None:
    """Another bill of the same charges was paid first: the bill looked up again, with why. Refunding: this
    kiosk's payment goes back and nothing is left; refused: nothing was charged and the rest is shown."""
    from kiosk.payment.errors import NothingToPay

    open_bill_for(window, "DEMO-001")
    window.payment.changed = "refunding" if refunding else "refused"
    if refunding:
        window.current._on_error(NothingToPay("patient DEMO-001 has nothing to pay"))
    else:
        window.current.retranslate()


SCENES: dict[str, Callable[["MainWindow"], None]] = {
    "pay-bill": lambda w: open_bill_for(w, "DEMO-001"),
    "pay-bill-his-outage": _his_outage_scene,
    "pay-bill-elsewhere": lambda w: _elsewhere_scene(w, "pay"),
    "pay-qr-elsewhere": lambda w: _elsewhere_scene(w, "pay_qr"),
    "pay-bill-deductible": lambda w: open_bill_for(w, "DEMO-002"),
    "pay-bill-changed-refunding": lambda w: _changed_scene(w, refunding=True),
    "pay-bill-changed": lambda w: _changed_scene(w, refunding=False),
    "pay-qr": _qr_scene,
    "pay-qr-alipay": lambda w: _qr_scene(w, "alipay"),
    "pay-code": lambda w: (open_bill_for(w, "DEMO-001"), w.go("pay_code")),
    "pay-code-scanner-fault": lambda w: (open_bill_for(w, "DEMO-001"), w.go("pay_code"),
                                         w.current._on_scanner_fault("the scanner reports a hardware fault")),
    "pay-later": lambda w: _later_scene(w, "DEMO-003", "01"),
    "pay-later-pin-wrong": lambda w: _later_scene(w, "DEMO-003", "1234", mode="pin", problem="wrong"),
    "pay-later-locked": lambda w: _later_scene(w, "DEMO-003", mode="", problem="locked"),
    "pay-later-refused": lambda w: _later_scene(w, "DEMO-004"),
    "pay-done": _done_scene,
}
