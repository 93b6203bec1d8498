"""What the payment screens share: the payment system, the help desk in the current language, the QR
screen layout and ``QrOrderWatch``, the polling/countdown/cancel logic of a QR order."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.payment.store import AttemptState, PaymentAttempt
from ui.screens.base import Screen
from ui.theme import PRIMARY_MIN_HEIGHT
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label
from ui.widgets.qr import qr_pixmap

if TYPE_CHECKING:
    from kiosk.payment.system import PaymentSystem
    from ui.main_window import MainWindow

JOURNEY = "pay"


def payments(window: "MainWindow") -> "PaymentSystem":
    return window.services.payments  # type: ignore[return-value]


def help_desk(window: "MainWindow") -> str:
    return window.help_desk()


def patient_id(window: "MainWindow") -> str | None:
    session = window.services.sessions.current
    return session.patient_id if session is not None else None


QR_TICK_MS = 250  # how often a QR payment screen refreshes its countdown and checks the order


class GatewayNames(QObject):
    """The one place a payment gateway's name is written for patients; screens show whatever
    ``PaymentService.gateway_names`` offers through this."""

    def name(self, gateway: str) -> str:
        return {"alipay": self.tr("Alipay"), "wechat": self.tr("WeChat")}.get(gateway, gateway)

    def any_of(self, gateways: tuple[str, ...]) -> str:
        """"WeChat or Alipay" (as many as are offered)."""
        names = [self.name(g) for g in gateways]
        return names[0] if len(names) == 1 else self.tr("%1 or %2").replace("%1", ", ".join(names[:-1])).replace(
            "%2", names[-1])


def gateway_names(window: "MainWindow") -> tuple[str, ...]:
    return payments(window).service.gateway_names if payments(window).mobile_pay_available else ()


@dataclass
class QrPayLayout:
    title: QLabel
    amount: QLabel
    detail: QLabel
    qr: QLabel
    cancel_button: QPushButton
    demo_button: QPushButton
    body: QBoxLayout
    timer: QTimer
    choices: QHBoxLayout  # empty unless the screen offers a choice of gateways


def build_qr_pay_layout(screen: QWidget, prefix: str) -> QrPayLayout:
    """The QR to scan beside (landscape) or above (portrait) the amount, a detail line, "cancel" and the
    demo's "pay with a phone"; shared by the bill's QR screen and the wheelchair deposit screen.
    Texts are set by the screens themselves (their own translation context)."""
    title = text_label("title", screen, f"{prefix}Title", centred=True)
    amount = text_label("huge", screen, f"{prefix}Amount", centred=True)
    detail = text_label("body", screen, f"{prefix}Detail", centred=True)
    qr = QLabel(screen)
    qr.setObjectName(f"{prefix}Code")
    qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
    cancel_button = secondary_button(screen, f"{prefix}Cancel")
    demo_button = secondary_button(screen, f"{prefix}DemoPay")
    row = QHBoxLayout()
    row.addWidget(cancel_button, 1)
    row.addWidget(demo_button, 1)
    column = QVBoxLayout()
    column.setSpacing(16)
    choices = QHBoxLayout()  # within reach: just above "cancel", never at the top
    choices.setSpacing(16)
    for widget in (title, amount, detail):
        column.addWidget(widget)
    column.addStretch(1)
    column.addLayout(choices)
    column.addLayout(row)
    body = QBoxLayout(QBoxLayout.Direction.TopToBottom, screen)
    body.setContentsMargins(48, 16, 48, 16)
    body.setSpacing(24)
    body.addWidget(qr, 1)
    body.addLayout(column, 1)
    timer = QTimer(screen)
    timer.setInterval(QR_TICK_MS)
    return QrPayLayout(title, amount, detail, qr, cancel_button, demo_button, body, timer, choices)


OPEN_STATES = (AttemptState.CREATING, AttemptState.AWAITING)
# Done with, unpaid (or paid and going back: ``refund_due`` while the gateway moves the money).
CLOSED_STATES = (AttemptState.CANCELLED, AttemptState.REFUND_DUE, AttemptState.REFUNDED, AttemptState.FAILED)
IDLE_GRACE_S = 20  # after the order's life: time to read what happened before the idle countdown ends it


class QrOrderWatch(QObject):
    """One QR order on a screen: the countdown tick, a gateway query every poll interval (and at the
    deadline, when the service cancels it), and the cancel when the screen is left.

    Composition, not a base class: the screen keeps its own texts (``tr()`` uses the concrete class
    as translation context) and is told by callbacks. While the order lives, the screen's idle
    timeout follows the order's remaining life, so the 60 s idle wipe never sends a patient home
    from a QR that is still valid; the countdown on the screen shows that life.
    """

    def __init__(self, screen: "Screen", window: "MainWindow", timer: QTimer, on_tick: Callable[[], None],
                 on_paid: Callable[[PaymentAttempt], None], on_closed: Callable[[PaymentAttempt], None]) -> None:
        super().__init__(screen)
        self._screen, self._window, self._timer = screen, window, timer
        self._on_tick, self._on_paid, self._on_closed = on_tick, on_paid, on_closed
        self.attempt: PaymentAttempt | None = None
        self._busy = False
        self._last_ask = 0.0
        timer.timeout.connect(self._tick)

    def expect_order(self) -> None:
        """An order is being created: keep the patient for a whole order's life from now."""
        self.attempt, self._busy = None, True
        self._keep_awake(payments(self._window).service.settings.qr_timeout_s)

    def order_failed(self) -> None:
        """The order could not be created: the normal idle timeout applies again."""
        self._busy = False
        self._keep_awake(None)

    def show(self, attempt: PaymentAttempt) -> None:
        self.attempt, self._busy = attempt, False
        self._last_ask = time.monotonic()
        self._timer.start()
        self._keep_awake(self.seconds_left())

    def seconds_left(self) -> int:
        if self.attempt is None:
            return 0
        return max(0, int((self.attempt.deadline - self._window.services.clock.now()).total_seconds()))

    def _keep_awake(self, order_life_s: int | None) -> None:
        """Set the screen's idle timeout from the order's remaining life (None: back to the usual one)."""
        self._screen.idle_timeout_s = order_life_s + IDLE_GRACE_S if order_life_s is not None else None
        if self._window.current is self._screen and self._window.idle.armed:
            self._window.idle.arm(self._screen.idle_timeout_s)

    def _tick(self) -> None:
        if self.attempt is None or self._busy:
            return
        self._on_tick()  # the countdown
        service = payments(self._window).service
        ask = time.monotonic() - self._last_ask >= service.settings.poll_interval_s or self.seconds_left() <= 0
        if ask:
            self._last_ask = time.monotonic()
        self._busy = True
        self._window.runner.submit(service.check_attempt, self.attempt.out_trade_no, ask, on_done=self._on_checked,
                                   on_error=lambda _: setattr(self, "_busy", False))

    def _on_checked(self, attempt: PaymentAttempt) -> None:
        self._busy = False
        if self._window.current is not self._screen or self.attempt is None:
            return
        self.attempt = attempt
        if attempt.state is AttemptState.PAID:
            self._timer.stop()
            self._keep_awake(None)
            self._on_paid(attempt)
        elif attempt.state in CLOSED_STATES:
            self._timer.stop()
            self._keep_awake(None)
            self._on_closed(attempt)

    def cancel_open(self) -> None:
        """Stop watching; an order still open is cancelled (the service refunds one that raced us)."""
        self._timer.stop()
        attempt, self.attempt = self.attempt, None
        self._screen.idle_timeout_s = None
        if attempt is not None and attempt.state in OPEN_STATES:
            self._window.runner.submit(payments(self._window).service.cancel_attempt, attempt.out_trade_no)

    def screen_hidden(self) -> None:
        """Leaving the screen (home, idle time-out) never leaves an order open."""
        if self.attempt is not None and self.attempt.state is not AttemptState.PAID:
            self.cancel_open()
        self._timer.stop()
        self._screen.idle_timeout_s = None

    def demo_pay(self) -> None:
        """The sandbox's "customer scans and pays" (demo button)."""
        control = payments(self._window).sandbox_control
        if control is not None and self.attempt is not None:
            self._window.runner.submit(control.pay, self.attempt.out_trade_no)


class QrPayScreen(Screen):
    """What the bill's QR screen and the wheelchair deposit screen share: the layout, the order watch,
    starting an order off the GUI thread, showing its QR, a gateway that does not answer, never
    leaving an order open, and — with more than one gateway offered — one button per gateway (微信,
    支付宝): a tap cancels the order shown and starts one on that gateway. Subclasses write every text
    themselves (``tr`` looks under the concrete class; the buttons' names via ``GatewayNames``), and
    handle ``_start_chosen``, ``_on_paid``, ``_on_closed`` and ``_cancel_and_back``."""

    def __init__(self, window: "MainWindow", object_prefix: str) -> None:
        super().__init__(window.stack)
        self._window = window
        self.problem = ""
        parts = build_qr_pay_layout(self, object_prefix)
        self.title, self.amount, self.detail, self.qr = parts.title, parts.amount, parts.detail, parts.qr
        self.cancel_button, self.demo_button = parts.cancel_button, parts.demo_button
        self._body = parts.body
        self.choices = parts.choices
        self.order = QrOrderWatch(self, window, parts.timer, on_tick=self.retranslate, on_paid=self._on_paid,
                                  on_closed=self._on_closed)
        self.cancel_button.clicked.connect(self._cancel_and_back)
        self.demo_button.clicked.connect(self.order.demo_pay)
        self._landscape = False
        self.names = GatewayNames(self)
        self.gateway = ""
        self.gateway_buttons: dict[str, QPushButton] = {}
        self._gateway_group = QButtonGroup(self)
        offered = gateway_names(window)
        for name in offered if len(offered) > 1 else ():
            button = secondary_button(self, f"{object_prefix}With_{name}")
            button.setMinimumHeight(PRIMARY_MIN_HEIGHT)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, chosen=name: self.choose(chosen))
            self._gateway_group.addButton(button)
            self.choices.addWidget(button, 1)
            self.gateway_buttons[name] = button

    def first_gateway(self) -> str:
        """The gateway a fresh QR starts on: the first the payment service offers."""
        return (gateway_names(self._window) or ("",))[0]

    def choose(self, gateway: str) -> None:
        """The patient tapped a gateway: cancel the order shown (if another) and show that one's QR."""
        if gateway == self.gateway and self.attempt is not None and not self.problem:
            return self.mark_choice()
        self.order.cancel_open()
        self.gateway = gateway
        self.mark_choice()
        self._start_chosen()

    def _start_chosen(self) -> None:
        """Start an order on ``self.gateway`` (the subclass knows what is paid)."""
        raise NotImplementedError

    def mark_choice(self) -> None:
        for name, button in self.gateway_buttons.items():
            button.setChecked(name == self.gateway)

    def show_gateway_choice(self, shown: bool) -> None:
        """The gateway buttons, named in the current language; hidden once there is nothing to choose."""
        for name, button in self.gateway_buttons.items():
            button.setText(self.names.name(name))
            button.setVisible(shown)

    @property
    def attempt(self) -> PaymentAttempt | None:
        return self.order.attempt

    def seconds_left(self) -> int:
        return self.order.seconds_left()

    def apply_orientation(self, landscape: bool) -> None:
        """Portrait: the QR above the amount; landscape: side by side."""
        self._landscape = landscape
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def start_order(self, start_qr: Callable[..., PaymentAttempt], *args: object) -> None:
        """A fresh order: ``start_qr(*args)`` on a worker, its QR shown when it answers."""
        self.problem = ""
        self.order.expect_order()
        self.qr.clear()
        self.retranslate()
        self._window.runner.submit(start_qr, *args, on_done=self.show_attempt, on_error=self._on_gateway_error)

    def show_attempt(self, attempt: PaymentAttempt) -> None:
        self.qr.setPixmap(qr_pixmap(attempt.qr_code, 520 if self._landscape else 560))
        self.order.show(attempt)
        self.retranslate()

    def _on_gateway_error(self, _error: Exception) -> None:
        self.order.order_failed()
        self.problem = "gateway"
        self.retranslate()
        self.say_instruction()

    def say_instruction(self) -> None:
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the screen (home, idle time-out) never leaves an order open."""
        self.order.screen_hidden()
        super().hideEvent(event)
