"""Sound panel: a technician turns the speaker up, hears the test sentence and the chime; audited,
kept in the database; finance staff do not see the panel."""
from __future__ import annotations

from kiosk.voice import VolumeSetting
from staff_screens import click, sign_in_staff

WAIT_MS = 8000


def test_technician_turns_the_volume_up_and_tests_voice_and_chime(window, qtbot, services):
    speaker = services.devices.device("speaker")
    menu = sign_in_staff(window, qtbot, "1001")
    button = menu.panel_buttons["staff_sound"]
    assert button.isVisible() and button.text() == "声音：音量和提示音"
    click(qtbot, button)
    panel = window.current
    assert panel is window.screens["staff_sound"]
    assert panel.volume_label.text() == "音量：80（最大 100）"

    click(qtbot, panel.louder_button)
    qtbot.wait_until(lambda: panel.volume_label.text() == "音量：90（最大 100）", timeout=WAIT_MS)
    assert services.voice.volume == 90
    assert speaker.utterances[-1].text == "自助机现在就用这个音量说话。" and speaker.utterances[-1].volume == 90
    (entry,) = [e for e in services.audit.entries(limit=100) if e.action == "speech.volume_changed"]
    assert entry.actor == "staff:1001" and entry.detail == {"previous": 80, "volume": 90}
    assert VolumeSetting(services.db, services.clock, services.audit).load(80) == 90

    click(qtbot, panel.test_chime_button)
    assert speaker.chimes[-1].volume == 90
    click(qtbot, panel.quieter_button)
    click(qtbot, panel.quieter_button)  # the buttons wait for the first change to be saved
    qtbot.wait_until(lambda: panel.volume_label.text() == "音量：80（最大 100）", timeout=WAIT_MS)


def test_volume_stops_at_100(window, qtbot, services):
    services.voice.set_volume(100, "staff:9001")
    sign_in_staff(window, qtbot, "1001")
    window.go("staff_sound")
    panel = window.current
    assert not panel.louder_button.isEnabled() and panel.quieter_button.isEnabled()


def test_finance_staff_do_not_see_the_sound_panel(window, qtbot, services):
    menu = sign_in_staff(window, qtbot, "2001")
    assert not menu.panel_buttons["staff_sound"].isVisible()
    window.go("staff_sound")
    assert window.current is not window.screens["staff_sound"]
