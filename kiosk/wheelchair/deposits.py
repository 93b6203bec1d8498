"""Wheelchair deposits paid by mobile-pay QR and refunded through the gateway at return.

A deposit is a stand-alone payment intent (``PaymentService.open_deposit``) keyed by the rental's own
idempotency key, so the intent exists before any QR is shown, one rental key has at most one deposit,
and the return finds it again without a new column. The refund uses the payment system's staff
refund path with a request number derived from the rental: repeating it never refunds twice, and a
refund left ``requested`` by a lost reply is retried by the payment recovery loop.
"""
from __future__ import annotations

from kiosk.his.port import Patient
from kiosk.payment.refund_store import has_live_refund
from kiosk.payment.refunds import RefundRecord, refund, refund_record
from kiosk.payment.service import PaymentService
from kiosk.payment.store import IntentState, PaymentAttempt, PaymentIntent, attempts_of, live_intent_by_key
from kiosk.wheelchair.records import Rental

PAID_STATES = (IntentState.PAID, IntentState.SETTLED)


def deposit_key(rent_key: str) -> str:
    return f"wheelchair-deposit:{rent_key}"


def refund_request_no(rental: Rental) -> str:
    return f"wc-deposit-{rental.id}"


class DepositCashier:
    def __init__(self, payments: PaymentService) -> None:
        self.payments = payments

    def open(self, patient: Patient, amount_fen: int, rent_key: str) -> PaymentIntent:
        """The deposit intent for this rental key (created once; the same one again on a retry)."""
        return self.payments.open_deposit(patient.id, amount_fen, deposit_key(rent_key))

    def start_qr(self, patient: Patient, amount_fen: int, rent_key: str, gateway: str = "") -> PaymentAttempt:
        """A QR order for the deposit on ``gateway`` ("wechat", "alipay"; default the first offered)."""
        return self.payments.start_qr(self.open(patient, amount_fen, rent_key).id, gateway)

    def intent_for(self, rent_key: str) -> PaymentIntent | None:
        return live_intent_by_key(self.payments.db, deposit_key(rent_key))

    def is_paid(self, rent_key: str, amount_fen: int) -> bool:
        """Credited for this key, for this amount, and not given back (a refunded deposit rents nothing)."""
        intent = self.intent_for(rent_key)
        if intent is None or intent.state not in PAID_STATES or intent.cash_fen != amount_fen:
            return False
        attempt = self._credited_attempt(intent)
        return attempt is not None and not has_live_refund(self.payments.db, attempt.out_trade_no)

    def refund_unrented(self, rent_key: str) -> RefundRecord | None:
        """The deposit was paid but no chair was handed out (dock fault, chair just taken): give it back."""
        intent = self.intent_for(rent_key)
        attempt = self._credited_attempt(intent) if intent is not None else None
        if attempt is None:
            return None
        return refund(self.payments, attempt.out_trade_no, attempt.amount_fen, f"wc-deposit-unrented-{intent.id}",
                      "kiosk", "wheelchair not handed out")

    def _credited_attempt(self, intent: PaymentIntent) -> PaymentAttempt | None:
        if intent.state not in PAID_STATES:
            return None
        credited = [a for a in attempts_of(self.payments.db, intent.id) if a.credited]
        return credited[0] if credited else None

    def refund_for(self, rental: Rental) -> RefundRecord | None:
        """Give an ended rental's QR deposit back; None when it was waived or paid at the desk."""
        intent = self.intent_for(rental.key)
        attempt = self._credited_attempt(intent) if intent is not None and rental.deposit_fen else None
        if attempt is None:
            return None
        return refund(self.payments, attempt.out_trade_no, rental.deposit_fen, refund_request_no(rental),
                      "kiosk", f"wheelchair {rental.chair_id} {rental.end_reason or 'ended'}")

    def refund_record(self, rental: Rental) -> RefundRecord | None:
        intent = self.intent_for(rental.key)
        attempt = self._credited_attempt(intent) if intent is not None else None
        return refund_record(self.payments, attempt.out_trade_no, refund_request_no(rental)) if attempt else None
