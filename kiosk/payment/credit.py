"""Treat first, pay later: eligibility, moving a bill onto the patient's credit account, overdue lists.

Eligible: insured (not self-pay), credit score at or above the minimum, no overdue debt (neither in the
HIS nor on the kiosk's own credit accounts), open debt plus this bill within the limit, and pay-later
not locked by wrong PINs. The patient confirms with a fresh live face match (when they have face
templates) or with their 6-digit credit PIN (``kiosk.payment.credit_pin``; set on first use). The
charges become ``pay_later``, insurance is confirmed, the invoice is issued, and a debt with a due
date is written; the next bill at any kiosk includes it. Overdue debts make the patient ineligible and appear on the staff list.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.face.attempt import FaceAttempt, Stage
from kiosk.his.port import InsuranceType
from kiosk.money import Fen
from kiosk.payment.credit_pin import CreditPins
from kiosk.payment.credit_store import OverdueDebt, add_debt, open_debts, overdue_debts
from kiosk.payment.errors import BillAlreadyPaid
from kiosk.payment.service import PaymentRefused, PaymentService
from kiosk.payment.store import IntentState, book, claim_bill_items, intent_by_id, lock_intent, update
from kiosk.storage import write_transaction


@dataclass(frozen=True)
class CreditOffer:
    eligible: bool
    reason: str  # "" | not_open | self_pay | overdue | nothing_due | debt_open | low_score | over_limit | pin_locked
    limit_fen: Fen
    open_debt_fen: Fen
    amount_fen: Fen
    due_day: date


class CreditDesk:
    def __init__(self, payments: PaymentService, pins: CreditPins | None = None) -> None:
        self.payments = payments
        self.pins = pins or CreditPins(payments.db, payments.clock, payments.audit)

    def offer(self, intent_id: str) -> CreditOffer:
        service = self.payments
        settings = service.settings
        intent = service.intent(intent_id)
        patient = service.his.patient(intent.patient_id)
        today = service.clock.today()
        open_debt, overdue = self._debts(intent.patient_id, today)
        due_day = today + timedelta(days=settings.credit_days)
        amount = intent.cash_fen
        reason = ""
        if intent.state is not IntentState.OPEN:
            reason = "not_open"
        elif patient.insurance_type is InsuranceType.SELF_PAY:
            reason = "self_pay"
        elif patient.has_overdue_debt or overdue:
            reason = "overdue"
        elif amount <= 0:
            reason = "nothing_due"
        elif intent.debt_fen > 0:
            reason = "debt_open"  # earlier pay-later bills are repaid first
        elif patient.credit_score < settings.credit_min_score:
            reason = "low_score"
        elif open_debt + amount > settings.credit_limit_fen:
            reason = "over_limit"
        elif self.pins.status(intent.patient_id).locked_until is not None:
            reason = "pin_locked"
        return CreditOffer(not reason, reason, settings.credit_limit_fen, open_debt, amount, due_day)

    def pay_later_with_face(self, intent_id: str, attempt: FaceAttempt) -> None:
        """Confirmed by a fresh live face attempt that identified this bill's patient (1:1, ``within``)."""
        intent = self.payments.intent(intent_id)
        matched = attempt.stage is Stage.IDENTIFIED and attempt.identity == intent.patient_id
        self.payments.audit.record("patient", "payment.credit_face_confirmation",
                                   {"intent": intent_id, "matched": matched})
        if not matched:
            raise PaymentRefused("the face did not match the patient of this bill")
        self._move_to_credit(intent_id)

    def pay_later_with_pin(self, intent_id: str, pin: str) -> None:
        """Confirmed by the patient's credit PIN; raises ``PinProblem`` (wrong, locked …) in plain words."""
        self._refuse_unless_eligible(intent_id)
        self.pins.verify(self.payments.intent(intent_id).patient_id, pin)
        self._move_to_credit(intent_id)

    def set_pin_and_pay_later(self, intent_id: str, pin: str, repeated: str) -> None:
        """First use of pay-later: the patient sets the PIN (typed twice), which confirms this bill."""
        self._refuse_unless_eligible(intent_id)
        patient_id = self.payments.intent(intent_id).patient_id
        self.pins.set_pin(patient_id, pin, repeated)
        self.pins.verify(patient_id, pin)
        self._move_to_credit(intent_id)

    def _refuse_unless_eligible(self, intent_id: str) -> CreditOffer:
        offer = self.offer(intent_id)
        if not offer.eligible:
            raise PaymentRefused(f"pay later is not possible for this bill ({offer.reason})")
        return offer

    def _move_to_credit(self, intent_id: str) -> None:
        """Move the bill's cash part onto the credit account; refused in plain words when not allowed."""
        service = self.payments
        offer = self._refuse_unless_eligible(intent_id)
        intent = service.intent(intent_id)
        now = service.clock.now()
        with write_transaction(service.db) as db:
            lock_intent(db, intent_id)  # a mobile payment of the same bill waits, then finds it on credit
            if intent_by_id(db, intent_id).state is not IntentState.OPEN:
                raise PaymentRefused(f"bill {intent_id} is no longer open")
            paid_by = claim_bill_items(db, intent, now)  # a debt once, whichever bill comes first
            if paid_by is not None:
                raise BillAlreadyPaid(intent_id, paid_by)
            debt_id = f"D{uuid.uuid4().hex[:12].upper()}"
            add_debt(db, debt_id, intent, offer.amount_fen, offer.due_day, now)
            book(db, "credit_debt", debt_id, intent_id, offer.amount_fen, now)
            update(db, "payment_intents", "id", intent_id, now, state=IntentState.CREDIT, method="credit")
        service.audit.record("patient", "payment.pay_later", {"intent": intent_id, "amount_fen": offer.amount_fen,
                                                              "due_day": offer.due_day.isoformat()})
        service.finalize(intent_id)

    def overdue(self, today: date | None = None) -> list[OverdueDebt]:
        """Every overdue debt, for staff: the kiosk's own credit accounts and overdue debt in the HIS."""
        today = today or self.payments.clock.today()
        his_debts = [OverdueDebt(debt.patient_id, debt.amount_fen, None) for debt in self.payments.his.overdue_debts()]
        return overdue_debts(self.payments.db, today) + his_debts

    def _debts(self, patient_id: str, today: date) -> tuple[Fen, bool]:
        debts = open_debts(self.payments.db, patient_id)
        return sum(d.amount_fen for d in debts), any(d.due_day < today for d in debts)
