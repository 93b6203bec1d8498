"""On the QR screen the patient switches between WeChat Pay and Alipay with one tap: the order shown
is cancelled, the other gateway's QR appears, paying it settles the bill once (issue 16)."""
from __future__ import annotations

from kiosk.payment.gateways import trade_gateway
from kiosk.payment.store import AttemptState
from test_payment_journey import printed_invoice, reach_bill


def test_one_tap_switches_the_qr_from_wechat_to_alipay_and_the_alipay_payment_settles(window, qtbot):
    bill = reach_bill(window, qtbot, "DEMO-001")
    bill.qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: qr.attempt is not None, timeout=10_000)
    first = qr.attempt
    assert trade_gateway(first.out_trade_no) == "wechat" and first.qr_code.startswith("weixin://")
    assert "微信" in qr.title.text() and qr.gateway_buttons["wechat"].isChecked()
    assert qr.gateway_buttons["alipay"].height() >= 120
    qr.gateway_buttons["alipay"].click()
    qtbot.waitUntil(lambda: qr.attempt is not None and qr.attempt.out_trade_no != first.out_trade_no, timeout=10_000)
    assert trade_gateway(qr.attempt.out_trade_no) == "alipay" and "支付宝" in qr.title.text()
    assert qr.gateway_buttons["alipay"].isChecked() and not qr.gateway_buttons["wechat"].isChecked()
    service = window.services.payments.service
    qtbot.waitUntil(lambda: service.attempt(first.out_trade_no).state is AttemptState.CANCELLED, timeout=10_000)
    window.services.payments.sandbox_control.pay(qr.attempt.out_trade_no)
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=10_000)
    assert printed_invoice(window, done.invoice.invoice_number)
    assert window.services.db.execute("SELECT ref, amount_fen FROM payment_ledger").fetchall() == [
        (qr.attempt.out_trade_no, 1350)]
    speaker = window.services.devices.device("speaker")
    assert any("支付宝" in text for text in speaker.spoken_texts())


def test_the_demo_shows_a_wechat_payment_code_too_and_it_pays_through_wechat(window, qtbot):
    reach_bill(window, qtbot, "DEMO-002")
    window.go("pay_code")
    screen = window.screens["pay_code"]
    assert [screen.demo_buttons[name].text() for name in ("wechat", "alipay")] == ["演示：微信付款码", "演示：支付宝付款码"]
    assert all(button.isVisible() and button.height() >= 120 for button in screen.demo_buttons.values())
    qtbot.wait(1300)  # identification's own scanner read (1 s) ends first, as in test_payment_journey
    screen.demo_buttons["wechat"].click()
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=10_000)
    ((ref, amount),) = window.services.db.execute("SELECT ref, amount_fen FROM payment_ledger").fetchall()
    assert trade_gateway(ref) == "wechat" and amount == 7500


def test_the_demo_panel_holds_a_wechat_payment_code_under_the_scanner(window, qtbot):
    from PySide6.QtCore import Qt

    reach_bill(window, qtbot, "DEMO-002")
    window.go("pay_code")
    qtbot.wait(1300)  # identification's own scanner read (1 s) ends first, as in test_payment_journey
    qtbot.mouseClick(window.sim_ribbon, Qt.MouseButton.LeftButton)
    panel = window.demo_panel
    assert [panel.payment_code_buttons[name].text() for name in ("wechat", "alipay")] == ["微信付款码", "支付宝付款码"]
    qtbot.mouseClick(panel.payment_code_buttons["wechat"], Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and panel.status.text() == "已向扫码口出示微信付款码。"
    done = window.screens["pay_done"]
    qtbot.waitUntil(lambda: window.current is done and done.invoice is not None, timeout=10_000)
    ((ref, amount),) = window.services.db.execute("SELECT ref, amount_fen FROM payment_ledger").fetchall()
    assert trade_gateway(ref) == "wechat" and amount == 7500
