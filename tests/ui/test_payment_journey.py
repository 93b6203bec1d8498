"""The Pay journey through the real window, the real sandbox gateway process and simulated devices:
each ends in ledger rows, a settled bill and the invoice's bytes on the receipt printer."""
from __future__ import annotations

from kiosk.payment.store import AttemptState, IntentState


def reach_bill(window, qtbot, patient_id: str):
    """Identification is the lead's flow; finish it the way it reports a found patient."""
    window.go("pay")
    qtbot.waitUntil(lambda: window.current.name != "pay", timeout=3000)  # face or the typed fallbacks
    window.identification.identified(window.services.his.patient(patient_id))
    bill = window.screens["pay"]
    qtbot.waitUntil(lambda: window.current is bill and bill.intent is not None, timeout=10_000)
    return bill


def printed_invoice(window, number: str) -> bool:
    jobs = window.services.devices.device("receipt_printer").jobs
    return any(number.encode() in job.data for job in jobs)


def test_pay_by_qr_the_customer_pays_on_the_phone_and_the_invoice_prints(window, qtbot):
    bill = reach_bill(window, qtbot, "DEMO-001")
    assert "13.50" in bill.due.text() and "61.50" in bill.split.text()
    bill.qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: qr.attempt is not None, timeout=10_000)
    assert not qr.qr.pixmap().isNull() and "13.50" in qr.amount.text()
    window.services.payments.sandbox_control.pay(qr.attempt.out_trade_no)  # the patient's phone
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=10_000)
    assert printed_invoice(window, done.invoice.invoice_number)
    assert done.invoice.check_code in done.invoice_text.text()
    db = window.services.db
    assert db.execute("SELECT kind, amount_fen FROM payment_ledger").fetchall() == [("gateway_in", 1350)]
    assert db.execute("SELECT state FROM payment_intents").fetchall() == [(IntentState.SETTLED.value,)]
    speaker = window.services.devices.device("speaker")
    qtbot.waitUntil(lambda: any(text.startswith("缴费完成") for text in speaker.spoken_texts()), timeout=3000)
    done.finish_button.click()
    assert window.current is window.home


def test_scan_my_payment_code_with_the_scanner(window, qtbot):
    reach_bill(window, qtbot, "DEMO-002")
    window.go("pay_code")
    code = window.services.payments.sandbox_control.payment_code()
    window.services.devices.device("scanner").present(code)
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=10_000)
    assert printed_invoice(window, done.invoice.invoice_number)
    assert window.services.db.execute("SELECT amount_fen FROM payment_ledger").fetchall() == [(7500,)]
    assert done.qr_caption.isVisible() and "电子发票" in done.qr_caption.text()  # issue 18.7: the QR says what it is


def test_pay_later_with_a_new_credit_pin_and_refused_when_overdue(window, qtbot):
    reach_bill(window, qtbot, "DEMO-003")
    window.go("pay_later")
    later = window.screens["pay_later"]
    qtbot.waitUntil(lambda: later.offer is not None, timeout=5000)
    assert later.offer.eligible and later.keypad.isVisible() and later.mode == "new_pin"
    for _ in range(2):  # choose the PIN, then type it again
        for key in "135790":
            later.keypad.press(key)
        later.confirm_button.click()
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=10_000)
    assert printed_invoice(window, done.invoice.invoice_number)
    assert window.services.db.execute("SELECT amount_fen, state FROM credit_debts").fetchall() == [(933, "open")]
    # Issue 18.6: nothing was paid, so the screen does not say "payment complete"; it says what is owed by when
    due_day = window.services.db.execute("SELECT due_day FROM credit_debts").fetchone()[0]
    assert done.title.text() == "已确认先诊疗后付费" and "缴费完成" not in done.instruction()
    assert "9.33 元" in done.explain.text() and due_day in done.explain.text()
    window.go("home", reason="finished")
    reach_bill(window, qtbot, "DEMO-004")
    window.go("pay_later")
    qtbot.waitUntil(lambda: later.offer is not None, timeout=5000)
    assert not later.offer.eligible and not later.confirm_button.isVisible()
    assert "逾期" in later.explain.text()


def test_leaving_the_qr_screen_cancels_the_order_and_nothing_is_charged(window, qtbot):
    bill = reach_bill(window, qtbot, "DEMO-001")
    bill.qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: qr.attempt is not None, timeout=10_000)
    number, bill_id = qr.attempt.out_trade_no, bill.intent.id
    window.go("home", reason="home")
    service = window.services.payments.service
    qtbot.waitUntil(lambda: service.attempt(number).state is AttemptState.CANCELLED, timeout=10_000)
    assert window.services.payments.sandbox_control.pay(number)["ok"] is False
    assert window.services.db.execute("SELECT count(*) FROM payment_ledger").fetchone()[0] == 0
    qtbot.waitUntil(lambda: service.intent(bill_id).state is IntentState.ABANDONED, timeout=10_000)


def test_a_bill_left_on_screen_is_given_up_so_the_next_bill_sees_the_whole_personal_account(window, qtbot):
    """The patient read the bill (the personal account pays 20.00 of it) and walked away: when the kiosk
    goes back to the start, the bill is given up and its insurance pre-settlement reversed at once, not
    after half an hour, so a bill opened next (here, or at another kiosk) is split against the account."""
    from kiosk.insurance.port import SettlementState

    bill = reach_bill(window, qtbot, "DEMO-001")
    left = bill.intent
    assert left.account_fen == 2000
    window.idle.expired.emit()  # the idle time-out ran out
    assert window.current is window.home and bill.intent is None
    service = window.services.payments.service
    qtbot.waitUntil(lambda: service.intent(left.id).state is IntentState.ABANDONED, timeout=10_000)
    assert service.insurance.settlement(left.setl_id).state is SettlementState.REVERSED
    again = reach_bill(window, qtbot, "DEMO-001")
    assert again.intent.id != left.id and again.intent.account_fen == 2000
    assert "13.50" in again.due.text()
