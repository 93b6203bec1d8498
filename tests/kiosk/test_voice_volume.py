"""Speaker volume: config default, staff change kept across restarts and audited, used for speech and chime."""
from __future__ import annotations

from dataclasses import replace

from kiosk.bootstrap import bootstrap


def _volume_entries(services):
    return [entry for entry in services.audit.entries(limit=200) if entry.action == "speech.volume_changed"]


def test_config_volume_is_the_default(kiosk_config):
    services = bootstrap(replace(kiosk_config, speech_volume=35))
    try:
        assert services.voice.volume == 35
        services.voice.say("你好", "zh_CN")
        assert services.devices.device("speaker").utterances[-1].volume == 35
    finally:
        services.close()


def test_staff_volume_survives_a_restart_and_is_audited(kiosk_config):
    services = bootstrap(kiosk_config)
    try:
        assert services.voice.volume == 80
        assert services.voice.set_volume(50, "staff:1001") == 50
        services.voice.chime()
        services.voice.say("Hello", "en")
        speaker = services.devices.device("speaker")
        assert speaker.chimes[-1].volume == 50 and speaker.utterances[-1].volume == 50
        (entry,) = _volume_entries(services)
        assert entry.actor == "staff:1001" and entry.detail == {"previous": 80, "volume": 50}
    finally:
        services.close()

    restarted = bootstrap(kiosk_config)  # same database file, config still says 80
    try:
        assert restarted.voice.volume == 50
        assert restarted.audit.verify().ok
    finally:
        restarted.close()


def test_volume_is_clamped_to_0_100(services):
    assert services.voice.set_volume(130, "staff:1001") == 100
    assert services.voice.set_volume(-5, "staff:1001") == 0
    assert [entry.detail["volume"] for entry in _volume_entries(services)] == [0, 100]
