"""The payment state machine: one bill → one intent → gateway attempts → insurance, billing, invoice.

``PaymentService`` is the one object the screens, the wheelchair desk and recovery talk to. It opens
bills and deposits here and hands the rest to two parts:
- ``kiosk.payment.orders.GatewayOrders``: attempts, polling, cancelling, notifications, money in;
- ``kiosk.payment.settlement.BillSettlement``: insurance confirmation, charges, debts, the invoice.
Pay-later lives in ``kiosk.payment.credit``, refunds in ``kiosk.payment.refunds``, recovery in
``kiosk.payment.recovery``.

Exactly once comes from the order of writes, never from luck: the intent row exists before the
insurance pre-settlement is asked for, an attempt row before every gateway call that creates an
order, and every later step is idempotent. Kiosks sharing one database (PostgreSQL) open the same
bill as the same intent (one live intent per set of charges); the kiosk the patient stands at takes
it over (``claim_intent``) unless another kiosk's order for it is still open, which is refused in
plain words (``BillInUseElsewhere``), so a bill is never paid at two kiosks at once. A new charge makes a
new bill that holds the old bill's items too: each charge and debt is paid by one bill only (the first
to take money claims them, ``claim_bill_items``); the other's money goes back (``BillAlreadyPaid``).
Blocking (HTTP, the database): call from worker threads.
"""
from __future__ import annotations

import hashlib
import json
import uuid

from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_local
from kiosk.his.port import HisPort
from kiosk.insurance.port import InsurancePort
from kiosk.insurance.rules import check_charges
from kiosk.money import Fen
from kiosk.payment.billing import BillingPort
from kiosk.payment.errors import BillAlreadyPaid, BillInUseElsewhere, NothingToPay, PaymentRefused, PaymentSettings
from kiosk.payment.gateway import PaymentGateway
from kiosk.payment.credit_store import open_debts_by_id
from kiosk.payment.orders import GatewayOrders
from kiosk.payment.settlement import BillSettlement
from kiosk.payment.store import (
    BILL_KEY,
    IntentState,
    PaymentAttempt,
    PaymentIntent,
    add_intent,
    charges_json,
    claim_bill_items,
    claim_intent,
    intent_by_id,
    live_intent_by_key,
    lock_intent,
    open_bills_of,
    update,
)
from kiosk.storage import Database, write_transaction

__all__ = ["BillAlreadyPaid", "BillInUseElsewhere", "NothingToPay", "PaymentRefused", "PaymentService", "PaymentSettings"]


class PaymentService:
    def __init__(self, db: Database, clock: Clock, his: HisPort, insurance: InsurancePort,
                 gateway: PaymentGateway, billing: BillingPort, audit: AuditLog,
                 settings: PaymentSettings | None = None) -> None:
        self.db = db
        self.clock = clock
        self.his = his
        self.insurance = insurance
        self.gateway = gateway
        self.billing = billing
        self.audit = audit
        self.settings = settings or PaymentSettings()
        self.kiosk_id = audit.kiosk_id  # this kiosk: its bills and orders are the ones its recovery finishes
        self.settlement = BillSettlement(db, clock, his, insurance, billing, audit)
        self.orders = GatewayOrders(db, clock, gateway, audit, self.settings, self.settlement.finalize)

    # The bill ----------------------------------------------------------------------------------------

    def open_bill(self, patient_id: str) -> PaymentIntent:
        """Every unpaid charge and open pay-later debt of the patient, pre-settled; reuses a live bill."""
        self.his.patient(patient_id)  # an unknown id raises PatientNotFound before anything is written
        charges = check_charges(self.his.unpaid_charges(patient_id))
        debts = open_debts_by_id(self.db, patient_id)
        if not charges and not debts:
            raise NothingToPay(f"patient {patient_id} has nothing to pay")
        key = BILL_KEY + hashlib.sha256("|".join(sorted(c.id for c in charges) + sorted(d.id for d in debts))
                                        .encode()).hexdigest()[:32]
        self._give_up_older_bills(patient_id, key)
        now = self.clock.now()
        intent = self._open_intent(f"I{to_local(now):%Y%m%d}{uuid.uuid4().hex[:10].upper()}", key, patient_id,
                                   charges_json(charges), json.dumps([d.id for d in debts]), 0,
                                   sum(d.amount_fen for d in debts), IntentState.PRESETTLING)
        if intent.state is IntentState.PRESETTLING:
            intent = self.presettle(intent)
        if intent.state is IntentState.OPEN and intent.due_fen == 0:
            with write_transaction(self.db) as db:
                lock_intent(db, intent.id)
                paid_by = claim_bill_items(db, intent, self.clock.now())
                if paid_by is not None:  # another bill of these charges was paid a moment ago
                    raise BillAlreadyPaid(intent.id, paid_by)
                update(db, "payment_intents", "id", intent.id, self.clock.now(), only_if=(IntentState.OPEN,),
                       state=IntentState.PAID, method="account")
            intent = self.finalize(intent.id)
        return intent

    def _give_up_older_bills(self, patient_id: str, key: str) -> None:
        """The patient's charges or debts changed since this kiosk opened a bill (a new charge, one paid):
        that bill is out of date. Give it up first, so its insurance pre-settlement no longer holds the
        deductible and the personal account the new bill should see. One with an order still open (its QR
        on a screen) is kept, and so are other kiosks' bills (one may be on that kiosk's screen; its
        recovery gives it up): whichever bill is paid first takes the charges (``claim_bill_items``)."""
        for older in open_bills_of(self.db, patient_id):
            if older.idempotency_key != key and older.kiosk_id == self.kiosk_id:
                self.abandon(older.id)  # False, and nothing done, while an order for it is open

    def _open_intent(self, intent_id: str, key: str, patient_id: str, charges: str, debt_ids: str, cash_fen: Fen,
                     debt_fen: Fen, state: IntentState) -> PaymentIntent:
        """The live intent for ``key`` (written now unless one exists), handled by this kiosk from now on.

        One atomic insert: two kiosks opening the same bill at the same moment get the same intent."""
        now = self.clock.now()
        with write_transaction(self.db) as db:
            add_intent(db, intent_id, self.kiosk_id, key, patient_id, charges, debt_ids, cash_fen, debt_fen, state, now)
            intent = live_intent_by_key(db, key)
            return claim_intent(db, intent.id, self.kiosk_id, now)

    def open_deposit(self, patient_id: str, amount_fen: Fen, key: str) -> PaymentIntent:
        """A stand-alone intent for a refundable deposit (no charges, no insurance); one per ``key``.

        Paid through ``start_qr`` like a bill; settling it issues no invoice. Refund it with
        ``kiosk.payment.refunds.refund`` against its credited attempt.
        """
        if amount_fen <= 0:
            raise PaymentRefused("a deposit needs a positive amount")
        self.his.patient(patient_id)
        return self._open_intent(f"D{to_local(self.clock.now()):%Y%m%d}{uuid.uuid4().hex[:10].upper()}", key,
                                 patient_id, "[]", "[]", amount_fen, 0, IntentState.OPEN)

    def presettle(self, intent: PaymentIntent) -> PaymentIntent:
        """Ask insurance for the split of a bill written as ``presettling``; safe to repeat (recovery).

        Held under the bill's lock: two kiosks opening the same new bill at once ask insurance once
        (the other waits, then finds it open)."""
        with write_transaction(self.db) as db:
            lock_intent(db, intent.id)
            intent = intent_by_id(db, intent.id)
            if intent.state is not IntentState.PRESETTLING:
                return intent
            split = {"total_fen": 0, "fund_fen": 0, "account_fen": 0, "cash_fen": 0}
            setl_id = None
            if intent.charges:
                patient = self.his.patient(intent.patient_id)
                settlement = self.insurance.pre_settle(patient, list(intent.charges), request_key=intent.id)
                setl_id = settlement.setl_id
                split = {"total_fen": settlement.medfee_sumamt, "fund_fen": settlement.fund_pay_sumamt,
                         "account_fen": settlement.acct_pay, "cash_fen": settlement.psn_cash_pay}
            update(db, "payment_intents", "id", intent.id, self.clock.now(), only_if=(IntentState.PRESETTLING,),
                   setl_id=setl_id, state=IntentState.OPEN, **split)
            return intent_by_id(db, intent.id)

    def intent(self, intent_id: str) -> PaymentIntent:
        return intent_by_id(self.db, intent_id)

    # Orders and settling (see kiosk.payment.orders / kiosk.payment.settlement) ------------------------

    @property
    def gateway_names(self) -> tuple[str, ...]:
        """The mobile-pay gateways offered ("wechat", "alipay"), in the order the QR screen shows them."""
        return self.orders.gateway_names

    def start_qr(self, intent_id: str, gateway: str = "") -> PaymentAttempt:
        """Precreate an order for what is due (on ``gateway``, default the first offered) and return the
        attempt with its QR payload."""
        return self.orders.start_qr(intent_id, gateway)

    def pay_with_code(self, intent_id: str, auth_code: str) -> PaymentAttempt:
        """Charge the payment code the patient held to the scanner."""
        return self.orders.pay_with_code(intent_id, auth_code)

    def attempt(self, out_trade_no: str) -> PaymentAttempt:
        return self.orders.attempt(out_trade_no)

    def check_attempt(self, out_trade_no: str, ask_gateway: bool = False) -> PaymentAttempt:
        """The attempt as the kiosk knows it; with ``ask_gateway``, poll first and cancel when overdue."""
        return self.orders.check_attempt(out_trade_no, ask_gateway)

    def cancel_attempt(self, out_trade_no: str) -> PaymentAttempt:
        """Stop waiting: one last query, then cancel (the gateway refunds a payment that raced us)."""
        return self.orders.cancel_attempt(out_trade_no)

    def record_paid(self, out_trade_no: str, trade_no: str, amount_fen: Fen, source: str) -> PaymentAttempt:
        """The gateway says this order is paid: book it once, credit it or mark it for refund."""
        return self.orders.record_paid(out_trade_no, trade_no, amount_fen, source)

    def handle_notification(self, form: dict[str, str]) -> bool:
        """A notification from the gateway; True means "acknowledge" (also for a duplicate)."""
        return self.orders.handle_notification(form)

    def handle_wechat_notification(self, headers: dict[str, str], body: bytes) -> bool:
        """A WeChat Pay notification; True means "acknowledge" (also for a duplicate)."""
        return self.orders.handle_wechat_notification(headers, body)

    def finalize(self, intent_id: str) -> PaymentIntent:
        """Confirm insurance, mark the charges, repay debts, issue the invoice; safe to repeat."""
        return self.settlement.finalize(intent_id)

    # Recovery ---------------------------------------------------------------------------------------

    def recover(self) -> dict[str, int]:
        """Finish what a crash (or a lost reply) left half done; run at start-up and then periodically."""
        from kiosk.payment.recovery import recover

        return recover(self)

    def abandon(self, intent_id: str) -> bool:
        """Give up an unpaid bill: only when no attempt is still open; the pre-settlement is reversed."""
        from kiosk.payment.recovery import abandon

        return abandon(self, intent_id)

    def give_up_left_bill(self, intent_id: str) -> bool:
        """The patient left with this bill unpaid: cancel its open orders, then give it up now."""
        from kiosk.payment.recovery import give_up_left_bill

        return give_up_left_bill(self, intent_id)
