"""Issue 18.4: the help screen promises only what happened to the call (a real webhook on 127.0.0.1)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.help_call import StaffWebhook
from staff_robot import StaffRobot, free_port_url


@pytest.fixture
def robot():
    with StaffRobot() as endpoint:
        yield endpoint


def test_the_help_screen_says_what_happened_to_the_call(make_window, qtbot, services, robot):
    services.help_webhook = None
    window = make_window()
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.help.outcome is not None, timeout=5000)
    assert window.help.status.text() == "已在工作人员的屏幕上呼叫。请在这里稍等。"
    window.go("home", reason="finished")

    services.help_webhook = StaffWebhook(robot.url, "wecom")
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.help.outcome is not None, timeout=5000)
    assert "手机" in window.help.status.text() and len(robot.posts) == 1
    assert services.devices.device("speaker").utterances[-1].text == window.help.status.text()
    window.go("home", reason="finished")

    services.help_webhook = StaffWebhook(free_port_url(), "json", timeout_s=1)
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.help.outcome is not None, timeout=5000)
    assert "手机的消息没有发送成功" in window.help.status.text()
    assert window.help.desk.isVisible() and services.config.help_desk_zh in window.help.desk.text()  # where else to go
