"""The refund store's conditional writes, on the engine under test: a reversal is planned once per
(trade, request number) and marked done once; each kiosk sees the unfinished refunds of its own payments."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kiosk.payment.refund_store import (
    add_refund,
    add_reversal,
    mark_reversal_done,
    refund_by_no,
    refunded_fen,
    refunded_or_pending_fen,
    requested_refunds,
    reversal_by_no,
    unfinished_reversals,
    update_refund,
)
from kiosk.payment.store import IntentState, add_attempt, add_intent
from kiosk.storage import write_transaction

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=timezone.utc)


def _paid_order(db, kiosk_id: str, trade: str, amount_fen: int) -> None:
    add_intent(db, f"I-{trade}", kiosk_id, f"bill:{trade}", "P001", "[]", "[]", amount_fen, 0, IntentState.OPEN, NOW)
    add_attempt(db, trade, f"I-{trade}", kiosk_id, "qr", amount_fen, NOW + timedelta(minutes=3), NOW)


def test_a_reversal_is_planned_once_and_finished_once(db):
    with write_transaction(db):
        _paid_order(db, "K1", "T1", 5000)
        add_refund(db, "RF-1", "T1", 5000, "patient_asked", "F001", NOW)
        update_refund(db, "T1", "RF-1", NOW, state="done", error="")
        add_reversal(db, "T1", "RF-1", "I-T1", "full", "SETL1", ["C1", "C2"], "requested", NOW)
        add_reversal(db, "T1", "RF-1", "I-T1", "self_pay_only", None, [], "done", NOW)  # a repeat changes nothing
    reversal = reversal_by_no(db, "T1", "RF-1")
    assert (reversal.scope, reversal.setl_id, reversal.charge_ids, reversal.state) == (
        "full", "SETL1", ["C1", "C2"], "requested")
    assert refunded_fen(db, "T1") == 5000 and refund_by_no(db, "T1", "RF-1").state == "done"
    with write_transaction(db):
        assert mark_reversal_done(db, "T1", "RF-1", NOW) is True
        assert mark_reversal_done(db, "T1", "RF-1", NOW) is False  # the second kiosk finishing it changes nothing
    assert reversal_by_no(db, "T1", "RF-1").state == "done"
    assert reversal_by_no(db, "T1", "RF-9") is None


def test_each_kiosk_sees_the_unfinished_refunds_of_its_own_payments(db):
    with write_transaction(db):
        _paid_order(db, "K1", "T1", 3000)
        _paid_order(db, "K2", "T2", 4000)
        add_refund(db, "RF-1", "T1", 1000, "charged_twice", "F001", NOW)
        add_refund(db, "RF-2", "T1", 500, "charged_twice", "F001", NOW + timedelta(seconds=1))
        add_refund(db, "RF-3", "T2", 4000, "wrong_amount", "F002", NOW)
        update_refund(db, "T1", "RF-2", NOW, state="failed", error="refused")
        update_refund(db, "T2", "RF-3", NOW, state="done", error="")
        add_reversal(db, "T2", "RF-3", "I-T2", "full", None, [], "requested", NOW)
    assert [(r.out_request_no, r.amount_fen, r.requested_by) for r in requested_refunds(db, "K1")] == [
        ("RF-1", 1000, "F001")]
    assert refunded_or_pending_fen(db, "T1") == 1000 and refunded_fen(db, "T1") == 0  # failed ones do not count
    assert unfinished_reversals(db, "K1") == [] and unfinished_reversals(db, "K2") == [("T2", "RF-3")]
