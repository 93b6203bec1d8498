"""Recovery: finish what a crash or a lost reply left half done, and give up bills nobody paid.

Every step is one the service can repeat safely (see ``kiosk.payment.service``), so recovery is just
"run the unfinished steps again", at start-up and then periodically. A kiosk recovers only its own:
the orders it created and the bills it handles (``kiosk_id``); on a database shared by the hospital's
kiosks another kiosk's open bill may be on that kiosk's screen right now.
"""
from __future__ import annotations

from datetime import timedelta

from kiosk.payment.service import PaymentService
from kiosk.payment.store import (
    OPEN_ATTEMPT_STATES,
    AttemptState,
    IntentState,
    attempts_in,
    attempts_of,
    intent_by_id,
    intents_in,
    lock_intent,
    update,
)
from kiosk.storage import write_transaction


def recover(service: PaymentService) -> dict[str, int]:
    """Finish what a crash (or a lost reply) left half done; run at start-up and then periodically."""
    stale_before = service.clock.now() - timedelta(seconds=service.settings.abandon_after_s)
    done = {"presettled": 0, "polled": 0, "cancelled": 0, "refunded": 0, "finalized": 0, "abandoned": 0,
            "late_checked": 0}
    db, kiosk = service.db, service.kiosk_id
    for intent in intents_in(db, kiosk, IntentState.PRESETTLING):
        service.presettle(intent)
        done["presettled"] += 1
    for attempt in attempts_in(db, kiosk, AttemptState.CREATING, AttemptState.AWAITING):
        service.check_attempt(attempt.out_trade_no, ask_gateway=True)
        done["polled"] += 1
    for attempt in attempts_in(db, kiosk, AttemptState.CANCELLING):
        service.orders.cancel_quietly(attempt.out_trade_no)
        done["cancelled"] += 1
    watch_since = service.clock.now() - timedelta(seconds=service.settings.late_payment_watch_s)
    for attempt in attempts_in(db, kiosk, AttemptState.CANCELLED, AttemptState.FAILED):
        if attempt.created_at >= watch_since:  # paid after we closed it, and its notification never came
            service.orders.check_closed(attempt.out_trade_no)
            done["late_checked"] += 1
    for attempt in attempts_in(db, kiosk, AttemptState.REFUND_DUE):
        service.orders.refund_unneeded(attempt.out_trade_no)
        done["refunded"] += 1
    for intent in intents_in(db, kiosk, IntentState.ABANDONED):
        if intent.setl_id and intent.created_at > stale_before - timedelta(days=1):
            service.insurance.reverse(intent.setl_id)  # idempotent: covers a crash right after abandoning
    for intent in intents_in(db, kiosk, IntentState.PAID, IntentState.CREDIT):
        service.finalize(intent.id)
        done["finalized"] += 1
    for intent in intents_in(db, kiosk, IntentState.OPEN):
        if intent.created_at < stale_before and abandon(service, intent.id):
            done["abandoned"] += 1
    return done


def abandon(service: PaymentService, intent_id: str) -> bool:
    """Give up an unpaid bill: only when no attempt is still open; the pre-settlement is reversed."""
    with write_transaction(service.db) as db:
        lock_intent(db, intent_id)  # no kiosk starts an order for it while we look
        attempts = attempts_of(db, intent_id)
        if any(a.state.value in (*OPEN_ATTEMPT_STATES, AttemptState.CANCELLING.value) for a in attempts):
            return False
        intent = intent_by_id(db, intent_id)
        if not update(db, "payment_intents", "id", intent_id, service.clock.now(), only_if=(IntentState.OPEN,),
                      state=IntentState.ABANDONED):
            return False
    if intent.setl_id:
        service.insurance.reverse(intent.setl_id)
    service.audit.record("kiosk", "payment.abandoned", {"intent": intent_id})
    return True


def give_up_left_bill(service: PaymentService, intent_id: str) -> bool:
    """The patient left the kiosk with this bill unpaid: its orders still open are cancelled (a payment
    that raced the cancel is booked, or refunded), then the bill is given up and its pre-settlement
    reversed at once, not after ``abandon_after_s``. False when it was paid after all, or is not open."""
    for attempt in attempts_of(service.db, intent_id):
        if attempt.state.value in OPEN_ATTEMPT_STATES:
            service.cancel_attempt(attempt.out_trade_no)
    return abandon(service, intent_id)
