"""QR payment screens (the bill's and the wheelchair deposit's) keep the patient while the order lives:
the idle timeout follows the order's remaining life, with the countdown on screen; once the order is
gone the usual idle timeout applies again. Both screens share ``QrOrderWatch``."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from kiosk.payment.store import AttemptState
from ui.payment import open_bill_for
from ui.payment.common import IDLE_GRACE_S
from ui.wheelchair import SCENES as WHEELCHAIR_SCENES


@pytest.fixture
def short_idle_window(make_window, services):
    """A kiosk whose usual idle timeout is 2 s, so a test can outlast it (the QR order lives 120 s)."""
    services.config = replace(services.config, idle_timeout_s=2, idle_warning_s=1)
    return make_window()


def test_the_bill_qr_outlives_the_idle_timeout_and_leaving_restores_it(short_idle_window, qtbot):
    window = short_idle_window
    open_bill_for(window, "DEMO-001")
    window.screens["pay"].qr_button.click()
    qr = window.screens["pay_qr"]
    qtbot.waitUntil(lambda: qr.attempt is not None, timeout=10_000)
    assert qr.idle_timeout_s == pytest.approx(qr.seconds_left() + IDLE_GRACE_S, abs=2)
    assert window.idle.timeout_ms == qr.idle_timeout_s * 1000 and qr.idle_timeout_s > 100
    qtbot.wait(3000)  # longer than the usual idle timeout
    assert window.current is qr and qr.attempt.state is AttemptState.AWAITING
    # The countdown shows the order's remaining seconds; comparing it with seconds_left() one clock tick
    # later raced ("116" vs "剩余时间：117 秒"), so only its range is checked.
    shown = int(re.search(r"\d+", qr.countdown.text()).group())
    assert qr.countdown.isVisible() and 0 < shown <= qr.idle_timeout_s
    number = qr.attempt.out_trade_no
    qr.cancel_button.click()
    assert window.current.name == "pay" and qr.idle_timeout_s is None and window.idle.timeout_ms == 2000
    qtbot.waitUntil(lambda: window.current is window.home, timeout=6000)  # the bill screen idles out as usual
    service = window.services.payments.service
    qtbot.waitUntil(lambda: service.attempt(number).state is AttemptState.CANCELLED, timeout=10_000)


def test_the_wheelchair_deposit_qr_outlives_the_idle_timeout_too(short_idle_window, qtbot):
    window = short_idle_window
    WHEELCHAIR_SCENES["wheelchair-deposit-qr"](window)
    deposit = window.screens["wheelchair_deposit"]
    qtbot.waitUntil(lambda: deposit.attempt is not None and deposit.order.seconds_left() > 0, timeout=10_000)
    assert window.current is deposit and deposit.idle_timeout_s > 100
    qtbot.wait(3000)
    assert window.current is deposit and deposit.attempt.state is AttemptState.AWAITING
    window.go("home", reason="home")
    assert deposit.idle_timeout_s is None and deposit.attempt is None  # leaving cancelled the order
