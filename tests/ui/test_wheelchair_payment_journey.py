"""Wheelchair money through the real window and the sandbox gateway: the deposit by QR (refunded at
return), pay now / pay later / add to the visit bill after a return, taking a chair home, overdue."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap
from kiosk.clock import FixedClock
from kiosk.payment.gateways import trade_gateway
from kiosk.payment.store import AttemptState, IntentState
from kiosk.wheelchair.fleet import ChairState
from kiosk.wheelchair.pricing import RentalMode
from kiosk.wheelchair.records import RentalState

IDENTIFY_SCREENS = {"identify", "identify_id", "identify_phone", "checkin_face", "face"}


def identify_renter(window, qtbot, services, patient_id):
    """As the ID-number screen does; the price card follows once the overdue-chair check has answered."""
    window.identification.identified(services.his.patient(patient_id))
    qtbot.wait_until(lambda: window.current.name == "wheelchair_price", timeout=5000)


@pytest.fixture
def services(kiosk_config):
    built = bootstrap(kiosk_config, clock=FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def last_print(services):
    return services.devices.device("receipt_printer").jobs[-1].data.decode("gb18030", errors="replace")


def scan_chair(window, qtbot, services, chair_id):
    click(qtbot, window.home.tiles["wheelchair"])
    services.devices.device("scanner").present(services.wheelchairs.label_for(chair_id))


def rent_and_take(window, qtbot, services, chair_id, patient_id):
    scan_chair(window, qtbot, services, chair_id)
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, patient_id)
    click(qtbot, window.screens["wheelchair_price"].rent_button)
    pickup = window.screens["wheelchair_pickup"]
    qtbot.wait_until(lambda: window.current is pickup, timeout=5000)
    services.devices.device("dock").take(pickup.rental.dock_slot)
    qtbot.wait_until(lambda: pickup.rental.state is RentalState.ACTIVE, timeout=5000)
    rental = pickup.rental
    click(qtbot, pickup.finish_button)
    assert pickup.rental is None  # the screen forgets the renter's rental once they finish
    return rental


def give_back(window, qtbot, services, chair_id):
    scan_chair(window, qtbot, services, chair_id)
    screen = window.screens["wheelchair_return"]
    qtbot.wait_until(lambda: window.current is screen, timeout=5000)
    click(qtbot, screen.return_button)
    qtbot.wait_until(lambda: screen.done is not None, timeout=5000)
    return screen


def test_deposit_by_qr_rents_the_chair_and_is_refunded_at_return(window, qtbot, services):
    scan_chair(window, qtbot, services, "WC-001")
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-004")
    click(qtbot, window.screens["wheelchair_price"].deposit_button)
    deposit = window.screens["wheelchair_deposit"]
    assert window.current is deposit
    qtbot.wait_until(lambda: deposit.attempt is not None, timeout=5000)
    assert deposit.amount.text() == "198.00 元" and not deposit.qr.pixmap().isNull()
    click(qtbot, deposit.demo_button)  # the sandbox's "customer pays"
    payments = services.payments.service  # settle it now rather than at the screen's next 3 s poll
    qtbot.wait_until(lambda: payments.check_attempt(deposit.attempt.out_trade_no, True).credited, timeout=10000)
    pickup = window.screens["wheelchair_pickup"]
    qtbot.wait_until(lambda: window.current is pickup, timeout=10000)
    assert (pickup.rental.deposit_fen, pickup.rental.deposit_state) == (19800, "held")
    services.devices.device("dock").take(pickup.rental.dock_slot)
    qtbot.wait_until(lambda: pickup.rental.state is RentalState.ACTIVE, timeout=5000)
    click(qtbot, pickup.finish_button)

    services.clock.advance(timedelta(hours=1))
    screen = give_back(window, qtbot, services, "WC-001")
    assert screen.done.deposit_refund.state == "done"
    assert "押金 198.00 元已退回您的手机" in screen.billing.text()
    assert "押金 198.00 元 已原路退回手机" in last_print(services)
    assert services.db.execute("SELECT kind, amount_fen FROM payment_ledger WHERE kind LIKE 'gateway%' "
                               "ORDER BY id").fetchall() == [("gateway_in", 19800), ("gateway_refund", 19800)]


def test_the_deposit_offers_wechat_and_alipay_with_one_tap_and_is_paid_by_wechat(window, qtbot, services):
    """As on the bill's QR screen: 支付宝 cancels the WeChat order and shows its own QR; 微信 brings
    WeChat back; the WeChat payment rents the chair, and the return refunds it through WeChat."""
    scan_chair(window, qtbot, services, "WC-001")
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-004")
    click(qtbot, window.screens["wheelchair_price"].deposit_button)
    deposit = window.screens["wheelchair_deposit"]
    qtbot.wait_until(lambda: deposit.attempt is not None, timeout=5000)
    buttons = deposit.gateway_buttons
    assert [buttons[name].text() for name in ("wechat", "alipay")] == ["微信", "支付宝"]
    assert all(button.isVisible() and button.height() >= 120 for button in buttons.values())
    payments = services.payments.service
    shown = []
    for name, scheme, word in (("alipay", "http://127.0.0.1:", "支付宝"), ("wechat", "weixin://", "微信")):
        before = deposit.attempt.out_trade_no
        click(qtbot, buttons[name])
        qtbot.wait_until(lambda: deposit.attempt is not None and deposit.attempt.out_trade_no != before, timeout=10_000)
        assert trade_gateway(deposit.attempt.out_trade_no) == name and deposit.attempt.qr_code.startswith(scheme)
        assert buttons[name].isChecked() and word in deposit.title.text() and deposit.amount.text() == "198.00 元"
        qtbot.wait_until(lambda: payments.attempt(before).state is AttemptState.CANCELLED, timeout=10_000)
        shown.append(deposit.attempt.out_trade_no)
    services.payments.sandbox_control.pay(shown[-1])  # the renter pays with WeChat
    qtbot.wait_until(lambda: payments.check_attempt(shown[-1], True).credited, timeout=10_000)
    pickup = window.screens["wheelchair_pickup"]
    qtbot.wait_until(lambda: window.current is pickup, timeout=10_000)
    assert (pickup.rental.deposit_fen, pickup.rental.deposit_state) == (19800, "held")
    services.devices.device("dock").take(pickup.rental.dock_slot)
    qtbot.wait_until(lambda: pickup.rental.state is RentalState.ACTIVE, timeout=5000)
    click(qtbot, pickup.finish_button)

    services.clock.advance(timedelta(hours=1))
    screen = give_back(window, qtbot, services, "WC-001")
    assert screen.done.deposit_refund.state == "done"
    moved = services.db.execute("SELECT kind, ref, amount_fen FROM payment_ledger WHERE kind LIKE 'gateway%' "
                                "ORDER BY id").fetchall()
    assert [(kind, ref.split("/")[0], fen) for kind, ref, fen in moved] == [
        ("gateway_in", shown[-1], 19800), ("gateway_refund", shown[-1], 19800)]


def test_pay_now_after_the_return_goes_to_the_renters_bill_with_the_wheelchair_charge(window, qtbot, services):
    rent_and_take(window, qtbot, services, "WC-002", "DEMO-001")
    services.clock.advance(timedelta(hours=3, minutes=45))
    screen = give_back(window, qtbot, services, "WC-002")
    qtbot.wait_until(lambda: screen.pay_now_button.isVisible(), timeout=5000)
    assert screen.finish_button.text() == "计入我的就诊账单"
    assert screen.pay_later_button.isVisible()  # DEMO-001 has good credit
    click(qtbot, screen.pay_now_button)
    assert window.current.name in IDENTIFY_SCREENS  # the bill is shown only to the renter
    window.identification.identified(services.his.patient("DEMO-001"))
    bill = window.screens["pay"]
    assert window.current is bill
    assert ("wheelchair", 600) in [(c.item_class.value, c.amount_fen) for c in bill.intent.charges]
    click(qtbot, bill.qr_button)
    qr = window.screens["pay_qr"]
    qtbot.wait_until(lambda: qr.attempt is not None, timeout=5000)
    click(qtbot, qr.demo_button)
    qtbot.wait_until(lambda: services.payments.service.check_attempt(qr.attempt.out_trade_no, True).credited,
                     timeout=10000)
    qtbot.wait_until(lambda: window.current.name == "pay_done", timeout=10000)
    assert services.payments.service.intent(bill.intent.id).state is IntentState.SETTLED
    assert services.db.execute("SELECT status FROM charges WHERE item_class = 'wheelchair'").fetchall() == [("paid",)]


def test_pay_later_after_the_return_opens_the_credit_offer(window, qtbot, services):
    rent_and_take(window, qtbot, services, "WC-002", "DEMO-001")
    services.clock.advance(timedelta(hours=3))
    screen = give_back(window, qtbot, services, "WC-002")
    qtbot.wait_until(lambda: screen.pay_later_button.isVisible(), timeout=5000)
    click(qtbot, screen.pay_later_button)
    window.identification.identified(services.his.patient("DEMO-001"))
    later = window.screens["pay_later"]
    assert window.current is later
    qtbot.wait_until(lambda: later.offer is not None, timeout=5000)
    assert later.offer.eligible


def test_add_to_visit_bill_keeps_the_charge_unpaid(window, qtbot, services):
    rent_and_take(window, qtbot, services, "WC-003", "DEMO-001")
    services.clock.advance(timedelta(hours=4))
    screen = give_back(window, qtbot, services, "WC-003")
    qtbot.wait_until(lambda: screen.pay_now_button.isVisible(), timeout=5000)
    click(qtbot, screen.finish_button)
    assert window.current is window.home
    assert ("wheelchair", 600) in [(c.item_class.value, c.amount_fen) for c in services.his.unpaid_charges("DEMO-001")]


def test_take_home_for_three_days_then_overdue_shows_the_late_fee(window, qtbot, services):
    rental = rent_and_take(window, qtbot, services, "WC-002", "DEMO-002")
    services.clock.advance(timedelta(hours=1))
    scan_chair(window, qtbot, services, "WC-002")
    screen = window.screens["wheelchair_return"]
    qtbot.wait_until(lambda: window.current is screen, timeout=5000)
    assert screen.home_button.isVisible()
    click(qtbot, screen.home_button)
    home = window.screens["wheelchair_home"]
    assert window.current is home
    click(qtbot, home.more_button)
    click(qtbot, home.more_button)
    assert home.total.text() == "3 天：30.00 元"
    assert "11-25 10:00" in home.due.text()
    click(qtbot, home.confirm_button)
    qtbot.wait_until(lambda: home.converted is not None, timeout=5000)
    converted = services.wheelchairs.rentals.rental(rental.id)
    assert converted.mode is RentalMode.HOME_USE and converted.due_at == services.clock.now() + timedelta(days=3)
    click(qtbot, home.finish_button)

    services.clock.advance(timedelta(days=4))
    window.wheelchair_sweep.timeout.emit()  # what the window's timer does every few minutes
    qtbot.wait_until(lambda: services.wheelchairs.rentals.fleet.chair("WC-002").state is ChairState.OVERDUE, timeout=5000)
    scan_chair(window, qtbot, services, "WC-002")
    qtbot.wait_until(lambda: window.current is screen, timeout=5000)
    assert screen.overdue.isVisible() and "11-25 10:00" in screen.overdue.text()
    assert not screen.home_button.isVisible()


@pytest.fixture
def services_without_mobile_pay(kiosk_config):
    built = bootstrap(replace(kiosk_config, payment=replace(kiosk_config.payment, gateway="off", wechat="off")), clock=FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def test_without_mobile_payment_the_deposit_is_paid_at_the_desk(qtbot, make_window, services):
    services.wheelchairs.deposits = None  # as bootstrap builds it with payment.gateway = "off"
    window = make_window()
    scan_chair(window, qtbot, services, "WC-001")
    qtbot.wait_until(lambda: window.current.name in IDENTIFY_SCREENS, timeout=5000)
    identify_renter(window, qtbot, services, "DEMO-004")
    price = window.screens["wheelchair_price"]
    assert not price.deposit_button.isVisible() and not price.rent_button.isVisible()
    assert price.problem.text() == "您需要交押金 198.00 元。请到一楼服务台交押金并领取轮椅。"


def test_bootstrap_without_mobile_payment_builds_no_deposit_cashier(services_without_mobile_pay):
    assert services_without_mobile_pay.wheelchairs.deposits is None
