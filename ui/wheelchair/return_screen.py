"""Giving a chair back: how long, what it costs (itemised), where the fee goes, "something is broken"
buttons — then one big button; the receipt prints and a damaged chair goes to maintenance."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout

from kiosk.clock import to_local
from kiosk.money import format_yuan
from kiosk.payment.store import PaymentIntent
from kiosk.wheelchair.desk import ReturnDone
from kiosk.wheelchair.pricing import RentalFee, RentalMode
from kiosk.wheelchair.records import Problem, Rental, RentalState
from ui.screens.base import Screen
from ui.wheelchair.journey import JOURNEY, RETURN
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PROBLEMS = (Problem.WHEEL, Problem.BRAKE, Problem.OTHER)


class WheelchairReturnScreen(Screen):
    name = RETURN
    journey = JOURNEY

    def __init__(self, window: "MainWindow"):
        super().__init__(window.stack)
        self._window = window
        self.rental: Rental | None = None
        self.fee: RentalFee | None = None
        self.done: ReturnDone | None = None
        self.bill: PaymentIntent | None = None  # the renter's visit bill, with this chair's charge
        self.pay_later_ok = False
        self._busy = False
        self.title = text_label("title", self, "wheelchairReturnTitle")
        card = QFrame(self)
        card.setObjectName("card")
        self.duration = text_label("body", card, "wheelchairDuration")
        self.items = text_label("body", card, "wheelchairFeeItems")
        self.total = text_label("title", card, "wheelchairFeeTotal")
        self.billing = text_label("body", card, "wheelchairBilling")
        self.overdue = text_label("error", card, "wheelchairOverdue")
        self.problem = text_label("error", card, "wheelchairReturnProblem")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 28, 40, 28)
        inner.setSpacing(14)
        for widget in (self.duration, self.overdue, self.items, self.total, self.billing, self.problem):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.damage_hint = text_label("body", self, "wheelchairDamageHint")
        self.damage_buttons: dict[Problem, QPushButton] = {}
        damage_row = QHBoxLayout()
        damage_row.setSpacing(20)
        for problem in PROBLEMS:
            button = secondary_button(self, f"wheelchairDamage_{problem.value}")
            button.setCheckable(True)
            button.toggled.connect(lambda _checked: self.retranslate())
            self.damage_buttons[problem] = button
            damage_row.addWidget(button, 1)
        self.return_button = primary_button(self, "wheelchairGiveBack")
        self.return_button.clicked.connect(self._give_back)
        self.home_button = secondary_button(self, "wheelchairTakeHome")
        self.home_button.clicked.connect(lambda: self.rental and window.wheelchair.take_home(self.rental))
        self.pay_now_button = primary_button(self, "wheelchairPayNow")
        self.pay_now_button.clicked.connect(lambda: self._pay(later=False))
        self.pay_later_button = secondary_button(self, "wheelchairPayLater")
        self.pay_later_button.clicked.connect(lambda: self._pay(later=True))
        self.finish_button = secondary_button(self, "wheelchairReturnFinish")
        self.finish_button.clicked.connect(lambda: window.go("home", reason="finished"))
        for button in (self.pay_now_button, self.pay_later_button, self.finish_button):  # full width when alone
            button.setSizePolicy(QSizePolicy.Policy.Expanding, button.sizePolicy().verticalPolicy())
        actions = QVBoxLayout()
        actions.setSpacing(20)
        actions.addStretch(1)
        actions.addWidget(self.damage_hint)
        actions.addLayout(damage_row)
        actions.addWidget(self.return_button)
        actions.addWidget(self.home_button)
        actions.addWidget(self.pay_now_button)
        actions.addWidget(self.pay_later_button)
        actions.addWidget(self.finish_button)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(card, 1)
        self._body.addLayout(actions, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 20)
        layout.setSpacing(20)
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)
        self.retranslate()

    def apply_orientation(self, landscape: bool) -> None:
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def forget(self) -> None:
        self.rental, self.fee, self.done, self._busy, self.bill, self.pay_later_ok = None, None, None, False, None, False
        self.clear_texts()

    def show_return(self, rental: Rental, fee: RentalFee) -> None:
        self.rental, self.fee, self.done, self._busy = rental, fee, None, False
        self.bill, self.pay_later_ok = None, False
        for button in self.damage_buttons.values():
            button.setChecked(False)
        self.problem.setText("")
        self.retranslate()

    def retranslate(self) -> None:
        english = self._window.languages.language != "zh_CN"
        labels = {Problem.WHEEL: self.tr("Wheel broken"), Problem.BRAKE: self.tr("Brake loose"),
                  Problem.OTHER: self.tr("Other problem")}
        for problem, button in self.damage_buttons.items():
            button.setText(("✓ " if button.isChecked() else "") + labels[problem])
        self.damage_hint.setText(self.tr("Is something broken? Touch it, and we will repair the chair."))
        self.return_button.setText(self.tr("Give the chair back"))
        charged = self.done is not None and bool(self.done.outcome.charge_id) and not self.done.outcome.already_returned
        self.finish_button.setText(self.tr("Add it to my visit bill") if charged else self.tr("Finish"))
        self.home_button.setText(self.tr("Take it home instead"))
        self.pay_now_button.setText(self.tr("Pay now with my phone"))
        self.pay_later_button.setText(self.tr("Pay later (within %n day(s))", "",
                                              self._window.services.payments.service.settings.credit_days))
        returning = self.done is None
        for widget in (self.damage_hint, self.return_button, *self.damage_buttons.values()):
            widget.setVisible(returning)
        self.return_button.setEnabled(not self._busy)
        self.home_button.setVisible(returning and self.rental is not None and self.rental.mode is RentalMode.ON_SITE
                                    and self.rental.state is RentalState.ACTIVE)
        self.home_button.setEnabled(not self._busy)
        self.pay_now_button.setVisible(charged and self.bill is not None)
        self.pay_later_button.setVisible(charged and self.bill is not None and self.pay_later_ok)
        self.finish_button.setVisible(not returning)
        if self.rental is None or self.fee is None:
            return
        fee = self.done.outcome.fee if self.done else self.fee
        hours, minutes = divmod(fee.used_minutes, 60)
        self.title.setText(self.tr("Thank you!") if self.done else self.tr("Return chair %1").replace("%1", self.rental.chair_id))
        self.duration.setText(self.tr("You used it for %1 h %2 min.").replace("%1", str(hours)).replace("%2", str(minutes)))
        colon = ": " if english else "："
        self.items.setText("\n".join(f"{item.text_en if english else item.text_zh}{colon}{format_yuan(item.amount_fen)}"
                                     for item in fee.items if item.amount_fen or item.code == "free"))
        self.total.setText(self.tr("To pay: %1").replace("%1", format_yuan(fee.total_fen)))
        due = self.rental.due_at
        late = due is not None and fee.ended_at > due
        self.overdue.setText(self.tr("This chair was due back on %1. The extra days are in the fee.")
                             .replace("%1", to_local(due).strftime("%m-%d %H:%M")) if late else "")
        self.overdue.setVisible(late)
        self.billing.setText(self._billing_text(fee.total_fen))
        self.problem.setVisible(bool(self.problem.text()))

    def _billing_text(self, total_fen: int) -> str:
        if self.done is not None:
            if self.done.printed is None:
                text = self.tr("This chair was already given back. Nothing more is charged.")
            elif self.done.printed.fallback is not None:
                text = self.tr("The receipt could not be printed; ask at %1 for a copy.").replace("%1", self._window.wheelchair.help_desk)
            else:
                text = self.tr("Your receipt has been printed.")
            refund = self.done.deposit_refund
            if refund is not None:
                amount = format_yuan(refund.amount_fen)
                text += " " + (self.tr("Your deposit of %1 has gone back to your phone.") if refund.state == "done" else
                               self.tr("Your deposit of %1 is on its way back to your phone.")).replace("%1", amount)
            if self.done.outcome.charge_id and self.bill is not None:
                text += " " + self.tr("Pay now with your phone, or add it to your visit bill and pay later under Pay.")
            if self.done.outcome.to_maintenance:
                text += " " + self.tr("The chair will be repaired. Thank you for telling us.")
            return text
        if total_fen == 0:
            return self.tr("There is nothing to pay.")
        if self._window.services.payments.mobile_pay_available:
            return self.tr("When you give the chair back, you can pay this now or add it to your visit bill.")
        return self.tr("This is added to your visit bill: pay it with your other charges under Pay.")

    def instruction(self) -> str:
        if self.done is not None:
            return self.title.text() + " " + self.billing.text()
        return " ".join((self.duration.text(), self.total.text(), self.billing.text(),
                         self.tr("To give the chair back, press the big blue button.")))

    def _give_back(self) -> None:
        if self._busy or self.rental is None:
            return
        self._busy = True
        self.retranslate()
        problems = tuple(problem for problem, button in self.damage_buttons.items() if button.isChecked())
        self._window.runner.submit(self._window.services.wheelchairs.return_chair, self.rental.chair_id, problems,
                                   on_done=self._on_done, on_error=self._on_problem)

    def _on_done(self, done: ReturnDone) -> None:
        self.done, self._busy = done, False
        self.retranslate()
        if done.outcome.charge_id and not done.outcome.already_returned and \
                self._window.services.payments.mobile_pay_available:
            self._window.runner.submit(self._pay_options, done.outcome.rental.patient_id, on_done=self._show_pay_options,
                                       on_error=lambda _error: self._say())
            return
        self._say()

    def _pay_options(self, patient_id: str) -> tuple[PaymentIntent, bool]:
        """Worker thread: the renter's bill (with this charge) and whether pay-later is offered."""
        payments = self._window.services.payments
        bill = payments.service.open_bill(patient_id)
        return bill, payments.credit.offer(bill.id).eligible

    def _show_pay_options(self, options: tuple[PaymentIntent, bool]) -> None:
        self.bill, self.pay_later_ok = options
        self.retranslate()
        self._say()

    def _say(self) -> None:
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _pay(self, later: bool) -> None:
        if self.done is not None and self.bill is not None:
            self._window.wheelchair.pay_for_return(self.done.outcome.rental, self.bill, later)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.retranslate()

    def _on_problem(self, error: Exception) -> None:
        self._busy = False
        self.problem.setText(self._window.wheelchair.explain(error))
        self.retranslate()
