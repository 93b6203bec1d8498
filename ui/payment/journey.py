"""The Pay journey's controller: it owns the bill being paid (the payment intent) and moves between the
Pay screens; the screens read the intent here instead of reaching into another screen, and the window
forgets it with the session (ui/journey.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from kiosk.payment.credit import CreditOffer
from kiosk.payment.store import PaymentIntent
from ui.journey import JourneyState

if TYPE_CHECKING:
    from ui.main_window import MainWindow

BILL, QR, CODE, LATER, DONE = "pay", "pay_qr", "pay_code", "pay_later", "pay_done"


class PaymentJourney(JourneyState):
    """Kept on the window as ``window.payment``."""

    PATIENT_STATE = ("intent", "pay_later")

    def __init__(self, window: "MainWindow") -> None:
        self._go: Callable[[str], None] = window.go
        self.intent: PaymentIntent | None = None
        self.pay_later: CreditOffer | None = None  # the terms the patient accepted (amount, due day)
        self._bill_shown: Callable[[PaymentIntent], None] | None = None
        self._done_shown: Callable[[PaymentIntent], None] | None = None

    def connect(self, show_bill: Callable[[PaymentIntent], None], show_done: Callable[[PaymentIntent], None]) -> None:
        self._bill_shown, self._done_shown = show_bill, show_done

    def show_bill(self, intent: PaymentIntent) -> None:
        """A bill opened elsewhere (e.g. after a wheelchair return) becomes the one the Pay screens show."""
        self._bill_shown(intent)

    def paid(self, intent: PaymentIntent) -> None:
        """The bill is settled (paid, or put on pay-later): the done screen shows it."""
        self.intent = intent
        self._done_shown(intent)
        self._go(DONE)
