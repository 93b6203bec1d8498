"""The bill: every unpaid charge of the visit grouped by class in big type, then the insurance split
and what the patient pays now, and the three ways to pay."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout

from kiosk.his.port import HisUnavailable, ItemClass, Patient
from kiosk.money import format_yuan
from kiosk.payment.service import BillInUseElsewhere, NothingToPay
from kiosk.payment.store import IntentState, PaymentIntent
from ui.payment.common import JOURNEY, help_desk, patient_id, payments
from ui.payment.journey import PaymentJourney
from ui.screens.base import Screen
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PayBillScreen(Screen):
    name = "pay"
    journey = JOURNEY

    def __init__(self, window: "MainWindow", journey: PaymentJourney) -> None:
        super().__init__(window.stack)
        self._window = window
        self._journey = journey
        self.problem = ""  # "", nothing, outage (the hospital system does not answer), elsewhere, failed
        self.elsewhere_until = ""  # "08:42": when another kiosk's order for this bill runs out
        self.title = text_label("title", self, "payTitle")
        self.explain = text_label("body", self, "payExplain")
        self.lines_area = QScrollArea(self)
        self.lines_area.setWidgetResizable(True)
        self.lines_area.setFrameShape(QFrame.Shape.NoFrame)
        self._lines = QFrame()
        self._lines.setObjectName("card")
        self._lines_grid = QGridLayout(self._lines)
        self._lines_grid.setContentsMargins(32, 16, 32, 16)
        self._lines_grid.setVerticalSpacing(12)
        self.lines_area.setWidget(self._lines)
        self.split = text_label("body", self, "paySplit")
        self.due = text_label("title", self, "payDue")
        self.qr_button = primary_button(self, "payByQr")
        self.code_button = secondary_button(self, "payByCode")
        self.later_button = secondary_button(self, "payLater")
        self.qr_button.clicked.connect(lambda: window.go("pay_qr"))
        self.code_button.clicked.connect(lambda: window.go("pay_code"))
        self.later_button.clicked.connect(lambda: window.go("pay_later"))
        left = QVBoxLayout()
        left.setSpacing(16)
        for widget in (self.title, self.explain):
            left.addWidget(widget)
        left.addWidget(self.lines_area, 1)
        right = QVBoxLayout()
        right.setSpacing(12)
        for widget in (self.split, self.due, self.qr_button):
            right.addWidget(widget)
        other_ways = QHBoxLayout()
        other_ways.setSpacing(24)
        other_ways.addWidget(self.code_button, 1)
        other_ways.addWidget(self.later_button, 1)
        right.addLayout(other_ways)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._body.setContentsMargins(48, 16, 48, 16)
        self._body.setSpacing(24)
        self._body.addLayout(left, 1)
        self._body.addLayout(right, 1)
        self.retranslate()

    @property
    def intent(self) -> PaymentIntent | None:
        """The bill on screen: the journey's, so it goes with the session."""
        return self._journey.intent

    @intent.setter
    def intent(self, intent: PaymentIntent | None) -> None:
        self._journey.intent = intent

    def forget(self) -> None:
        self.problem = ""
        self.clear_texts()

    def class_names(self) -> dict[ItemClass, str]:
        return {ItemClass.REGISTRATION: self.tr("Registration"), ItemClass.EXAMINATION: self.tr("Examinations"),
                ItemClass.LABORATORY: self.tr("Laboratory tests"), ItemClass.WESTERN_MEDICINE: self.tr("Western medicine"),
                ItemClass.CHINESE_MEDICINE: self.tr("Chinese medicine"), ItemClass.MATERIALS: self.tr("Medical materials"),
                ItemClass.WHEELCHAIR: self.tr("Wheelchair rental")}

    def apply_orientation(self, landscape: bool) -> None:
        """Landscape: the bill on the left, the split and the ways to pay on the right."""
        self._body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)

    def entered(self) -> None:
        pid = patient_id(self._window)
        if pid is None:
            from ui.identify import start_identification

            QTimer.singleShot(0, lambda: start_identification(self._window, JOURNEY, self._on_patient))
            return
        if self.intent is not None and self.intent.patient_id == pid and self.intent.state is IntentState.OPEN:
            return self.retranslate()
        self.intent, self.problem = None, ""
        self.retranslate()
        self._window.runner.submit(payments(self._window).service.open_bill, pid, on_done=self.show_bill,
                                   on_error=self._on_error)

    def _on_patient(self, patient: Patient) -> None:
        self._window.go(self.name)

    def show_bill(self, intent: PaymentIntent) -> None:
        self.intent, self.problem = intent, ""
        if intent.state is IntentState.SETTLED:  # e.g. the personal account paid it all
            self._journey.paid(intent)
            return
        self.retranslate()
        if self._window.current is self:
            self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _on_error(self, error: Exception) -> None:
        self.intent = None
        self.problem = ("nothing" if isinstance(error, NothingToPay)
                        else "outage" if isinstance(error, HisUnavailable)
                        else "elsewhere" if isinstance(error, BillInUseElsewhere) else "failed")
        self.elsewhere_until = error.until_local if isinstance(error, BillInUseElsewhere) else ""
        self.retranslate()
        self._window.services.voice.say(self.instruction(), self._window.languages.language)

    def _fill_lines(self) -> None:
        while self._lines_grid.count():
            item = self._lines_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        if self.intent is None:
            return
        totals: dict[ItemClass, int] = {}
        for charge in self.intent.charges:
            totals[charge.item_class] = totals.get(charge.item_class, 0) + charge.amount_fen
        names = self.class_names()
        rows = [(names[c], totals[c]) for c in ItemClass if c in totals]
        if self.intent.debt_fen:
            rows.append((self.tr("Earlier pay-later bills"), self.intent.debt_fen))
        for row, (label, fen) in enumerate(rows):
            self._lines_grid.addWidget(text_label("body", self._lines, f"payClass{row}"), row, 0)
            self._lines_grid.addWidget(text_label("body", self._lines, f"payAmount{row}"), row, 1)
            self._lines_grid.itemAtPosition(row, 0).widget().setText(label)
            amount = self._lines_grid.itemAtPosition(row, 1).widget()
            amount.setText(format_yuan(fen))
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._lines_grid.setRowStretch(len(rows), 1)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your bill"))
        intent = self.intent
        has_bill = intent is not None
        for widget in (self.lines_area, self.split, self.due, self.qr_button, self.code_button, self.later_button):
            widget.setVisible(has_bill)
        self._fill_lines()
        if not has_bill:
            if self.problem == "nothing":
                self.explain.setText(self.changed_notice() + self.tr(
                    "You have nothing to pay right now. If you think this is wrong, please go to %1.")
                    .replace("%1", help_desk(self._window)))
            elif self.problem == "outage":
                self.explain.setText(self.tr("The hospital system cannot be reached right now. Nothing was charged. "
                                             "Please go to %1.").replace("%1", help_desk(self._window)))
            elif self.problem == "elsewhere":
                self.explain.setText(self.tr("Your bill is being paid at another kiosk right now. Please finish "
                                             "paying there, or use this kiosk after %1. Nothing was charged here.")
                                     .replace("%1", self.elsewhere_until))
            elif self.problem == "failed":
                self.explain.setText(self.tr("Your bill cannot be shown right now. Nothing was charged. "
                                             "Please go to %1.").replace("%1", help_desk(self._window)))
            else:
                self.explain.setText(self.tr("Looking up your bill…"))
            return
        self.explain.setText(self.changed_notice() + self.tr("Everything from today's visit, by kind:"))
        self.split.setText("\n".join([
            self.tr("Total: %1").replace("%1", format_yuan(intent.total_fen + intent.debt_fen)),
            self.tr("Insurance fund pays: %1").replace("%1", format_yuan(intent.fund_fen)),
            self.tr("Your personal account pays: %1").replace("%1", format_yuan(intent.account_fen)),
        ]))
        self.due.setText(self.tr("You pay now: %1").replace("%1", format_yuan(intent.due_fen)))
        mobile = payments(self._window).mobile_pay_available
        self.qr_button.setText(self.tr("Pay with my phone (QR code)"))
        self.code_button.setText(self.tr("Scan my payment code"))
        self.later_button.setText(self.tr("Treat first, pay later"))
        self.qr_button.setEnabled(mobile)
        self.code_button.setEnabled(mobile)

    def changed_notice(self) -> str:
        """Why the bill was looked up again (another bill of the same charges was paid first), or ""."""
        if self._journey.changed == "refunding":
            return self.tr("Part of this bill had just been paid, at another kiosk or by another phone. "
                           "The money you paid here goes back to your phone. ")
        if self._journey.changed == "refused":
            return self.tr("Part of this bill was just paid, at another kiosk or by another phone. "
                           "Nothing was charged here. ")
        return ""

    def instruction(self) -> str:
        if self.intent is not None:
            return self.changed_notice() + self.tr(
                "You pay %1 now. To pay with your phone, press the big blue button.").replace(
                "%1", format_yuan(self.intent.due_fen))
        return self.explain.text()
