"""Settling a paid (or pay-later) bill: confirm insurance, mark the charges, repay debts, issue the invoice.

Insurance is confirmed only for a credited (or pay-later) intent, and every step is idempotent, so
``recover()`` after a crash just runs ``finalize`` again. The notification listener, the poller and
the screen's own call can all learn of one payment at the same moment; one of them settles at a time
in this process, and the last step is a conditional UPDATE, so a bill settled by two kiosks at once
(each step is idempotent) is marked settled and audited once.
"""
from __future__ import annotations

import threading


from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.his.port import ChargeStatus, HisPort
from kiosk.insurance.port import InsurancePort
from kiosk.payment.billing import BillingPort
from kiosk.payment.credit_store import open_debts_among
from kiosk.payment.store import IntentState, PaymentIntent, book, intent_by_id, update
from kiosk.storage import Database, write_transaction


class BillSettlement:
    def __init__(self, db: Database, clock: Clock, his: HisPort, insurance: InsurancePort,
                 billing: BillingPort, audit: AuditLog) -> None:
        self.db = db
        self.clock = clock
        self.his = his
        self.insurance = insurance
        self.billing = billing
        self.audit = audit
        self._settling = threading.Lock()

    # After the money ----------------------------------------------------------------------------------

    def finalize(self, intent_id: str) -> PaymentIntent:
        """Confirm insurance, mark the charges, repay debts, issue the invoice; safe to repeat."""
        with self._settling:
            return self._settle(intent_id)

    def _settle(self, intent_id: str) -> PaymentIntent:
        intent = intent_by_id(self.db, intent_id)
        if intent.state not in (IntentState.PAID, IntentState.CREDIT):
            return intent
        invoice_number = ""
        if intent.setl_id:
            settlement = self.insurance.confirm(intent.setl_id)
            status = ChargeStatus.PAY_LATER if intent.state is IntentState.CREDIT else ChargeStatus.PAID
            self.his.mark_charges([c.id for c in intent.charges], status)
            descriptions = {c.id: (c.description_zh, c.description_en) for c in intent.charges}
            invoice = self.billing.issue_invoice(intent.id, self.his.patient(intent.patient_id), settlement, descriptions)
            invoice_number = invoice.invoice_number
        if intent.debt_ids and intent.state is IntentState.PAID:
            self._repay_debts(intent)
        now = self.clock.now()
        with write_transaction(self.db) as db:
            settled_now = update(db, "payment_intents", "id", intent_id, now,
                                 only_if=(IntentState.PAID, IntentState.CREDIT), state=IntentState.SETTLED,
                                 invoice_number=invoice_number)
        if not settled_now:
            return intent_by_id(self.db, intent_id)
        self.audit.record("kiosk", "payment.settled", {"intent": intent_id, "method": intent.method or "credit",
                                                       "cash_fen": intent.cash_fen, "debt_fen": intent.debt_fen,
                                                       "invoice": invoice_number})
        return intent_by_id(self.db, intent_id)

    def _repay_debts(self, intent: PaymentIntent) -> None:
        now = self.clock.now()
        with write_transaction(self.db) as db:
            debts = open_debts_among(db, intent.debt_ids)
            for debt in debts:
                if update(db, "credit_debts", "id", debt.id, now, only_if=("open",), state="repaid",
                          repaid_by_intent=intent.id):
                    book(db, "credit_repaid", debt.id, intent.id, debt.amount_fen, now)
        charge_ids = [c.id for debt in debts for c in debt.charges]  # pay-later → paid
        self.his.mark_charges(charge_ids, ChargeStatus.PAID)
