"""Devices panel: every device's kind, driver URL (simulators marked loudly), health with its detail,
last error and counters, and a self-test per device (test print with preview, camera picture,
scanner, dock unlock, speaker). Pictures are shown, never saved.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from devices.base import Health
from devices.words import words_of
from kiosk.maintenance.paper_roll import PaperEstimate
from kiosk.maintenance.self_tests import SelfTestResult
from kiosk.maintenance.staff_session import PermissionDenied
from ui.maintenance.camera_live import CAMERA_LIVE
from ui.maintenance.common import PanelScreen, simulated_badge
from ui.maintenance.device_words import DeviceWords
from ui.maintenance.paper_words import paper_alert_text, tickets_left_text
from ui.widgets.buttons import secondary_button
from ui.widgets.labels import text_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SCANNER_TEST_WAIT_S = 10.0
PICTURE_WIDTH = 480


def frame_to_pixmap(frame: np.ndarray, width: int = PICTURE_WIDTH) -> QPixmap:
    """A BGR camera frame as a pixmap scaled to ``width`` (the frame is copied; nothing is written)."""
    frame = np.ascontiguousarray(frame)
    height, frame_width = frame.shape[:2]
    image = QImage(frame.data, frame_width, height, frame_width * 3, QImage.Format.Format_BGR888).copy()
    return QPixmap.fromImage(image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


class DeviceRow:
    def __init__(self, screen: "DevicesScreen", kind: str):
        self.kind = kind
        self.frame = QFrame(screen.card)
        layout = QVBoxLayout(self.frame)
        layout.setContentsMargins(0, 8, 0, 16)
        layout.setSpacing(8)
        self.name = text_label("title", self.frame, f"dev_{kind}_name")
        self.simulated = simulated_badge(self.frame, f"dev_{kind}_simulated")
        self.state = text_label("body", self.frame, f"dev_{kind}_state")
        self.driver = text_label("small", self.frame, f"dev_{kind}_driver")
        self.last_error = text_label("small", self.frame, f"dev_{kind}_error")
        self.counters = text_label("small", self.frame, f"dev_{kind}_counters")
        self.test_button: QPushButton = secondary_button(self.frame, f"dev_{kind}_test")
        self.result = text_label("body", self.frame, f"dev_{kind}_result")
        self.picture = QLabel(self.frame)
        self.picture.setObjectName(f"dev_{kind}_picture")
        for widget in (self.name, self.simulated, self.state, self.driver, self.last_error, self.counters,
                       self.test_button, self.result, self.picture):
            layout.addWidget(widget)
        self.result.hide()
        self.picture.hide()


class DevicesScreen(PanelScreen):
    name = "staff_devices"
    permissions = ("devices",)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self._board = window.services.devices
        self.words = DeviceWords(self)
        self.check_button = secondary_button(self.card, "devicesCheckAgain")
        self.check_button.clicked.connect(self._poll)
        self.body.addWidget(self.check_button)
        self.rows = {kind: DeviceRow(self, kind) for kind in self._board.slots}
        self.live_button = None
        if "camera" in self.rows:
            camera_row = self.rows["camera"]
            self.live_button = secondary_button(camera_row.frame, "dev_camera_live")
            self.live_button.clicked.connect(lambda: self.navigate.emit(CAMERA_LIVE))
            camera_row.frame.layout().insertWidget(camera_row.frame.layout().indexOf(camera_row.test_button) + 1,
                                                   self.live_button)
        self.paper_line = None
        if "receipt_printer" in self.rows:
            receipt_row = self.rows["receipt_printer"]
            self.paper_line = text_label("body", receipt_row.frame, "dev_receipt_printer_paper")
            receipt_row.frame.layout().insertWidget(3, self.paper_line)
            self.paper_line.hide()
        for row in self.rows.values():
            self.body.addWidget(row.frame)
            row.test_button.clicked.connect(lambda _=False, kind=row.kind: self.run_self_test(kind))
        self.body.addStretch(1)
        self.retranslate()

    def entered(self) -> None:
        for row in self.rows.values():
            row.result.hide()
            row.picture.hide()
        self._show({kind: slot.last_health for kind, slot in self._board.slots.items()})
        self._poll()

    def _poll(self) -> None:
        self.run(self._board.poll, on_done=self._show)
        if self.paper_line is not None:
            self.run(self.maintenance.paper_roll.estimate_now, self._board.device("receipt_printer"),
                     self._window.services.printing.receipt_target(), on_done=self._show_paper)

    def _show_paper(self, estimate: PaperEstimate) -> None:
        """"About N tickets left" under the receipt printer's state; red and with advice when low."""
        if self.paper_line is None:
            return
        text = tickets_left_text(estimate)
        alert = paper_alert_text(estimate)
        self.paper_line.setText(text + ("\n" + alert if alert else ""))
        self.paper_line.setProperty("role", "error" if estimate.low else "body")
        self.paper_line.style().unpolish(self.paper_line)
        self.paper_line.style().polish(self.paper_line)
        self.paper_line.show()

    # --- health ----------------------------------------------------------------------------------

    def _test_name(self, kind: str) -> str:
        return {
            "camera": self.tr("Take a test picture"),
            "receipt_printer": self.tr("Print a test page"),
            "scanner": self.tr("Test the scanner"),
            "dock": self.tr("Unlock and lock a slot"),
            "speaker": self.tr("Say a test sentence"),
            "id_card_reader": self.tr("Read a test card"),
        }.get(kind, "")

    def _show(self, healths: dict[str, Health | None]) -> None:
        for kind, row in self.rows.items():
            slot = self._board.slots[kind]
            health = healths.get(kind)
            row.name.setText(self.words.kind_name(kind))
            row.simulated.setText(self.tr("SIMULATED DEVICE — nothing real happens"))
            row.simulated.setVisible(slot.simulated)
            row.state.setText(self.tr("State: %1").replace("%1", self.words.state(health)))
            row.state.setProperty("state", health.state.value if health else "unknown")
            row.state.style().unpolish(row.state)
            row.state.style().polish(row.state)
            row.driver.setText(self.tr("Driver: %1").replace("%1", slot.url))
            device = slot.device
            error = slot.open_error or (device.last_error if device is not None else "")
            row.last_error.setText(self.tr("Last error: %1").replace("%1", self.words.detail(error)) if error
                                   else self.tr("Last error: none"))
            counters = dict(device.counters) if device is not None else {}
            if hasattr(device, "frames_served"):
                counters["frames"] = device.frames_served
            shown = self.words.counters(counters)
            row.counters.setText(self.tr("Counters: %1").replace("%1", shown) if shown else self.tr("Counters: none yet"))
            row.test_button.setText(self._test_name(kind))
            row.test_button.setVisible(bool(self._test_name(kind)) and device is not None)
            if kind == "camera" and self.live_button is not None:
                self.live_button.setText(self.tr("Live picture with face boxes and scores"))
                self.live_button.setVisible(device is not None)

    # --- self-tests ------------------------------------------------------------------------------

    def run_self_test(self, kind: str) -> None:
        tests = self.maintenance.self_tests
        row = self.rows[kind]
        try:
            actor = self.session.require("devices")
        except PermissionDenied:
            row.result.setText(self.tr("Your role may not run device tests."))
            row.result.show()
            return
        row.test_button.setEnabled(False)
        row.picture.hide()
        row.result.show()
        if kind == "receipt_printer":
            row.result.setText(self.tr("Printing the test page…"))
            job = (tests.test_print, actor)
        elif kind == "camera":
            row.result.setText(self.tr("Taking a picture…"))
            job = (tests.camera_snapshot, actor)
        elif kind == "scanner":
            row.result.setText(self.tr("Hold any QR code or barcode under the scanner now (%1 seconds).")
                               .replace("%1", f"{SCANNER_TEST_WAIT_S:g}"))
            job = (self._scanner_test, actor)
        elif kind == "dock":
            row.result.setText(self.tr("Unlocking a slot…"))
            job = (tests.dock_unlock_test, actor)
        elif kind == "id_card_reader":
            row.result.setText(self.tr("Put an ID card on the reader now (%1 seconds).")
                               .replace("%1", f"{SCANNER_TEST_WAIT_S:g}"))
            job = (tests.id_card_test, actor, SCANNER_TEST_WAIT_S)
        else:
            row.result.setText(self.tr("Listen: the speaker should say a sentence now."))
            job = (tests.speaker_test, actor, self.language)
        self.run(*job, on_done=self._show_result, on_error=lambda error, kind=kind: self._show_error(kind, error))

    def _scanner_test(self, actor: str) -> SelfTestResult:
        """On a worker: the self-test reads the scanner itself while the window's scanner service waits,
        so the code the technician shows goes to the test and nowhere else."""
        with self._window.scanner.paused():
            return self.maintenance.self_tests.scanner_test(actor, SCANNER_TEST_WAIT_S)

    def _show_result(self, result: SelfTestResult) -> None:
        row = self.rows[result.device]
        row.test_button.setEnabled(True)
        text = self.words.result(result)
        row.result.setProperty("state", "ok" if result.ok else "fault")
        row.result.style().unpolish(row.result)
        row.result.style().polish(row.result)
        if result.device == "receipt_printer":
            text += "\n" + self.tr("This is what the page looks like:")
            pixmap = QPixmap()
            pixmap.loadFromData(result.image_png, "PNG")
            row.picture.setPixmap(pixmap.scaledToWidth(PICTURE_WIDTH, Qt.TransformationMode.SmoothTransformation))
            row.picture.show()
        elif result.frame is not None:
            row.picture.setPixmap(frame_to_pixmap(result.frame))
            row.picture.show()
        row.result.setText(text)
        self._show(self._board.last_healths())
        self.relayout()

    def _show_error(self, kind: str, error: Exception) -> None:
        row = self.rows[kind]
        row.test_button.setEnabled(True)
        row.result.setText(self.tr("Test could not run: %1").replace("%1", self.words.detail(words_of(error))))

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Devices"))
        self.check_button.setText(self.tr("Check all devices again"))
        self._show(self._board.last_healths())
