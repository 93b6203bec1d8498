"""The window's one scanner reader (ui/scanner_service.py) with the simulated scanner: who gets a code,
what happens to a code nobody asked for, and how it lives through a fault, a restart and a self-test."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget

from devices.registry import open_device
from ui.scanner_service import ScannerService


class Screens:
    """A stack of two plain screens, the scanner slot (which a restart may fill) and what each screen got."""

    def __init__(self, qtbot) -> None:
        self.stack = QStackedWidget()
        qtbot.addWidget(self.stack)
        self.first, self.second = QWidget(self.stack), QWidget(self.stack)
        self.first.setObjectName("first")
        self.second.setObjectName("second")
        self.stack.addWidget(self.first)
        self.stack.addWidget(self.second)
        self.slot = {"scanner": open_device("scanner", "sim:")}
        self.got: dict[str, list[str]] = {"first": [], "second": []}
        self.faults: list[str] = []

    @property
    def scanner(self):
        return self.slot["scanner"]

    def on_code(self, name: str):
        return self.got[name].append


@pytest.fixture
def screens(qtbot):
    made = Screens(qtbot)
    yield made
    if made.scanner is not None:
        made.scanner.close()


@pytest.fixture
def service(screens):
    made = ScannerService(lambda: screens.slot["scanner"], screens.stack)
    made.start()
    yield made
    made.shutdown()
    assert not made.running


def test_a_code_goes_once_to_the_screen_shown_that_asked(qtbot, screens, service):
    assert service.listen(screens.first, screens.on_code("first"))
    assert not service.listen(screens.second, screens.on_code("second"))  # not shown: cannot ask
    with qtbot.waitSignal(service.delivered, timeout=5000) as delivered:
        screens.scanner.present("QR-1")
    assert delivered.args == ["first"] and screens.got == {"first": ["QR-1"], "second": []}
    assert not service.listening(screens.first)  # asking is for one code
    screens.scanner.present("QR-2")
    qtbot.wait_until(lambda: service.held == 1, timeout=5000)
    assert screens.got["first"] == ["QR-1"]
    service.listen(screens.first, screens.on_code("first"))  # ready again: the held code comes now
    qtbot.wait_until(lambda: screens.got["first"] == ["QR-1", "QR-2"], timeout=5000)
    assert service.held == 0 and screens.scanner.codes_read == ["QR-1", "QR-2"]


def test_a_screen_that_is_left_loses_its_turn(qtbot, screens, service):
    service.listen(screens.first, screens.on_code("first"))
    screens.stack.setCurrentWidget(screens.second)
    assert not service.listening(screens.first)
    screens.scanner.present("QR-1")
    qtbot.wait_until(lambda: service.held == 1, timeout=5000)
    screens.stack.setCurrentWidget(screens.first)  # shown again, but it has not asked again
    service.listen(screens.second, screens.on_code("second"))
    assert screens.got == {"first": [], "second": []}
    screens.stack.setCurrentWidget(screens.second)
    service.listen(screens.second, screens.on_code("second"))
    qtbot.wait_until(lambda: screens.got["second"] == ["QR-1"], timeout=5000)
    assert screens.got["first"] == []


def test_a_code_nobody_asks_for_is_dropped_after_the_grace_window(qtbot, screens, service):
    with qtbot.waitSignal(service.dropped, timeout=5000):
        screens.scanner.present("QR-LATE")
    assert service.held == 0
    service.listen(screens.first, screens.on_code("first"))
    screens.scanner.present("QR-NEXT")
    qtbot.wait_until(lambda: bool(screens.got["first"]), timeout=5000)
    assert screens.got["first"] == ["QR-NEXT"]  # the dropped one never comes late


def test_the_end_of_a_session_drops_a_held_code(qtbot, screens, service):
    screens.scanner.present("ECODE:310104195607200153")
    qtbot.wait_until(lambda: service.held == 1, timeout=5000)
    service.forget()
    assert service.held == 0
    service.listen(screens.first, screens.on_code("first"))
    screens.scanner.present("QR-NEXT")
    qtbot.wait_until(lambda: bool(screens.got["first"]), timeout=5000)
    assert screens.got["first"] == ["QR-NEXT"]


def test_a_fault_is_told_to_the_listening_screen_and_reading_resumes_once_it_clears(qtbot, screens, service):
    screens.scanner.inject(fail="fault")
    service.listen(screens.first, screens.on_code("first"), screens.faults.append)
    qtbot.wait_until(lambda: bool(screens.faults), timeout=5000)
    assert "hardware fault" in screens.faults[0] and "hardware fault" in service.fault
    assert not service.listening(screens.first)  # told once; it asks again when it wants to
    screens.scanner.clear_faults()
    qtbot.wait_until(lambda: service.fault == "", timeout=5000)
    service.listen(screens.first, screens.on_code("first"), screens.faults.append)
    screens.scanner.present("QR-AFTER")
    qtbot.wait_until(lambda: screens.got["first"] == ["QR-AFTER"], timeout=5000)
    assert len(screens.faults) == 1


def test_a_restart_in_place_and_a_scanner_opened_later_are_both_read(qtbot, screens, service):
    with service.paused():  # as "Restart services" does: close and open the same driver
        screens.scanner.close()
        screens.scanner.open()
    service.listen(screens.first, screens.on_code("first"))
    screens.scanner.present("QR-AFTER-RESTART")
    qtbot.wait_until(lambda: screens.got["first"] == ["QR-AFTER-RESTART"], timeout=5000)

    screens.scanner.close()  # unplugged; later a restart opens a new driver into the empty slot
    screens.slot["scanner"] = None
    assert not service.listen(screens.first, screens.on_code("first"))
    screens.slot["scanner"] = open_device("scanner", "sim:")
    assert service.listen(screens.first, screens.on_code("first"))
    screens.scanner.present("QR-NEW-DRIVER")
    qtbot.wait_until(lambda: screens.got["first"] == ["QR-AFTER-RESTART", "QR-NEW-DRIVER"], timeout=5000)


def test_while_paused_a_self_test_reads_the_code_and_the_screens_get_nothing(qtbot, screens, service):
    service.listen(screens.first, screens.on_code("first"))
    paused, read = threading.Event(), []

    def self_test() -> None:
        with service.paused():
            paused.set()
            read.append(screens.scanner.read_code(10.0))

    tester = threading.Thread(target=self_test)
    tester.start()
    assert paused.wait(5.0)
    screens.scanner.present("TEST-CODE")
    tester.join(10.0)
    assert read == ["TEST-CODE"] and screens.got["first"] == [] and service.held == 0
    screens.scanner.present("QR-AFTER-TEST")  # the service reads again after the test
    qtbot.wait_until(lambda: screens.got["first"] == ["QR-AFTER-TEST"], timeout=5000)
