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
