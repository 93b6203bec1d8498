"""The demo panel's overlay: buttons that act on the simulated ID card reader, scanner and dock.

With the sandbox payment gateway, the scanner row also shows a phone's payment code, one per gateway
the kiosk offers (WeChat codes start 10–15, Alipay 25–30), as a patient holds it up on "scan my
payment code"."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from devices.base import DeviceError
from kiosk.his.demo_cards import demo_cards
from kiosk.his.masking import mask_name
from kiosk.identity import ECODE_PREFIX
from ui.payment.common import GatewayNames, gateway_names
from ui.widgets.buttons import primary_button, secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class DemoPanel(QFrame):
    def __init__(self, window: "MainWindow"):
        super().__init__(window.centralWidget())
        self.setObjectName("idleCard")  # the white rounded card style
        self._window = window
        self.title = text_label("title", self, "demoTitle")
        self.status = text_label("body", self, "demoStatus")
        self.close_button = primary_button(self, "demoClose")
        self.close_button.clicked.connect(self.hide)
        self.card_caption = text_label("body", self, "demoCardCaption")
        self.scanner_caption = text_label("body", self, "demoScannerCaption")
        self.dock_caption = text_label("body", self, "demoDockCaption")
        self.card_buttons: dict[str, QPushButton] = {}
        self.code_buttons: dict[str, QPushButton] = {}
        self._cards_grid, self._codes_grid = QGridLayout(), QGridLayout()
        for entry in demo_cards():
            button = secondary_button(self, f"demoCard_{entry.key}")
            button.clicked.connect(lambda _=False, key=entry.key: self.present_card(key))
            self.card_buttons[entry.key] = button
            if entry.key.startswith("DEMO-"):
                code = secondary_button(self, f"demoCode_{entry.key}")
                code.clicked.connect(lambda _=False, key=entry.key: self.show_code(key))
                self._codes_grid.addWidget(code, 0, len(self.code_buttons))
                self.code_buttons[entry.key] = code
        self.gateway_names = GatewayNames(self)
        self.payment_code_buttons: dict[str, QPushButton] = {}
        if window.services.payments.sandbox_control is not None:
            for gateway in gateway_names(window):
                button = secondary_button(self, f"demoPaymentCode_{gateway}")
                button.clicked.connect(lambda _=False, chosen=gateway: self.show_payment_code(chosen))
                self.payment_code_buttons[gateway] = button
        self.remove_button = secondary_button(self, "demoRemoveCard")
        self.remove_button.clicked.connect(self.remove_card)
        self._arrange(landscape=False)
        self.take_chair_button = secondary_button(self, "demoTakeChair")
        self.take_chair_button.clicked.connect(self.take_chair)
        self.return_chair_button = secondary_button(self, "demoReturnChair")
        self.return_chair_button.clicked.connect(self.return_chair)
        dock_row = QHBoxLayout()
        dock_row.addWidget(self.take_chair_button)
        dock_row.addWidget(self.return_chair_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        for caption, row in ((self.card_caption, self._cards_grid), (self.scanner_caption, self._codes_grid),
                             (self.dock_caption, dock_row)):
            layout.addWidget(caption)
            layout.addLayout(row)
        layout.addWidget(self.close_button)  # at the bottom: in reach from a wheelchair
        self._chairs_seen = self._chairs_in_dock()
        self.hide()
        self.retranslate()

    # Opening ---------------------------------------------------------------------------------------

    def _arrange(self, landscape: bool) -> None:
        """Landscape: 4 cards a row and the payment codes beside the e-codes (the panel must fit the
        short screen); portrait: 2 cards a row and the payment codes on a row of their own."""
        columns = 4 if landscape else 2
        for index, button in enumerate([*self.card_buttons.values(), self.remove_button]):
            self._cards_grid.addWidget(button, index // columns, index % columns)
        after = len(self.code_buttons)
        for index, button in enumerate(self.payment_code_buttons.values()):
            self._codes_grid.addWidget(button, *((0, after + index) if landscape else (1, index)))

    def open(self) -> None:
        self.status.setText(self.tr("What happens here reaches the kiosk as if a person did it at the device."))
        self._enable()
        parent = self.parentWidget()
        self._arrange(landscape=parent.width() > parent.height())
        # In reach mode every button must sit in the lower part of the screen: only the ID cards then.
        for widget in (self.scanner_caption, *self.code_buttons.values(), *self.payment_code_buttons.values(),
                       self.dock_caption, self.take_chair_button, self.return_chair_button):
            widget.setVisible(not self._window.reach_mode)
        self.layout().activate()
        height = min(self.sizeHint().height(), parent.height())
        self.setGeometry(0, parent.height() - height, parent.width(), height)
        self.show()
        self.raise_()

    def _enable(self) -> None:
        devices = self._window.services.devices
        for button in self.card_buttons.values():
            button.setEnabled(devices.device("id_card_reader") is not None)
        self.remove_button.setEnabled(devices.device("id_card_reader") is not None)
        for button in (*self.code_buttons.values(), *self.payment_code_buttons.values()):
            button.setEnabled(devices.device("scanner") is not None)
        self.take_chair_button.setEnabled(devices.device("dock") is not None)
        self.return_chair_button.setEnabled(devices.device("dock") is not None)

    # What the person at the devices does -----------------------------------------------------------

    def present_card(self, key: str) -> None:
        card = next(entry.card for entry in demo_cards() if entry.key == key)
        self._act("id_card_reader", lambda reader: reader.present(card),
                  self.tr("%1's ID card is on the reader.").replace("%1", mask_name(card.name)), close=True)

    def remove_card(self) -> None:
        self._act("id_card_reader", lambda reader: reader.remove(), self.tr("The reader is empty."))

    def show_code(self, key: str) -> None:
        card = next(entry.card for entry in demo_cards() if entry.key == key)
        self._act("scanner", lambda scanner: scanner.present(ECODE_PREFIX + card.id_number),
                  self.tr("%1's insurance e-code was shown to the scanner.").replace("%1", mask_name(card.name)),
                  close=True)

    def show_payment_code(self, gateway: str) -> None:
        """The sandbox issues a one-time payment code of ``gateway``; the phone is held under the scanner."""
        control = self._window.services.payments.sandbox_control
        scanner = self._window.services.devices.device("scanner")
        if control is None or scanner is None:
            return
        name = self.gateway_names.name(gateway)
        self._window.runner.submit(lambda: scanner.present(control.payment_code(gateway)),
                                   on_error=lambda _: self.status.setText(
                                       self.tr("The %1 payment code could not be made.").replace("%1", name)))
        self.status.setText(self.tr("A %1 payment code was shown to the scanner.").replace("%1", name))
        self.hide()

    def take_chair(self) -> None:
        def take(dock) -> None:
            unlocked = [slot for slot in dock.slots() if slot.chair_id and not slot.locked]
            if not unlocked:
                raise DeviceError(self.tr("No chair is unlocked: rent one at the kiosk first."))
            dock.take(unlocked[0].number)

        self._act("dock", take, self.tr("A chair was taken out of its slot."))

    def return_chair(self) -> None:
        def give_back(dock) -> None:
            slots = dock.slots()
            present = {slot.chair_id for slot in slots if slot.chair_id}
            away = sorted(self._chairs_seen - present)
            empty = [slot.number for slot in slots if slot.chair_id is None]
            if not away or not empty:
                raise DeviceError(self.tr("Every chair is in the dock already."))
            dock.return_chair(empty[0], away[0])

        self._act("dock", give_back, self.tr("A chair was pushed back into an empty slot."))

    def _act(self, kind: str, action: Callable, done_text: str, close: bool = False) -> None:
        device = self._window.services.devices.device(kind)
        if device is None:
            return
        try:
            action(device)
        except DeviceError as error:
            self.status.setText(str(error))
            return
        self.status.setText(done_text)
        if close:  # let the visitor see what the kiosk does with it
            self.hide()

    def _chairs_in_dock(self) -> set[str]:
        dock = self._window.services.devices.device("dock")
        try:
            return {slot.chair_id for slot in dock.slots() if slot.chair_id} if dock is not None else set()
        except DeviceError:
            return set()

    # Texts -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Demo: the person at the devices"))
        self.close_button.setText(self.tr("Close"))
        self.card_caption.setText(self.tr("Put an ID card on the reader:"))
        self.scanner_caption.setText(self.tr("Show an insurance e-code or a payment code to the scanner:")
                                     if self.payment_code_buttons else
                                     self.tr("Show an insurance e-code to the scanner:"))
        for gateway, button in self.payment_code_buttons.items():
            button.setText(self.tr("%1 code").replace("%1", self.gateway_names.name(gateway)))
        self.dock_caption.setText(self.tr("At the wheelchair dock:"))
        for entry in demo_cards():
            name = mask_name(entry.card.name)
            text = {"visitor": self.tr("%1 (new to the hospital)"),
                    "expired": self.tr("%1 (expired card)")}.get(entry.key, "%1 (" + entry.key + ")")
            self.card_buttons[entry.key].setText(text.replace("%1", name))
            if entry.key in self.code_buttons:
                self.code_buttons[entry.key].setText(name)
        self.remove_button.setText(self.tr("Take the card off"))
        self.take_chair_button.setText(self.tr("Take the unlocked chair out"))
        self.return_chair_button.setText(self.tr("Push a chair back in"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

