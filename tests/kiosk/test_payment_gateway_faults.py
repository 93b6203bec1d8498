"""Issue 16, D2–D7, against the real sandbox gateway process: money paid to a cancelled order comes
back, a refused notification is processed when the gateway repeats it, a refund counts only once the
money moved, a wrong app id or key is named as such, the notification listener answers any bytes,
and refund request numbers are per trade."""
from __future__ import annotations

import socket
import time

import pytest

from kiosk.payment.alipay_gateway import AlipayGateway
from kiosk.payment.gateway import GatewayMisconfigured
from kiosk.payment.notifications import MAX_BODY_BYTES, NotificationListener
from kiosk.payment.refunds import WAITING_FOR_MONEY, reconcile, refund, retry_requested_refunds
from kiosk.payment.signing import generate_key_pair
from kiosk.payment.store import AttemptState, IntentState
from payment_world import make_world, wait_until


@pytest.fixture
def world(database_target, sandbox):
    made = make_world(database_target, sandbox)
    made.control.reset_faults()
    yield made
    made.control.reset_faults()
    made.close()


# D2 ---------------------------------------------------------------------------------------------------

def test_money_paid_to_a_cancelled_order_is_queried_booked_refunded_and_reconciled_until_then(world):
    service = world.service
    intent = service.open_bill("DEMO-002")
    attempt = service.start_qr(intent.id)
    world.control.faults(paid_after_cancel=True, refund_pending_s=1.0)
    # the late payment's notification may already have been booked when cancel returns
    assert service.cancel_attempt(attempt.out_trade_no).state in (AttemptState.CANCELLED, AttemptState.REFUND_DUE)
    # the gateway's notification of the late payment: queried, booked, refund asked for (money not moved yet)
    assert wait_until(lambda: service.attempt(attempt.out_trade_no).state is AttemptState.REFUND_DUE)
    assert world.ledger() == [("gateway_in", attempt.out_trade_no, 7500)]
    waiting = reconcile(service, service.clock.today())
    assert any(attempt.out_trade_no in d and "refund is not confirmed" in d for d in waiting.differences)
    time.sleep(1.1)
    service.recover()  # asks again with the same request number; the refund query confirms it
    assert service.attempt(attempt.out_trade_no).state is AttemptState.REFUNDED
    assert [r[0] for r in world.ledger()] == ["gateway_in", "gateway_refund"]
    assert service.intent(intent.id).state is IntentState.OPEN  # the bill is still to pay
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == 7500
    assert reconcile(service, service.clock.today()).balanced


def test_a_late_payment_whose_notification_never_came_is_found_by_recovery_and_refunded(world):
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-003").id)
    world.control.faults(paid_after_cancel=True, notify="none")  # e.g. the kiosk was down when it was sent
    assert service.cancel_attempt(attempt.out_trade_no).state is AttemptState.CANCELLED
    assert service.recover()["late_checked"] == 1
    assert service.attempt(attempt.out_trade_no).state is AttemptState.REFUNDED
    assert [r[0] for r in world.ledger()] == ["gateway_in", "gateway_refund"]
    assert reconcile(service, service.clock.today()).balanced


def test_a_payment_notified_while_the_cancel_is_under_way_is_refunded(world, monkeypatch):
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-001").id)
    world.control.faults(paid_after_cancel=True, notify="none")
    gateway, real_cancel = service.orders.gateway, service.orders.gateway.cancel

    def cancel_while_the_notification_lands(out_trade_no):
        outcome = real_cancel(out_trade_no)  # answered "closed"; the payment is taken all the same
        paid = gateway.query(out_trade_no)
        service.record_paid(out_trade_no, paid.trade_no, paid.amount_fen, source="notification")
        return outcome

    monkeypatch.setattr(gateway, "cancel", cancel_while_the_notification_lands)
    assert service.cancel_attempt(attempt.out_trade_no).state is AttemptState.REFUNDED
    assert [r[0] for r in world.ledger()] == ["gateway_in", "gateway_refund"]
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == 1350


# D3 ---------------------------------------------------------------------------------------------------

def test_a_notification_that_failed_is_processed_when_the_gateway_repeats_it(world, monkeypatch):
    service = world.service
    attempt = service.start_qr(service.open_bill("DEMO-001").id)
    real_record_paid, calls = service.orders.record_paid, []

    def database_busy_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("database is locked")
        return real_record_paid(*args, **kwargs)

    monkeypatch.setattr(service.orders, "record_paid", database_busy_once)
    world.control.pay(attempt.out_trade_no)  # the first delivery fails; the sandbox repeats the same notify_id
    assert wait_until(lambda: service.db.execute("SELECT count(*) FROM payment_notifications").fetchone()[0] == 1)
    assert service.attempt(attempt.out_trade_no).state is AttemptState.PAID
    assert len(calls) == 2
    assert service.db.execute("SELECT outcome FROM payment_notifications").fetchall() == [("accepted",)]


def test_a_refused_notification_reserves_nothing(world):
    world.control.faults(stale_notify_s=3600)
    attempt = world.service.start_qr(world.service.open_bill("DEMO-003").id)
    world.control.pay(attempt.out_trade_no)
    assert wait_until(lambda: world.service.audit.entries(action="payment.notification_rejected"))
    assert world.db.execute("SELECT count(*) FROM payment_notifications").fetchone() == (0,)


# D4 ---------------------------------------------------------------------------------------------------

def test_a_staff_refund_is_done_only_once_the_money_moved(world):
    service = world.service
    attempt = service.pay_with_code(service.open_bill("DEMO-002").id, world.control.payment_code())
    world.control.faults(refund_pending_s=0.8)
    first = refund(service, attempt.out_trade_no, 2500, "RF-1", "2001", "wrong item")
    assert (first.state, first.error) == ("requested", WAITING_FOR_MONEY)
    assert world.ledger("gateway_refund") == []
    assert retry_requested_refunds(service) == 1  # still not moved: still requested, nothing booked
    assert world.ledger("gateway_refund") == []
    time.sleep(0.9)
    retry_requested_refunds(service)
    done = refund(service, attempt.out_trade_no, 2500, "RF-1", "2001", "wrong item")
    assert (done.state, done.error) == ("done", "")
    assert world.ledger("gateway_refund") == [("gateway_refund", f"{attempt.out_trade_no}/RF-1", 2500)]
    assert world.control.trades()[attempt.out_trade_no]["refunded_fen"] == 2500


def test_an_unneeded_payment_stays_refund_due_until_the_money_moved(world):
    world.control.faults(refund_pending_s=0.8)
    service = world.service
    intent = service.open_bill("DEMO-003")
    first, second = service.start_qr(intent.id), service.start_qr(intent.id)
    world.control.pay(first.out_trade_no)
    assert wait_until(lambda: service.attempt(first.out_trade_no).state is AttemptState.PAID)
    world.control.pay(second.out_trade_no)
    assert wait_until(lambda: service.attempt(second.out_trade_no).state is AttemptState.REFUND_DUE)
    time.sleep(0.3)
    assert service.attempt(second.out_trade_no).state is AttemptState.REFUND_DUE
    assert world.ledger("gateway_refund") == []
    time.sleep(0.6)
    service.recover()
    assert service.attempt(second.out_trade_no).state is AttemptState.REFUNDED
    assert world.ledger("gateway_refund") == [("gateway_refund", f"auto-{second.out_trade_no}", 933)]


# D5 ---------------------------------------------------------------------------------------------------

def test_a_wrong_app_id_is_a_configuration_error_in_plain_words_and_is_not_retried(world, sandbox):
    world.service.orders.gateway = AlipayGateway("2021000000000999", sandbox.app_private_key, sandbox.gateway_public_key,
                                                 sandbox.gateway_url, world.listener.url, timeout_s=2.0)
    intent = world.service.open_bill("DEMO-001")
    with pytest.raises(GatewayMisconfigured) as refused:
        world.service.start_qr(intent.id)
    assert "payment.app_id" in str(refused.value) and "40002" in str(refused.value)
    assert "unavailable" not in str(refused.value) and "did not answer" not in str(refused.value)
    # nothing was created at the gateway: the attempt failed outright, there is nothing to cancel or poll
    assert world.db.execute("SELECT state FROM payment_attempts").fetchall() == [("failed",)]
    assert world.service.recover()["polled"] == 0 and world.service.recover()["cancelled"] == 0
    told = world.service.audit.entries(action="payment.misconfigured")
    assert len(told) == 1 and "payment.app_id" in told[0].detail["problem"]


def test_a_wrong_private_key_names_the_key_file(world, sandbox):
    other_private, _ = generate_key_pair()
    gateway = AlipayGateway(sandbox.app_id, other_private, sandbox.gateway_public_key, sandbox.gateway_url, timeout_s=2.0)
    with pytest.raises(GatewayMisconfigured) as refused:
        gateway.query("NO-SUCH-ORDER")
    assert "payment.app_private_key_file" in str(refused.value)


# D6 ---------------------------------------------------------------------------------------------------

@pytest.fixture
def listener():
    received: list[dict[str, str]] = []
    server = NotificationListener(lambda form: received.append(form) or True, read_timeout_s=0.5).start()
    yield server, received
    server.stop()


def raw_post(server, head: bytes, body: bytes = b"", wait_s: float = 5.0) -> bytes:
    with socket.create_connection(server.server_address, timeout=wait_s) as conn:
        conn.sendall(b"POST /notify/alipay HTTP/1.1\r\nHost: kiosk\r\n" + head + b"\r\n" + body)
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
    return answer


@pytest.mark.parametrize("head, body, status", [
    (b"Content-Length: 4\r\nContent-Type: application/x-www-form-urlencoded\r\n", b"a=\xff\xfe", b"400"),
    (b"Content-Length: ten\r\n", b"a=1", b"400"),
    (b"Content-Length: -5\r\n", b"a=1", b"400"),
    (b"", b"a=1", b"411"),
    (f"Content-Length: {MAX_BODY_BYTES + 1}\r\n".encode(), b"a=1", b"413"),
    (b"Content-Length: 999999999999\r\n", b"", b"413"),
    (b"Content-Length: 200\r\n", b"notify_id=1&out_trade_no=", b"408"),  # the sender stops half way
])
def test_the_listener_answers_any_bytes(listener, head, body, status):
    server, received = listener
    answer = raw_post(server, head, body)  # a hung connection would fail on raw_post's own socket timeout
    assert answer.startswith(b"HTTP/1.0 " + status) and answer.endswith(b"fail")
    assert received == []


def test_the_listener_still_takes_a_good_notification_after_bad_ones(listener):
    server, received = listener
    raw_post(server, b"Content-Length: 3\r\n", b"\xff\xff\xff")
    assert raw_post(server, b"Content-Length: 12\r\n", b"notify_id=42").endswith(b"success")
    assert received == [{"notify_id": "42"}]


# D7 ---------------------------------------------------------------------------------------------------

def test_the_same_request_number_on_two_trades_is_two_refunds(world):
    service = world.service
    first = service.pay_with_code(service.open_bill("DEMO-001").id, world.control.payment_code())
    second = service.pay_with_code(service.open_bill("DEMO-002").id, world.control.payment_code())
    one = refund(service, first.out_trade_no, 1000, "RF-1", "2001", "wrong item")
    two = refund(service, second.out_trade_no, 2000, "RF-1", "2001", "wrong item")
    assert (one.out_trade_no, one.amount_fen, one.state) == (first.out_trade_no, 1000, "done")
    assert (two.out_trade_no, two.amount_fen, two.state) == (second.out_trade_no, 2000, "done")
    trades = world.control.trades()
    assert (trades[first.out_trade_no]["refunded_fen"], trades[second.out_trade_no]["refunded_fen"]) == (1000, 2000)
    assert sorted(r[2] for r in world.ledger("gateway_refund")) == [1000, 2000]
    assert reconcile(service, service.clock.today()).balanced
