from __future__ import annotations

import shutil
import wave

import pytest

from devices.base import DeviceError, DriverNotFound, HealthState
from devices.drivers.espeak_speaker import voice_for
from devices.registry import open_device

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def wav_seconds(path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_language_tags_map_to_voices():
    assert voice_for("zh") == voice_for("zh-CN") == voice_for("zh_Hans") == "cmn"
    assert voice_for("en-GB") == "en"
    assert voice_for("fr") is None


@needs_espeak
def test_writes_a_wav_per_utterance_in_the_chosen_voice(device, tmp_path):
    speaker = device("speaker", f"espeak:zh?to={tmp_path}/speech&volume=70&rate=150")
    speaker.say("请 A012 号到三号诊室", "zh")
    assert speaker.wait(10)
    speaker.say("Number A012, please go to room three", "en")
    assert speaker.wait(10)
    first, second = speaker.wav_files
    assert first.name.endswith("-cmn.wav") and second.name.endswith("-en.wav")
    assert wav_seconds(first) > 0.5 and wav_seconds(second) > 0.5
    assert not speaker.is_speaking()
    assert speaker.health().state is HealthState.OK


@needs_espeak
def test_empty_language_uses_the_url_default(device, tmp_path):
    speaker = device("speaker", f"espeak:en?to={tmp_path}")
    speaker.say("hello", "")
    assert speaker.wait(10)
    assert speaker.wav_files[0].name.endswith("-en.wav")


@needs_espeak
def test_new_say_kills_the_one_still_speaking(device, tmp_path):
    speaker = device("speaker", f"espeak:en?to={tmp_path}")
    speaker.say("word " * 3000, "en")  # takes espeak well over a second to synthesise
    assert speaker.is_speaking()
    speaker.say("short", "en")
    assert speaker.counters["interrupted"] == 1
    assert speaker.wait(10)
    assert wav_seconds(speaker.wav_files[-1]) < 3


@needs_espeak
def test_stop_ends_speech(device, tmp_path):
    speaker = device("speaker", f"espeak:en?to={tmp_path}")
    speaker.say("word " * 3000, "en")
    speaker.stop()
    assert not speaker.is_speaking()


@needs_espeak
def test_unknown_language_is_refused(device, tmp_path):
    speaker = device("speaker", f"espeak:zh?to={tmp_path}")
    with pytest.raises(DeviceError, match="no espeak voice for language 'fr'"):
        speaker.say("bonjour", "fr")
    with pytest.raises(DeviceError, match="no espeak voice"):
        open_device("speaker", "espeak:xx")


def test_missing_program_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DriverNotFound, match="install espeak-ng"):
        open_device("speaker", "espeak:zh")


@needs_espeak
def test_program_vanishing_after_open_is_a_health_fault(device, monkeypatch, tmp_path):
    speaker = device("speaker", f"espeak:zh?to={tmp_path}")
    monkeypatch.setenv("PATH", str(tmp_path))
    health = speaker.health()
    assert health.state is HealthState.FAULT and "install espeak-ng" in health.detail
    with pytest.raises(DeviceError, match="install espeak-ng"):
        speaker.say("你好", "zh")
