"""A patient at the home screen: tiles, language, help, idle wipe; staff corner; device faults."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from ui.app import has_cjk_font


def _audit_actions(services):
    return [entry.action for entry in services.audit.entries(limit=100)]


def test_home_starts_in_chinese_with_real_cjk_font(window):
    assert has_cjk_font(), "no CJK font: run make setup (fonts-noto-cjk)"
    assert window.current is window.home
    assert window.home.tiles["checkin"].text() == "刷脸签到"
    assert window.home.tiles["wheelchair"].text() == "轮椅租借"
    assert window.home.tiles["pay"].text() == "缴费"
    assert window.home.tiles["help"].text() == "帮助"
    assert window.language_button.text() == "English"


def test_home_instruction_is_spoken(window, services):
    speaker = services.devices.device("speaker")
    assert speaker.utterances[-1].text == window.home.instruction()
    assert speaker.utterances[-1].language == "zh"


def test_language_switch_round_trip(window, qtbot, services):
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert window.home.tiles["checkin"].text() == "Check in"
    assert window.language_button.text() == "中文"
    assert window.hospital_name.text() == services.config.hospital_name_en
    speaker = services.devices.device("speaker")
    assert speaker.utterances[-1].language == "en"
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert window.home.tiles["pay"].text() == "缴费"


def test_call_staff_from_help_is_audited_and_announced(window, qtbot, services):
    qtbot.mouseClick(window.home.tiles["help"], Qt.MouseButton.LeftButton)
    assert window.current is window.help
    assert services.sessions.current.journey == "help"
    qtbot.mouseClick(window.help.call_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "help.requested" in _audit_actions(services), timeout=3000)
    qtbot.wait_until(lambda: window.help.outcome is not None, timeout=3000)
    assert window.help.status.isVisible()
    # What really happened (issue 18.4), not "staff are on their way": no webhook is configured here.
    assert window.help.status.text() == "已在工作人员的屏幕上呼叫。请在这里稍等。"
    speaker = services.devices.device("speaker")
    assert speaker.utterances[-1].text == "已在工作人员的屏幕上呼叫。请在这里稍等。"
    assert len(speaker.chimes) == 1 and speaker.chimes[0].volume == services.voice.volume
    assert speaker.chimes[0].at <= speaker.utterances[-1].started_at  # the chime first, then the words


def test_footer_call_staff_chimes_on_any_patient_screen(window, qtbot, services):
    qtbot.mouseClick(window.home.tiles["checkin"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "help.requested" in _audit_actions(services), timeout=3000)
    assert window.current is window.help and window.help.called
    assert len(services.devices.device("speaker").chimes) == 1


def test_a_broken_speaker_does_not_stop_the_help_call(window, qtbot, services):
    services.devices.device("speaker").inject(fail="fault")
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: "help.requested" in _audit_actions(services), timeout=3000)
    assert window.current is window.help and window.help.status.isVisible()


def test_service_not_offered_says_where_to_go(window, qtbot, services):
    window.screens.pop("pay", None)  # as on a kiosk built without the payment feature
    qtbot.mouseClick(window.home.tiles["pay"], Qt.MouseButton.LeftButton)
    assert window.current is window.unavailable
    assert window.unavailable.title.text() == "缴费"
    assert services.config.help_desk_zh in window.unavailable.next_step.text()
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current is window.home
    assert services.sessions.current is None


def test_idle_countdown_shows_then_wipes_the_session(window, qtbot, services):
    qtbot.mouseClick(window.home.tiles["help"], Qt.MouseButton.LeftButton)
    assert services.sessions.current is not None
    qtbot.waitSignal(window.idle.countdown, timeout=3000).wait()
    assert window.overlay.isVisible()
    assert window.overlay.seconds.text() in {"1", "2"}
    qtbot.wait_until(lambda: window.current is window.home, timeout=4000)
    assert services.sessions.current is None
    assert not window.overlay.isVisible()
    last = services.audit.entries(limit=100, action="session.ended")[0]
    assert last.detail == {"journey": "help", "reason": "idle_timeout"}


def test_more_time_keeps_the_patient_on_the_screen(window, qtbot, services):
    qtbot.mouseClick(window.home.tiles["help"], Qt.MouseButton.LeftButton)
    qtbot.waitSignal(window.idle.countdown, timeout=3000).wait()
    qtbot.mouseClick(window.overlay.more_button, Qt.MouseButton.LeftButton)
    assert not window.overlay.isVisible()
    assert window.current is window.help
    assert services.sessions.current.journey == "help"


def test_simulated_devices_ribbon_is_shown(window):
    assert window.sim_ribbon.isVisible()
    assert "模拟设备" in window.sim_ribbon.text()


def test_printer_out_of_paper_shows_plain_banner(window, qtbot, services):
    assert not window.fault_banner.isVisible()
    services.devices.device("receipt_printer").inject(paper="out")
    window.poll_health()
    qtbot.wait_until(lambda: window.fault_banner.isVisible(), timeout=3000)
    assert "凭条打印机暂时不能使用" in window.fault_banner.text()
    assert services.config.help_desk_zh in window.fault_banner.text()
    events = services.db.execute("SELECT state FROM device_events WHERE device_kind = ? ORDER BY id",
                                 ("receipt_printer",)).fetchall()
    assert events[-1] == ("fault",)


def test_long_press_on_corner_opens_staff_sign_in(window, qtbot, services):
    """Device health itself is behind sign-in now (tests/ui/test_maintenance_journey.py)."""
    corner = window.staff_corner
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.wait_until(lambda: window.current is window.screens["staff_sign_in"], timeout=5000)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert window.current.title.text() == "工作人员登录"
    assert services.sessions.current is None  # no patient session while staff use the kiosk


def test_short_press_on_corner_does_nothing(window, qtbot):
    qtbot.mouseClick(window.staff_corner, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.wait(300)
    assert window.current is window.home
