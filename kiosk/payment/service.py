"""The payment state machine: one bill → one intent → gateway attempts → insurance, billing, invoice.

Exactly once comes from the order of writes, never from luck:
- the intent row exists before the insurance pre-settlement is asked for, and an attempt row (with a
  new ``out_trade_no``) before every precreate / pay-with-code;
- money is booked in ``payment_ledger`` whose UNIQUE (kind, ref) makes a second booking a no-op, and
  at most one attempt per intent is ``credited`` (a partial UNIQUE index); a payment the intent did not
  need (paid twice, paid after giving up, a cancel that raced the customer) is refunded;
- insurance is confirmed only for a credited (or pay-later) intent, and every later step is idempotent,
  so ``recover()`` after a crash just runs the unfinished steps again.
Blocking (HTTP, SQLite): call from worker threads.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_local, to_utc_text
from kiosk.his.port import ChargeStatus, HisPort
from kiosk.insurance.port import InsurancePort
from kiosk.insurance.rules import check_charges
from kiosk.money import Fen
from kiosk.payment.billing import BillingPort
from kiosk.payment.gateway import BadSignature, GatewayRejected, GatewayUnavailable, PaymentGateway, TradeStatus
from kiosk.payment.store import (
    OPEN_ATTEMPT_STATES,
    AttemptState,
    IntentState,
    PaymentAttempt,
    PaymentIntent,
    attempt_by_no,
    attempts_of,
    book,
    charges_from_json,
    charges_json,
    intent_by_id,
    live_intent_by_key,
    update,
)
from kiosk.storage import write_transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaymentSettings:
    qr_timeout_s: int = 120
    poll_interval_s: float = 3.0
    replay_window_s: int = 300  # notifications older (or newer) than this are replays: rejected
    abandon_after_s: int = 1800  # an open bill nobody paid is given up (insurance reversed) after this
    credit_limit_fen: Fen = 100_000
    credit_days: int = 10
    credit_min_score: int = 600
    subject: str = "门诊缴费 Outpatient bill"


class NothingToPay(Exception):
    """The patient has no unpaid charges and no pay-later debt."""


class PaymentRefused(Exception):
    """A request the state machine will not carry out (already paid, wrong state); plain words."""


class PaymentService:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, his: HisPort, insurance: InsurancePort,
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
        # The notification listener, the poller and the screen's own call can all learn of one payment
        # at the same moment; settling is done by one of them at a time.
        self._settling = threading.Lock()

    # The bill ----------------------------------------------------------------------------------------

    def open_bill(self, patient_id: str) -> PaymentIntent:
        """Every unpaid charge and open pay-later debt of the patient, pre-settled; reuses a live bill."""
        self.his.patient(patient_id)  # an unknown id raises PatientNotFound before anything is written
        charges = check_charges(self.his.unpaid_charges(patient_id))
        debts = self.db.execute("SELECT id, amount_fen FROM credit_debts WHERE patient_id = ? AND state = 'open' "
                                "ORDER BY id", (patient_id,)).fetchall()
        if not charges and not debts:
            raise NothingToPay(f"patient {patient_id} has nothing to pay")
        key = "bill:" + hashlib.sha256("|".join(sorted(c.id for c in charges) + sorted(d[0] for d in debts))
                                       .encode()).hexdigest()[:32]
        now = self.clock.now()
        with write_transaction(self.db) as db:
            intent = live_intent_by_key(db, key)
            if intent is None:
                intent_id = f"I{to_local(now):%Y%m%d}{uuid.uuid4().hex[:10].upper()}"
                db["payment_intents"].insert({
                    "id": intent_id, "idempotency_key": key, "patient_id": patient_id,
                    "charges_json": charges_json(charges), "debt_ids_json": json.dumps([d[0] for d in debts]),
                    "debt_fen": sum(d[1] for d in debts), "state": IntentState.PRESETTLING.value,
                    "created_utc": to_utc_text(now), "updated_utc": to_utc_text(now)})
                intent = intent_by_id(db, intent_id)
        if intent.state is IntentState.PRESETTLING:
            intent = self._presettle(intent)
        if intent.state is IntentState.OPEN and intent.due_fen == 0:
            self._set_intent(intent.id, IntentState.PAID, method="account")
            intent = self.finalize(intent.id)
        return intent

    def open_deposit(self, patient_id: str, amount_fen: Fen, key: str) -> PaymentIntent:
        """A stand-alone intent for a refundable deposit (no charges, no insurance); one per ``key``.

        Paid through ``start_qr`` like a bill; settling it issues no invoice. Refund it with
        ``kiosk.payment.refunds.refund`` against its credited attempt.
        """
        if amount_fen <= 0:
            raise PaymentRefused("a deposit needs a positive amount")
        self.his.patient(patient_id)
        now = self.clock.now()
        with write_transaction(self.db) as db:
            intent = live_intent_by_key(db, key)
            if intent is None:
                intent_id = f"D{to_local(now):%Y%m%d}{uuid.uuid4().hex[:10].upper()}"
                db["payment_intents"].insert({
                    "id": intent_id, "idempotency_key": key, "patient_id": patient_id, "charges_json": "[]",
                    "debt_ids_json": "[]", "debt_fen": 0, "total_fen": amount_fen, "fund_fen": 0, "account_fen": 0,
                    "cash_fen": amount_fen, "state": IntentState.OPEN.value,
                    "created_utc": to_utc_text(now), "updated_utc": to_utc_text(now)})
                intent = intent_by_id(db, intent_id)
        return intent

    def _presettle(self, intent: PaymentIntent) -> PaymentIntent:
        split = {"total_fen": 0, "fund_fen": 0, "account_fen": 0, "cash_fen": 0}
        setl_id = None
        if intent.charges:
            patient = self.his.patient(intent.patient_id)
            settlement = self.insurance.pre_settle(patient, list(intent.charges), request_key=intent.id)
            setl_id = settlement.setl_id
            split = {"total_fen": settlement.medfee_sumamt, "fund_fen": settlement.fund_pay_sumamt,
                     "account_fen": settlement.acct_pay, "cash_fen": settlement.psn_cash_pay}
        with write_transaction(self.db) as db:
            current = intent_by_id(db, intent.id)
            if current.state is IntentState.PRESETTLING:
                update(db, "payment_intents", "id", intent.id, self.clock.now(), setl_id=setl_id,
                       state=IntentState.OPEN, **split)
            return intent_by_id(db, intent.id)

    def intent(self, intent_id: str) -> PaymentIntent:
        return intent_by_id(self.db, intent_id)

    # Paying by QR or by the customer's payment code --------------------------------------------------

    def start_qr(self, intent_id: str) -> PaymentAttempt:
        """Precreate an order for what is due and return the attempt with its QR payload."""
        attempt = self._new_attempt(intent_id, "qr")
        try:
            qr_code = self.gateway.precreate(attempt.out_trade_no, attempt.amount_fen, self.settings.subject)
        except GatewayRejected as exc:
            self._set_attempt(attempt.out_trade_no, AttemptState.FAILED, error=str(exc))
            raise
        except GatewayUnavailable as exc:  # maybe created: never show it, cancel it (recover retries)
            self._set_attempt(attempt.out_trade_no, AttemptState.CANCELLING, error=str(exc))
            self._cancel_quietly(attempt.out_trade_no)
            raise
        with write_transaction(self.db) as db:
            current = attempt_by_no(db, attempt.out_trade_no)
            if current is not None and current.state is AttemptState.CREATING:
                update(db, "payment_attempts", "out_trade_no", attempt.out_trade_no, self.clock.now(),
                       state=AttemptState.AWAITING, qr_code=qr_code)
        return self.attempt(attempt.out_trade_no)

    def pay_with_code(self, intent_id: str, auth_code: str) -> PaymentAttempt:
        """Charge the payment code the patient held to the scanner."""
        code = auth_code.strip()
        if not (code.isdigit() and 16 <= len(code) <= 24):
            raise PaymentRefused("this is not a payment code; open the payment code in your phone's pay app")
        attempt = self._new_attempt(intent_id, "code")
        try:
            trade = self.gateway.pay_with_code(attempt.out_trade_no, attempt.amount_fen, self.settings.subject, code)
        except GatewayRejected as exc:
            self._set_attempt(attempt.out_trade_no, AttemptState.FAILED, error=str(exc))
            raise
        except GatewayUnavailable:  # unknown: the query decides (check_attempt / recover)
            self._set_attempt(attempt.out_trade_no, AttemptState.AWAITING)
            return self.check_attempt(attempt.out_trade_no, ask_gateway=True)
        if trade.status is TradeStatus.PAID:
            self.record_paid(attempt.out_trade_no, trade.trade_no, trade.amount_fen, source="pay_with_code")
        else:
            self._set_attempt(attempt.out_trade_no, AttemptState.AWAITING)
        return self.attempt(attempt.out_trade_no)

    def _new_attempt(self, intent_id: str, kind: str) -> PaymentAttempt:
        now = self.clock.now()
        with write_transaction(self.db) as db:
            intent = intent_by_id(db, intent_id)
            if intent.state is not IntentState.OPEN:
                raise PaymentRefused(f"bill {intent_id} is {intent.state.value}; nothing more to pay")
            if intent.due_fen <= 0:
                raise PaymentRefused(f"bill {intent_id} has nothing left to pay")
            number = len(attempts_of(db, intent_id)) + 1
            out_trade_no = f"{intent_id}{kind[0].upper()}{number:02d}{uuid.uuid4().hex[:4].upper()}"
            db["payment_attempts"].insert({
                "out_trade_no": out_trade_no, "intent_id": intent_id, "kind": kind, "amount_fen": intent.due_fen,
                "state": AttemptState.CREATING.value, "credited": 0,
                "deadline_utc": to_utc_text(now + timedelta(seconds=self.settings.qr_timeout_s)),
                "created_utc": to_utc_text(now), "updated_utc": to_utc_text(now)})
        return self.attempt(out_trade_no)

    def attempt(self, out_trade_no: str) -> PaymentAttempt:
        attempt = attempt_by_no(self.db, out_trade_no)
        if attempt is None:
            raise KeyError(f"no payment attempt {out_trade_no}")
        return attempt

    def check_attempt(self, out_trade_no: str, ask_gateway: bool = False) -> PaymentAttempt:
        """The attempt as the kiosk knows it; with ``ask_gateway``, poll first and cancel when overdue."""
        attempt = self.attempt(out_trade_no)
        if attempt.state is AttemptState.PAID:
            self.finalize(attempt.intent_id)
        if attempt.state.value not in OPEN_ATTEMPT_STATES or not ask_gateway:
            return self.attempt(out_trade_no)
        try:
            trade = self.gateway.query(out_trade_no)
        except GatewayUnavailable:
            trade = None
        if trade is not None and trade.status in (TradeStatus.PAID, TradeStatus.FINISHED):
            self.record_paid(out_trade_no, trade.trade_no, trade.amount_fen, source="query")
        elif self.clock.now() >= attempt.deadline or (trade is not None and trade.status is TradeStatus.CLOSED):
            self.cancel_attempt(out_trade_no)
        return self.attempt(out_trade_no)

    def cancel_attempt(self, out_trade_no: str) -> PaymentAttempt:
        """Stop waiting: one last query, then cancel (the gateway refunds a payment that raced us)."""
        attempt = self.attempt(out_trade_no)
        if attempt.state.value in OPEN_ATTEMPT_STATES:
            try:
                trade = self.gateway.query(out_trade_no)
            except GatewayUnavailable:
                trade = None
            if trade is not None and trade.status in (TradeStatus.PAID, TradeStatus.FINISHED):
                self.record_paid(out_trade_no, trade.trade_no, trade.amount_fen, source="query")
                return self.attempt(out_trade_no)
            with write_transaction(self.db) as db:
                current = attempt_by_no(db, out_trade_no)
                if current is not None and current.state.value in OPEN_ATTEMPT_STATES:
                    update(db, "payment_attempts", "out_trade_no", out_trade_no, self.clock.now(),
                           state=AttemptState.CANCELLING)
        if self.attempt(out_trade_no).state is AttemptState.CANCELLING:
            self._cancel_quietly(out_trade_no)
        return self.attempt(out_trade_no)

    def _cancel_quietly(self, out_trade_no: str) -> None:
        try:
            outcome = self.gateway.cancel(out_trade_no)
        except (GatewayUnavailable, GatewayRejected) as exc:
            log.warning("cancel of %s did not go through yet: %s", out_trade_no, exc)
            return
        now = self.clock.now()
        with write_transaction(self.db) as db:
            attempt = attempt_by_no(db, out_trade_no)
            if attempt is None or attempt.state is not AttemptState.CANCELLING:
                return
            if outcome.refunded:
                book(db, "gateway_in", out_trade_no, attempt.intent_id, attempt.amount_fen, now, out_trade_no)
                book(db, "gateway_refund", f"cancel-{out_trade_no}", attempt.intent_id, attempt.amount_fen, now,
                     out_trade_no)
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now,
                   state=AttemptState.REFUNDED if outcome.refunded else AttemptState.CANCELLED)
        self.audit.record("kiosk", "payment.cancelled", {"out_trade_no": out_trade_no, "refunded": outcome.refunded})

    # Money arrives -----------------------------------------------------------------------------------

    def record_paid(self, out_trade_no: str, trade_no: str, amount_fen: Fen, source: str) -> PaymentAttempt:
        """The gateway says this order is paid: book it once, credit it or mark it for refund."""
        now = self.clock.now()
        with write_transaction(self.db) as db:
            attempt = attempt_by_no(db, out_trade_no)
            if attempt is None:
                raise KeyError(f"no payment attempt {out_trade_no}")
            already_decided = attempt.state.value not in (*OPEN_ATTEMPT_STATES, AttemptState.CANCELLING.value)
            if already_decided:
                wanted = attempt.state is AttemptState.PAID  # nothing is booked twice
            else:
                wanted = self._book_paid(db, attempt, trade_no, amount_fen, now)
        if already_decided:
            if wanted:  # whoever booked it may still be settling: return once the bill is settled
                self.finalize(attempt.intent_id)
            return self.attempt(out_trade_no)
        self.audit.record("kiosk", "payment.received", {"out_trade_no": out_trade_no, "amount_fen": amount_fen,
                                                        "source": source, "credited": wanted})
        if wanted:
            self.finalize(attempt.intent_id)
        elif attempt.state is not AttemptState.CANCELLING:
            self._refund_unneeded(out_trade_no)
        return self.attempt(out_trade_no)

    def _book_paid(self, db: sqlite_utils.Database, attempt: PaymentAttempt, trade_no: str, amount_fen: Fen,
                   now: datetime) -> bool:
        """Inside the caller's transaction: book the money in; True when it pays the bill."""
        out_trade_no = attempt.out_trade_no
        book(db, "gateway_in", out_trade_no, attempt.intent_id, amount_fen, now, out_trade_no)
        if attempt.state is AttemptState.CANCELLING:
            return False  # we chose not to take it: the cancel refunds it
        intent = intent_by_id(db, attempt.intent_id)
        wanted = intent.state is IntentState.OPEN and amount_fen == attempt.amount_fen
        if wanted:
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=AttemptState.PAID,
                   credited=1, trade_no=trade_no)
            update(db, "payment_intents", "id", intent.id, now, state=IntentState.PAID, method=attempt.kind)
        else:
            reason = "amount differs" if amount_fen != attempt.amount_fen else f"bill already {intent.state.value}"
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=AttemptState.REFUND_DUE,
                   trade_no=trade_no, error=reason)
        return wanted

    def handle_notification(self, form: dict[str, str]) -> bool:
        """A notification from the gateway; True means "acknowledge" (also for a duplicate)."""
        try:
            note = self.gateway.verify_notification(form)
        except BadSignature as exc:
            self.audit.record("kiosk", "payment.notification_rejected", {"reason": str(exc),
                                                                         "out_trade_no": form.get("out_trade_no", "")})
            return False
        now = self.clock.now()
        age_s = abs((now - note.notify_time).total_seconds())
        reason = ""
        if note.app_id != self.gateway.app_id:
            reason = "for another app"
        elif age_s > self.settings.replay_window_s:
            reason = f"outside the replay window ({age_s:.0f} s old)"
        attempt = attempt_by_no(self.db, note.out_trade_no)
        if not reason and attempt is None:
            reason = "unknown order"
        if not reason and note.status is TradeStatus.PAID and note.amount_fen != attempt.amount_fen:
            reason = "amount differs from the order"
        with write_transaction(self.db) as db:
            fresh = db.execute("INSERT OR IGNORE INTO payment_notifications (notify_id, out_trade_no, trade_status, "
                               "outcome, received_utc) VALUES (?, ?, ?, ?, ?)",
                               (note.notify_id, note.out_trade_no, note.status.value, reason or "accepted",
                                to_utc_text(now))).rowcount == 1
        if reason:
            self.audit.record("kiosk", "payment.notification_rejected", {"reason": reason,
                                                                         "out_trade_no": note.out_trade_no})
            return False
        if fresh and note.status in (TradeStatus.PAID, TradeStatus.FINISHED):
            self.record_paid(note.out_trade_no, note.trade_no, note.amount_fen, source="notification")
        return True

    def _refund_unneeded(self, out_trade_no: str) -> None:
        attempt = self.attempt(out_trade_no)
        if attempt.state is not AttemptState.REFUND_DUE:
            return
        paid = self.db.execute("SELECT amount_fen FROM payment_ledger WHERE kind = 'gateway_in' AND ref = ?",
                               (out_trade_no,)).fetchone()
        request_no = f"auto-{out_trade_no}"
        try:
            outcome = self.gateway.refund(out_trade_no, paid[0], request_no)
        except (GatewayUnavailable, GatewayRejected) as exc:
            log.warning("refund of unneeded payment %s not done yet: %s", out_trade_no, exc)
            return
        now = self.clock.now()
        with write_transaction(self.db) as db:
            book(db, "gateway_refund", request_no, attempt.intent_id, outcome.refund_fen, now, out_trade_no)
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=AttemptState.REFUNDED)
        self.audit.record("kiosk", "payment.refunded_unneeded", {"out_trade_no": out_trade_no,
                                                                 "amount_fen": outcome.refund_fen})

    # After the money ----------------------------------------------------------------------------------

    def finalize(self, intent_id: str) -> PaymentIntent:
        """Confirm insurance, mark the charges, repay debts, issue the invoice; safe to repeat."""
        with self._settling:
            return self._settle(intent_id)

    def _settle(self, intent_id: str) -> PaymentIntent:
        intent = self.intent(intent_id)
        if intent.state not in (IntentState.PAID, IntentState.CREDIT):
            return intent
        invoice_number = ""
        if intent.setl_id:
            settlement = self.insurance.confirm(intent.setl_id)
            status = ChargeStatus.PAY_LATER if intent.state is IntentState.CREDIT else ChargeStatus.PAID
            self.billing.mark_charges([c.id for c in intent.charges], status)
            descriptions = {c.id: (c.description_zh, c.description_en) for c in intent.charges}
            invoice = self.billing.issue_invoice(intent.id, self.his.patient(intent.patient_id), settlement, descriptions)
            invoice_number = invoice.invoice_number
        if intent.debt_ids and intent.state is IntentState.PAID:
            self._repay_debts(intent)
        now = self.clock.now()
        with write_transaction(self.db) as db:
            if intent_by_id(db, intent_id).state in (IntentState.PAID, IntentState.CREDIT):
                update(db, "payment_intents", "id", intent_id, now, state=IntentState.SETTLED,
                       invoice_number=invoice_number)
        self.audit.record("kiosk", "payment.settled", {"intent": intent_id, "method": intent.method or "credit",
                                                       "cash_fen": intent.cash_fen, "debt_fen": intent.debt_fen,
                                                       "invoice": invoice_number})
        return self.intent(intent_id)

    def _repay_debts(self, intent: PaymentIntent) -> None:
        now = self.clock.now()
        marks = ", ".join("?" for _ in intent.debt_ids)
        with write_transaction(self.db) as db:
            rows = db.execute(f"SELECT d.id, d.amount_fen, p.charges_json FROM credit_debts d JOIN payment_intents p "
                              f"ON p.id = d.intent_id WHERE d.id IN ({marks}) AND d.state = 'open'",
                              intent.debt_ids).fetchall()
            for debt_id, amount, _ in rows:
                book(db, "credit_repaid", debt_id, intent.id, amount, now)
                update(db, "credit_debts", "id", debt_id, now, state="repaid", repaid_by_intent=intent.id)
        charge_ids = [c.id for _, _, text in rows for c in charges_from_json(text)]  # pay-later → paid
        self.billing.mark_charges(charge_ids, ChargeStatus.PAID)

    def _set_intent(self, intent_id: str, state: IntentState, **values: object) -> None:
        with write_transaction(self.db) as db:
            update(db, "payment_intents", "id", intent_id, self.clock.now(), state=state, **values)

    def _set_attempt(self, out_trade_no: str, state: AttemptState, **values: object) -> None:
        with write_transaction(self.db) as db:
            update(db, "payment_attempts", "out_trade_no", out_trade_no, self.clock.now(), state=state, **values)

    # Recovery ---------------------------------------------------------------------------------------

    def recover(self) -> dict[str, int]:
        """Finish what a crash (or a lost reply) left half done; run at start-up and then periodically."""
        from kiosk.payment.recovery import recover

        return recover(self)

    def abandon(self, intent_id: str) -> bool:
        """Give up an unpaid bill: only when no attempt is still open; the pre-settlement is reversed."""
        from kiosk.payment.recovery import abandon

        return abandon(self, intent_id)
