"""Gateway orders: one attempt per precreate / pay-with-code, polling, cancelling, notifications.

An attempt row (with a new ``out_trade_no``) is written before every call that could create an order;
money is booked in ``payment_ledger`` once per (kind, ref), at most one attempt per intent is
credited, and a payment the intent did not need (paid twice, paid after giving up, a cancel that
raced the customer, a wrong amount, money arriving for an order already cancelled or failed, a bill
whose charges or debts another bill paid first: ``claim_bill_items``) is refunded; such a refund counts only once the gateway says the money moved. A notification's
``notify_id`` is stored only once it was acted on, so the gateway's retry of a refused or unfinished
one is processed. A credited payment hands the bill to ``finalize``. Every decision taken from an
attempt's state holds its bill's lock (``locked_attempt``) or is one conditional UPDATE, so the kiosk's
poller, its screen, the hospital's notification service and another kiosk never decide twice.
An attempt belongs to the kiosk that created it (``kiosk_id``).
Blocking (HTTP, the database): call from worker threads.
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Callable


from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.money import Fen
from kiosk.payment.errors import BillAlreadyPaid, PaymentRefused, PaymentSettings
from kiosk.payment.gateway import (
    BadSignature,
    GatewayMisconfigured,
    GatewayRejected,
    GatewayUnavailable,
    Notification,
    PaymentGateway,
    Trade,
    TradeStatus,
    refund_and_confirm,
)
from kiosk.payment.gateways import ALIPAY, code_gateway, trade_number
from kiosk.payment.store import (
    OPEN_ATTEMPT_STATES,
    PAID_BY_ANOTHER_BILL,
    AttemptState,
    IntentState,
    PaymentAttempt,
    PaymentIntent,
    add_attempt,
    attempt_by_no,
    attempts_of,
    bill_paying_items_of,
    book,
    claim_bill_items,
    claim_intent,
    intent_by_id,
    is_received,
    locked_attempt,
    notification_acted_on,
    received_fen,
    remember_notification,
    update,
)
from kiosk.storage import Database, write_transaction

log = logging.getLogger(__name__)
CLOSED_UNPAID_STATES = (AttemptState.CANCELLED, AttemptState.FAILED)  # money arriving here is a late payment


class GatewayOrders:
    """The order side of the payment state machine; ``finalize`` settles a bill once it is paid."""

    def __init__(self, db: Database, clock: Clock, gateway: PaymentGateway, audit: AuditLog,
                 settings: PaymentSettings, finalize: Callable[[str], PaymentIntent]) -> None:
        self.db = db
        self.clock = clock
        self.gateway = gateway
        self.audit = audit
        self.settings = settings
        self._finalize = finalize
        self.kiosk_id = audit.kiosk_id  # the orders this kiosk creates are its own to poll and cancel

    @property
    def gateway_names(self) -> tuple[str, ...]:
        """The gateways offered, in the order the QR screen shows them (one adapter alone: Alipay)."""
        return tuple(getattr(self.gateway, "names", (ALIPAY,)))

    def start_qr(self, intent_id: str, gateway: str = "") -> PaymentAttempt:
        """Precreate an order for what is due (on ``gateway``, default the first offered) and return the
        attempt with its QR payload."""
        attempt = self._new_attempt(intent_id, "qr", gateway or self.gateway_names[0])
        try:
            qr_code = self.gateway.precreate(attempt.out_trade_no, attempt.amount_fen, self.settings.subject)
        except GatewayRejected as exc:
            self._failed(attempt.out_trade_no, exc)
            raise
        except GatewayUnavailable as exc:  # maybe created: never show it, cancel it (recover retries)
            self._set_attempt(attempt.out_trade_no, AttemptState.CANCELLING, error=str(exc))
            self.cancel_quietly(attempt.out_trade_no)
            raise
        self._set_attempt(attempt.out_trade_no, AttemptState.AWAITING, qr_code=qr_code)
        return self.attempt(attempt.out_trade_no)

    def pay_with_code(self, intent_id: str, auth_code: str) -> PaymentAttempt:
        """Charge the payment code the patient held to the scanner."""
        code = auth_code.strip()
        attempt = self._new_attempt(intent_id, "code", code_gateway(code))
        try:
            trade = self.gateway.pay_with_code(attempt.out_trade_no, attempt.amount_fen, self.settings.subject, code)
        except GatewayRejected as exc:
            self._failed(attempt.out_trade_no, exc)
            raise
        except GatewayUnavailable:  # unknown: the query decides (check_attempt / recover)
            self._set_attempt(attempt.out_trade_no, AttemptState.AWAITING)
            return self.check_attempt(attempt.out_trade_no, ask_gateway=True)
        if trade.status is TradeStatus.PAID:
            self.record_paid(attempt.out_trade_no, trade.trade_no, trade.amount_fen, source="pay_with_code")
        else:
            self._set_attempt(attempt.out_trade_no, AttemptState.AWAITING)
        return self.attempt(attempt.out_trade_no)

    def _new_attempt(self, intent_id: str, kind: str, gateway: str) -> PaymentAttempt:
        if gateway not in self.gateway_names:
            raise PaymentRefused(f"{gateway} is not offered on this kiosk; use {' or '.join(self.gateway_names)}")
        now = self.clock.now()
        with write_transaction(self.db) as db:
            intent = claim_intent(db, intent_id, self.kiosk_id, now)  # refused while another kiosk's order is open
            if intent.state is not IntentState.OPEN:
                raise PaymentRefused(f"bill {intent_id} is {intent.state.value}; nothing more to pay")
            if intent.due_fen <= 0:
                raise PaymentRefused(f"bill {intent_id} has nothing left to pay")
            paid_by = bill_paying_items_of(db, intent)
            if paid_by is not None:  # a newer bill of the same items was paid: this one is out of date
                raise BillAlreadyPaid(intent_id, paid_by)
            number = len(attempts_of(db, intent_id)) + 1
            out_trade_no = trade_number(gateway, f"{intent_id}{kind[0].upper()}{number:02d}{uuid.uuid4().hex[:4].upper()}")
            add_attempt(db, out_trade_no, intent_id, self.kiosk_id, kind, intent.due_fen,
                        now + timedelta(seconds=self.settings.qr_timeout_s), now)
        return self.attempt(out_trade_no)

    def attempt(self, out_trade_no: str) -> PaymentAttempt:
        attempt = attempt_by_no(self.db, out_trade_no)
        if attempt is None:
            raise KeyError(f"no payment attempt {out_trade_no}")
        return attempt

    def check_attempt(self, out_trade_no: str, ask_gateway: bool = False) -> PaymentAttempt:
        """The attempt as the kiosk knows it; with ``ask_gateway``, poll first and cancel when overdue."""
        attempt = self.attempt(out_trade_no)
        if attempt.state.value in OPEN_ATTEMPT_STATES and ask_gateway:
            paid, trade = self._record_if_paid(out_trade_no)
            if not paid and (self.clock.now() >= attempt.deadline
                             or (trade is not None and trade.status is TradeStatus.CLOSED)):
                self.cancel_attempt(out_trade_no)
        attempt = self.attempt(out_trade_no)
        if attempt.state is AttemptState.PAID:
            # read after any booking above or meanwhile (the hospital's notification service books and leaves
            # settling to this kiosk): a paid bill is settled before the screen hears "paid"
            self._finalize(attempt.intent_id)
        return self.attempt(out_trade_no)

    def _record_if_paid(self, out_trade_no: str) -> tuple[bool, Trade | None]:
        """Ask the gateway; a paid trade is recorded. (paid?, the trade or None when it did not answer)."""
        try:
            trade = self.gateway.query(out_trade_no)
        except (GatewayUnavailable, GatewayMisconfigured):
            return False, None
        if trade.status in (TradeStatus.PAID, TradeStatus.FINISHED):
            self.record_paid(out_trade_no, trade.trade_no, trade.amount_fen, source="query")
            return True, trade
        return False, trade

    def cancel_attempt(self, out_trade_no: str) -> PaymentAttempt:
        """Stop waiting: one last query, then cancel (the gateway refunds a payment that raced us)."""
        attempt = self.attempt(out_trade_no)
        if attempt.state.value in OPEN_ATTEMPT_STATES:
            if self._record_if_paid(out_trade_no)[0]:
                return self.attempt(out_trade_no)
            with write_transaction(self.db) as db:
                update(db, "payment_attempts", "out_trade_no", out_trade_no, self.clock.now(),
                       only_if=(AttemptState.CREATING, AttemptState.AWAITING), state=AttemptState.CANCELLING)
        if self.attempt(out_trade_no).state is AttemptState.CANCELLING:
            self.cancel_quietly(out_trade_no)
        return self.attempt(out_trade_no)

    def cancel_quietly(self, out_trade_no: str) -> None:
        try:
            outcome = self.gateway.cancel(out_trade_no)
        except (GatewayUnavailable, GatewayRejected) as exc:
            log.warning("cancel of %s did not go through yet: %s", out_trade_no, exc)
            return
        now = self.clock.now()
        with write_transaction(self.db) as db:
            attempt = locked_attempt(db, out_trade_no)
            if attempt is None or attempt.state is not AttemptState.CANCELLING:
                return
            paid_meanwhile = False
            if outcome.refunded:
                book(db, "gateway_in", out_trade_no, attempt.intent_id, attempt.amount_fen, now, out_trade_no)
                book(db, "gateway_refund", f"cancel-{out_trade_no}", attempt.intent_id, attempt.amount_fen, now,
                     out_trade_no)
                state = AttemptState.REFUNDED
            else:  # "closed", yet a payment notified while we cancelled was booked: it goes back
                paid_meanwhile = is_received(db, out_trade_no)
                state = AttemptState.REFUND_DUE if paid_meanwhile else AttemptState.CANCELLED
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=state,
                   **({"error": "paid while it was being cancelled"} if paid_meanwhile else {}))
        self.audit.record("kiosk", "payment.cancelled", {"out_trade_no": out_trade_no, "refunded": outcome.refunded})
        if paid_meanwhile:
            self.refund_unneeded(out_trade_no)

    # Money arrives -----------------------------------------------------------------------------------

    def record_paid(self, out_trade_no: str, trade_no: str, amount_fen: Fen, source: str) -> PaymentAttempt:
        """The gateway says this order is paid: book it once, credit it or mark it for refund."""
        now = self.clock.now()
        with write_transaction(self.db) as db:
            attempt = locked_attempt(db, out_trade_no)
            if attempt is None:
                raise KeyError(f"no payment attempt {out_trade_no}")
            already_decided = attempt.state.value not in (*OPEN_ATTEMPT_STATES, AttemptState.CANCELLING.value) \
                and attempt.state not in CLOSED_UNPAID_STATES
            if already_decided:
                wanted = attempt.state is AttemptState.PAID  # nothing is booked twice
            else:
                wanted = self._book_paid(db, attempt, trade_no, amount_fen, now)
        if already_decided:
            if wanted:  # whoever booked it may still be settling: return once the bill is settled
                self._finalize(attempt.intent_id)
            return self.attempt(out_trade_no)
        self.audit.record("kiosk", "payment.received", {"out_trade_no": out_trade_no, "amount_fen": amount_fen,
                                                        "source": source, "credited": wanted})
        if wanted:
            self._finalize(attempt.intent_id)
        elif attempt.state is not AttemptState.CANCELLING:
            self.refund_unneeded(out_trade_no)
        return self.attempt(out_trade_no)

    def _book_paid(self, db: Database, attempt: PaymentAttempt, trade_no: str, amount_fen: Fen,
                   now: datetime) -> bool:
        """Inside the caller's transaction: book the money in; True when it pays the bill."""
        out_trade_no = attempt.out_trade_no
        book(db, "gateway_in", out_trade_no, attempt.intent_id, amount_fen, now, out_trade_no)
        if attempt.state is AttemptState.CANCELLING:
            return False  # we chose not to take it: the cancel refunds it
        if attempt.state in CLOSED_UNPAID_STATES:  # paid after we closed it: the money goes back
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=AttemptState.REFUND_DUE,
                   trade_no=trade_no, error=f"paid after the order was {attempt.state.value}")
            return False
        intent = intent_by_id(db, attempt.intent_id)  # the caller holds the bill's lock
        wanted = intent.state is IntentState.OPEN and amount_fen == attempt.amount_fen
        paid_by = claim_bill_items(db, intent, now) if wanted else None
        if wanted and paid_by is None:
            update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=AttemptState.PAID,
                   credited=1, trade_no=trade_no)
            update(db, "payment_intents", "id", intent.id, now, state=IntentState.PAID, method=attempt.kind)
            return True
        reason = ("amount differs" if amount_fen != attempt.amount_fen else
                  f"{PAID_BY_ANOTHER_BILL} {paid_by}" if paid_by else f"bill already {intent.state.value}")
        update(db, "payment_attempts", "out_trade_no", out_trade_no, now, state=AttemptState.REFUND_DUE,
               trade_no=trade_no, error=reason)
        return False

    def handle_notification(self, form: dict[str, str]) -> bool:
        """A notification from the gateway; True means "acknowledge" (also for a duplicate).

        Its ``notify_id`` is stored only when it was accepted and acted on: the gateway repeats a
        notification with the same ``notify_id``, and a repeat of one we refused (or could not finish)
        must be processed, not waved through as a duplicate."""
        return self._handle(lambda: self.gateway.verify_notification(form), form.get("out_trade_no", ""))

    def handle_wechat_notification(self, headers: dict[str, str], body: bytes) -> bool:
        """A WeChat Pay notification (signed headers, JSON body); True means "acknowledge"."""
        verify = getattr(self.gateway, "verify_wechat_notification", None)
        if verify is None:
            return False
        return self._handle(lambda: verify(headers, body), "")

    def _handle(self, verify: Callable[[], Notification], out_trade_no_hint: str) -> bool:
        try:
            note = verify()
        except BadSignature as exc:
            self.audit.record("kiosk", "payment.notification_rejected", {"reason": str(exc),
                                                                         "out_trade_no": out_trade_no_hint})
            return False
        reason = self._refusal(note)
        if reason:
            self.audit.record("kiosk", "payment.notification_rejected", {"reason": reason,
                                                                         "out_trade_no": note.out_trade_no})
            return False
        if notification_acted_on(self.db, note.notify_id):
            return True  # a duplicate of one already acted on
        if not self._act_on(note):
            return False  # not finished (the gateway did not answer our query): its retry comes back
        with write_transaction(self.db) as db:
            remember_notification(db, note.notify_id, note.out_trade_no, note.status.value,
                                  "refund" if note.refund_request_no else "accepted", self.clock.now())
        return True

    def _refusal(self, note: Notification) -> str:
        """Why a verified notification is not for us (plain words), or ""."""
        age_s = abs((self.clock.now() - note.notify_time).total_seconds())
        app_id_for = getattr(self.gateway, "app_id_for", None)
        if note.app_id != (app_id_for(note.out_trade_no) if app_id_for else self.gateway.app_id):
            return "for another app"
        if age_s > self.settings.replay_window_s:
            return f"outside the replay window ({age_s:.0f} s old)"
        attempt = attempt_by_no(self.db, note.out_trade_no)
        if attempt is None:
            return "unknown order"
        if note.status is TradeStatus.PAID and note.amount_fen != attempt.amount_fen:
            return "amount differs from the order"
        return ""

    def _act_on(self, note: Notification) -> bool:
        """Do what a verified notification asks; False when it could not be finished yet."""
        attempt = self.attempt(note.out_trade_no)
        if note.refund_request_no:  # a refund notification: confirm our own refund of unneeded money
            if attempt.state is AttemptState.REFUND_DUE:
                self.refund_unneeded(note.out_trade_no)
            return True
        if note.status not in (TradeStatus.PAID, TradeStatus.FINISHED):
            return True
        if attempt.state in CLOSED_UNPAID_STATES:
            return self._paid_after_closing(note.out_trade_no)
        self.record_paid(note.out_trade_no, note.trade_no, note.amount_fen, source="notification")
        return True

    def check_closed(self, out_trade_no: str) -> None:
        """Recovery: ask about an order we closed, in case it was paid after all and no notification
        reached us (the kiosk was down, the notification was refused); a late payment is refunded."""
        try:
            trade = self.gateway.query(out_trade_no)
        except (GatewayUnavailable, GatewayMisconfigured):
            return
        if trade.status in (TradeStatus.PAID, TradeStatus.FINISHED):
            self.record_paid(out_trade_no, trade.trade_no, trade.amount_fen, source="query of a closed order")

    def _paid_after_closing(self, out_trade_no: str) -> bool:
        """Money for an order we had cancelled (or whose creation failed): ask the gateway, and if it
        was paid, book it and refund it."""
        try:
            trade = self.gateway.query(out_trade_no)
        except (GatewayUnavailable, GatewayMisconfigured) as exc:
            log.warning("late payment notification for %s not confirmed yet: %s", out_trade_no, exc)
            return False
        if trade.status in (TradeStatus.PAID, TradeStatus.FINISHED):
            self.record_paid(out_trade_no, trade.trade_no, trade.amount_fen, source="query after a late notification")
        else:
            self.audit.record("kiosk", "payment.late_notification_unconfirmed",
                              {"out_trade_no": out_trade_no, "gateway_status": trade.status.value})
        return True

    def refund_unneeded(self, out_trade_no: str) -> None:
        """Give back a payment the bill did not need; booked only once the gateway says the money moved
        (until then the attempt stays ``refund_due`` and recovery asks again with the same number)."""
        attempt = self.attempt(out_trade_no)
        if attempt.state is not AttemptState.REFUND_DUE:
            return
        paid = received_fen(self.db, out_trade_no)
        request_no = f"auto-{out_trade_no}"
        try:
            outcome = refund_and_confirm(self.gateway, out_trade_no, paid, request_no)
        except (GatewayUnavailable, GatewayRejected) as exc:
            log.warning("refund of unneeded payment %s not done yet: %s", out_trade_no, exc)
            return
        if not outcome.money_moved:
            log.info("refund of unneeded payment %s accepted; waiting for the money to move", out_trade_no)
            return
        now = self.clock.now()
        with write_transaction(self.db) as db:
            if not update(db, "payment_attempts", "out_trade_no", out_trade_no, now,
                          only_if=(AttemptState.REFUND_DUE,), state=AttemptState.REFUNDED):
                return  # another round (or the notification service) confirmed it first
            book(db, "gateway_refund", request_no, attempt.intent_id, paid, now, out_trade_no)
        self.audit.record("kiosk", "payment.refunded_unneeded", {"out_trade_no": out_trade_no,
                                                                 "amount_fen": paid})

    def _failed(self, out_trade_no: str, exc: GatewayRejected) -> None:
        """The gateway refused to create the order: nothing was charged. A refusal of the kiosk's own
        settings goes to the log and the audit (the maintenance screen) in plain words: no retry helps."""
        self._set_attempt(out_trade_no, AttemptState.FAILED, error=str(exc))
        if isinstance(exc, GatewayMisconfigured):
            log.error("mobile payment is misconfigured: %s", exc)
            self.audit.record("kiosk", "payment.misconfigured", {"problem": str(exc), "out_trade_no": out_trade_no})

    def _set_attempt(self, out_trade_no: str, state: AttemptState, **values: object) -> None:
        """The gateway answered the call that created the order; a notification or a poll that already
        moved the attempt on (paid meanwhile) wins."""
        with write_transaction(self.db) as db:
            update(db, "payment_attempts", "out_trade_no", out_trade_no, self.clock.now(),
                   only_if=(AttemptState.CREATING,), state=state, **values)
