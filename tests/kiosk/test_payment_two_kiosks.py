"""Two kiosks of one hospital on one database (two connections, two kiosk ids): each recovers only its
own bills and orders, and one bill opened and paid at both at the same moment is charged once.

Runs on the suite's engine (ONEVISIT_TEST_ENGINE): two connections to one SQLite file, or to one
PostgreSQL database, where writers are not serialised and the bill's advisory lock does the work."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from kiosk.clock import FixedClock
from kiosk.payment.errors import BillInUseElsewhere, PaymentRefused
from kiosk.payment.store import AttemptState, IntentState
from payment_world import make_world


@pytest.fixture
def kiosks(database_target, sandbox):
    """Kiosk A (east lobby) and kiosk B (west lobby): one database, one clock each, same wall time."""
    start = datetime.now(timezone.utc)
    east = make_world(database_target, sandbox, clock=FixedClock(start), kiosk_id="east-1")
    west = make_world(database_target, sandbox, clock=FixedClock(start), kiosk_id="west-1")
    east.control.reset_faults()
    yield east, west
    west.close()
    east.close()


def test_recovery_at_one_kiosk_leaves_another_kiosks_open_bill_and_order_alone(kiosks):
    east, west = kiosks
    at_east = east.service.open_bill("DEMO-001")
    order = east.service.start_qr(at_east.id)  # the QR is on the east kiosk's screen
    at_west = west.service.open_bill("DEMO-002")  # opened at the west kiosk, never paid
    assert (at_east.kiosk_id, order.kiosk_id, at_west.kiosk_id) == ("east-1", "east-1", "west-1")
    an_hour_later = east.service.clock.now() + timedelta(hours=1)  # past the order's deadline and abandon_after_s
    east.service.clock.set(an_hour_later)
    west.service.clock.set(an_hour_later)

    done = west.service.recover()
    assert (done["polled"], done["cancelled"], done["abandoned"]) == (0, 0, 1)
    assert west.service.intent(at_west.id).state is IntentState.ABANDONED
    assert east.service.intent(at_east.id).state is IntentState.OPEN  # not the west kiosk's to give up
    assert east.service.attempt(order.out_trade_no).state is AttemptState.AWAITING
    assert east.control.trades()[order.out_trade_no]["status"] == "WAIT_BUYER_PAY"  # nobody cancelled it

    done = east.service.recover()  # the east kiosk's own recovery does it
    assert (done["polled"], done["abandoned"]) == (1, 1)
    assert east.service.attempt(order.out_trade_no).state is AttemptState.CANCELLED
    assert east.service.intent(at_east.id).state is IntentState.ABANDONED


def test_a_bill_with_an_order_open_at_another_kiosk_is_refused_in_plain_words_then_taken_over(kiosks):
    east, west = kiosks
    intent = east.service.open_bill("DEMO-003")
    order = east.service.start_qr(intent.id)
    with pytest.raises(BillInUseElsewhere) as refused:
        west.service.open_bill("DEMO-003")
    assert refused.value.kiosk_id == "east-1"
    assert "being paid at another kiosk (east-1)" in str(refused.value) and "try again here after" in str(refused.value)
    east.service.cancel_attempt(order.out_trade_no)  # the patient walked away from the east kiosk
    taken = west.service.open_bill("DEMO-003")
    assert (taken.id, taken.kiosk_id) == (intent.id, "west-1")  # the same bill, now the west kiosk's
    paid = west.service.pay_with_code(taken.id, west.control.payment_code())
    assert paid.state is AttemptState.PAID and west.service.intent(intent.id).state is IntentState.SETTLED
    assert east.service.recover()["finalized"] == 0 and west.service.recover()["finalized"] == 0


def test_the_same_bill_paid_at_two_kiosks_at_the_same_moment_is_charged_once(kiosks):
    """Both kiosks open the bill together, then both charge a payment code together; three bills."""
    east, west = kiosks
    for patient in ("DEMO-001", "DEMO-002", "DEMO-003"):
        together = threading.Barrier(2, timeout=30)
        outcomes: dict[str, object] = {}

        def pay_at(world, name: str, patient: str = patient, together: threading.Barrier = together) -> None:
            code = world.control.payment_code()
            try:
                together.wait()
                intent = world.service.open_bill(patient)
                together.wait()
                outcomes[name] = world.service.pay_with_code(intent.id, code)
            except Exception as outcome:  # a refusal is checked below; anything else fails the test there
                outcomes[name] = outcome

        threads = [threading.Thread(target=pay_at, args=(east, "east")),
                   threading.Thread(target=pay_at, args=(west, "west"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        paid = [o for o in outcomes.values() if getattr(o, "state", None) is AttemptState.PAID]
        refused = [o for o in outcomes.values() if isinstance(o, PaymentRefused)]
        assert len(paid) == 1 and len(refused) == 1, (patient, outcomes)  # the other kiosk was told why
        assert "another kiosk" in str(refused[0]) or "nothing more to pay" in str(refused[0]), refused
        db = east.db
        intent_ids = {r[0] for r in db.execute("SELECT id FROM payment_intents WHERE patient_id = ?", (patient,))}
        assert len(intent_ids) == 1, f"{patient}: one bill, not {len(intent_ids)}"
        money_in = db.execute("SELECT count(*), sum(amount_fen) FROM payment_ledger WHERE kind = 'gateway_in' "
                              "AND intent_id IN (SELECT id FROM payment_intents WHERE patient_id = ?)",
                              (patient,)).fetchone()
        assert money_in[0] == 1, f"{patient}: charged {money_in[0]} times"
        trades = east.control.trades()
        numbers = [r[0] for r in db.execute("SELECT out_trade_no FROM payment_attempts WHERE intent_id IN "
                                            "(SELECT id FROM payment_intents WHERE patient_id = ?)", (patient,))]
        assert sum(trades[n]["status"] in ("TRADE_SUCCESS", "TRADE_FINISHED") for n in numbers if n in trades) == 1
        assert east.service.intent(intent_ids.pop()).state is IntentState.SETTLED


def test_maintenance_lists_the_payments_taken_at_its_own_kiosk(kiosks):
    """Finance staff at a kiosk see what that kiosk took today, not every kiosk's of the hospital."""
    from kiosk.maintenance.payments_view import todays_payments

    east, west = kiosks
    at_east = east.service.pay_with_code(east.service.open_bill("DEMO-001").id, east.control.payment_code())
    at_west = west.service.pay_with_code(west.service.open_bill("DEMO-002").id, west.control.payment_code())
    assert [line.out_trade_no for line in todays_payments(east.db, east.service.clock, "east-1")] \
        == [at_east.out_trade_no]
    assert [line.out_trade_no for line in todays_payments(west.db, west.service.clock, "west-1")] \
        == [at_west.out_trade_no]
