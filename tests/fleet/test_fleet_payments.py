"""Payments across kiosk processes on one PostgreSQL, against the real sandbox gateway process: the same
bill paid at two kiosks is charged once, and a kiosk killed (SIGKILL) while its payment QR was being
paid charges nobody twice once it starts again."""
from __future__ import annotations


import pytest

from payment_world import wait_until
from kiosk.payment.sandbox.process import SandboxControl
from tests.fleet.kiosks import gateway_spec


@pytest.fixture
def gateway(sandbox, tmp_path):
    """The sandbox gateway as the kiosks' configured gateway URL, with its key files (like production)."""
    folder = tmp_path / "gateway-keys"
    folder.mkdir(mode=0o700)
    control = SandboxControl(sandbox.url)
    control.reset_faults()
    yield gateway_spec(sandbox, folder)
    control.reset_faults()


def charged_fen(control: SandboxControl, out_trade_nos) -> tuple[int, int]:
    """(money taken from the customer and kept, refunds still on their way) over these orders."""
    trades = control.trades()
    kept = pending = 0
    for number in out_trade_nos:
        trade = trades.get(number)
        if trade and trade["paid"]:
            kept += trade["amount_fen"] - trade["refunded_fen"] - trade["refunds_pending_fen"]
            pending += trade["refunds_pending_fen"]
    return kept, pending


def intents_of(db, patient_id: str) -> list[tuple]:
    return db.execute("SELECT id, state, kiosk_id FROM payment_intents WHERE patient_id = ? ORDER BY created_utc",
                      (patient_id,)).fetchall()


def test_the_same_bill_paid_at_two_kiosks_at_once_is_charged_once(start_kiosk, gateway, sandbox, hospital_db):
    """The family opens the bill at both lobbies and both tap "pay by QR" at the same moment: one kiosk
    shows a QR, the other says the bill is being paid at another kiosk; the bill is paid once."""
    east, west = start_kiosk("EAST-1", gateway=gateway), start_kiosk("WEST-1", gateway=gateway)
    for kiosk in (east, west):
        kiosk.send("open_bill", patient="DEMO-001")
    bills = [kiosk.reply() for kiosk in (east, west)]
    assert all(bill["ok"] for bill in bills), bills
    assert bills[0]["intent"] == bills[1]["intent"] and bills[0]["due_fen"] == bills[1]["due_fen"] == 1350
    for kiosk in (east, west):
        kiosk.send("start_qr", intent=bills[0]["intent"])
    answers = {kiosk.kiosk: kiosk.reply() for kiosk in (east, west)}
    shown = [name for name, answer in answers.items() if answer.get("ok")]
    refused = [answer for answer in answers.values() if not answer.get("ok")]
    assert len(shown) == 1 and [answer["kind"] for answer in refused] == ["BillInUseElsewhere"], answers
    order = answers[shown[0]]["out_trade_no"]

    control = SandboxControl(sandbox.url)
    control.pay(order)
    assert wait_until(lambda: charged_fen(control, [order]) == (1350, 0), timeout=20), charged_fen(control, [order])
    assert wait_until(lambda: [state for _, state, _ in intents_of(hospital_db, "DEMO-001")] == ["settled"], timeout=20)
    assert hospital_db.execute("SELECT count(*) FROM payment_ledger WHERE kind = 'gateway_in'").fetchone()[0] == 1
    assert east.call("open_bill", patient="DEMO-001")["kind"] == "NothingToPay"
    assert west.call("open_bill", patient="DEMO-001")["kind"] == "NothingToPay"


def test_a_kiosk_killed_while_its_qr_is_paid_charges_once_after_it_starts_again(start_kiosk, gateway, sandbox,
                                                                                hospital_db):
    """kill -9 while the patient's phone pays the QR: the next kiosk does not open a second order for the
    bill (it says where it is being paid), and the killed kiosk's start-up recovery books the payment."""
    east = start_kiosk("EAST-1", gateway=gateway)
    bill = east.ok("open_bill", patient="DEMO-002")
    first = east.ok("start_qr", intent=bill["intent"])["out_trade_no"]
    east.kill()  # the kiosk dies while the patient's phone shows its QR
    control = SandboxControl(sandbox.url)
    control.pay(first)  # the payment goes through; the kiosk that would hear of it is gone

    west = start_kiosk("WEST-1", gateway=gateway)  # the patient walks to the next kiosk
    answer = west.call("open_bill", patient="DEMO-002")
    assert not answer.get("ok") and answer["kind"] == "BillInUseElsewhere", answer

    east.start()  # start-up recovery asks the gateway about the order the dead kiosk left open
    east.ok("recover")
    assert wait_until(lambda: [state for _, state, _ in intents_of(hospital_db, "DEMO-002")] == ["settled"], timeout=20)
    assert charged_fen(control, [first]) == (bill["due_fen"], 0)
    assert hospital_db.execute("SELECT state FROM payment_attempts WHERE out_trade_no = ?", (first,)).fetchone() == ("paid",)
    assert west.call("open_bill", patient="DEMO-002")["kind"] == "NothingToPay"
