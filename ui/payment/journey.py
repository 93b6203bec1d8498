"""The Pay journey's controller: it owns the bill being paid (the payment intent) and moves between the
Pay screens; the screens read the intent here instead of reaching into another screen, and the window
forgets it with the session (ui/journey.py), giving up a bill the patient left unpaid."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from kiosk.payment.credit import CreditOffer
from kiosk.payment.store import IntentState, PaymentIntent
from ui.journey import JourneyState

if TYPE_CHECKING:
    from ui.main_window import MainWindow

BILL, QR, CODE, LATER, DONE = "pay", "pay_qr", "pay_code", "pay_later", "pay_done"

log = logging.getLogger(__name__)


class PaymentJourney(JourneyState):
    """Kept on the window as ``window.payment``."""

    PATIENT_STATE = ("intent", "pay_later", "changed")

    def __init__(self, window: "MainWindow") -> None:
        self._window = window
        self._go: Callable[[str], None] = window.go
        self.intent: PaymentIntent | None = None
        self.pay_later: CreditOffer | None = None  # the terms the patient accepted (amount, due day)
        # Why the bill is being looked up again: "refused" (part of it was paid by another bill; nothing
        # was charged here) or "refunding" (it was, and this payment's money goes back); None otherwise.
        self.changed: str | None = None
        self._bill_shown: Callable[[PaymentIntent], None] | None = None
        self._done_shown: Callable[[PaymentIntent], None] | None = None

    def connect(self, show_bill: Callable[[PaymentIntent], None], show_done: Callable[[PaymentIntent], None]) -> None:
        self._bill_shown, self._done_shown = show_bill, show_done

    def show_bill(self, intent: PaymentIntent) -> None:
        """A bill opened elsewhere (e.g. after a wheelchair return) becomes the one the Pay screens show."""
        self._bill_shown(intent)

    def bill_changed(self, refunding: bool) -> None:
        """Another bill of the same charges (opened after a new charge, at another kiosk or by another
        phone) was paid first: look the bill up again and say why on the bill screen."""
        self.intent, self.changed = None, "refunding" if refunding else "refused"
        self._go(BILL)

    def paid(self, intent: PaymentIntent) -> None:
        """The bill is settled (paid, or put on pay-later): the done screen shows it."""
        self.intent, self.changed = intent, None
        self._done_shown(intent)
        self._go(DONE)

    def forget(self) -> None:
        """The patient has gone: an open bill they left is given up now, off the screen's thread (its QR's
        order cancelled first), so its insurance pre-settlement stops holding their deductible and personal
        account for the next bill, at this kiosk or another, instead of for ``abandon_after_s``."""
        intent = self.intent
        super().forget()
        if intent is not None and intent.state is IntentState.OPEN:
            self._window.runner.submit(self._window.services.payments.service.give_up_left_bill, intent.id,
                                       on_error=lambda error: log.warning(
                                           "the bill %s the patient left stays open until recovery gives it up: %s",
                                           intent.id, error, extra={"event": "payment.left_open"}))
