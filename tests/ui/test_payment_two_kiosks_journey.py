"""A bill whose QR is up at another kiosk of the hospital (same database): this kiosk says so in plain
words, speaks it, charges nothing, and takes the bill over once the other kiosk's order is closed."""
from __future__ import annotations

from kiosk.audit import AuditLog
from kiosk.payment.service import PaymentService


def test_a_bill_paid_at_another_kiosk_is_refused_in_plain_words_then_taken_over(window, qtbot):
    own = window.services.payments.service
    east = PaymentService(own.db, own.clock, own.his, own.insurance, own.gateway, own.billing,
                          AuditLog(own.db, own.clock, "east-1"), own.settings)  # the kiosk in the east lobby
    order = east.start_qr(east.open_bill("DEMO-001").id)

    window.go("pay")
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)
    window.identification.identified(window.services.his.patient("DEMO-001"))
    bill = window.screens["pay"]
    qtbot.waitUntil(lambda: window.current is bill and bill.problem == "elsewhere", timeout=10_000)
    assert "另一台自助机" in bill.explain.text() and "本机没有扣款" in bill.explain.text()
    assert order.deadline.strftime("%M") in bill.explain.text()  # when the other kiosk's order runs out
    assert not bill.qr_button.isVisible() and not bill.code_button.isVisible()
    speaker = window.services.devices.device("speaker")
    qtbot.waitUntil(lambda: any("另一台自助机" in text for text in speaker.spoken_texts()), timeout=3000)
    db = window.services.db
    assert db.execute("SELECT kiosk_id FROM payment_attempts").fetchall() == [("east-1",)]
    assert db.execute("SELECT count(*) FROM payment_ledger").fetchone()[0] == 0

    east.cancel_attempt(order.out_trade_no)  # the patient walked away from the east kiosk
    window.go("home")  # the patient starts again: a new session, identified again
    window.go("pay")
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)
    window.identification.identified(window.services.his.patient("DEMO-001"))
    qtbot.waitUntil(lambda: window.current is bill and bill.intent is not None, timeout=10_000)
    assert bill.intent.id == order.intent_id and bill.intent.kiosk_id == own.kiosk_id != "east-1"
    assert bill.qr_button.isVisible()


def test_a_qr_paid_after_a_newer_bill_of_the_same_charges_gives_the_money_back_and_says_so(window, qtbot):
    """The QR is up here; a wheelchair fee arrives and the family pays the new bill (old charges and the
    fee) at the west kiosk; then the patient's phone pays the QR here. That money goes back by itself,
    and the bill screen says why, in words and aloud: there is nothing left to pay."""
    from kiosk.his.port import InsuranceCategory, ItemClass, NewCharge
    from kiosk.payment.store import AttemptState

    own = window.services.payments.service
    west = PaymentService(own.db, own.clock, own.his, own.insurance, own.gateway, own.billing,
                          AuditLog(own.db, own.clock, "west-1"), own.settings)
    window.go("pay")
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)
    window.identification.identified(window.services.his.patient("DEMO-001"))
    bill = window.screens["pay"]
    qtbot.waitUntil(lambda: window.current is bill and bill.intent is not None, timeout=10_000)
    bill.qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: qr.attempt is not None, timeout=10_000)
    order = qr.attempt

    own.his.post_charge(NewCharge("WC-R7", "DEMO-001", own.clock.today(), ItemClass.WHEELCHAIR, "轮椅租用",
                                  "Wheelchair rental", 600, InsuranceCategory.C))
    newer = west.open_bill("DEMO-001")
    control = window.services.payments.sandbox_control
    assert west.pay_with_code(newer.id, control.payment_code()).state is AttemptState.PAID

    control.pay(order.out_trade_no)  # the phone here pays the old QR all the same
    qtbot.waitUntil(lambda: window.current is bill and bill.problem == "nothing", timeout=15_000)
    assert "另一台自助机" in bill.explain.text() and "退回您的手机" in bill.explain.text()
    speaker = window.services.devices.device("speaker")
    qtbot.waitUntil(lambda: any("退回您的手机" in text for text in speaker.spoken_texts()), timeout=3000)
    qtbot.waitUntil(lambda: own.attempt(order.out_trade_no).state is AttemptState.REFUNDED, timeout=15_000)
    assert control.trades()[order.out_trade_no]["refunded_fen"] == order.amount_fen
    kinds = [row[0] for row in own.db.execute("SELECT kind FROM payment_ledger ORDER BY id")]
    assert kinds == ["gateway_in", "gateway_in", "gateway_refund"]  # west's payment kept, this one given back

    window.go("home")  # the session ends: nothing of it stays
    assert window.payment.remembers() == [] and "退回" not in bill.explain.text()
