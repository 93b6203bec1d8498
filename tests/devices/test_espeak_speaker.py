from __future__ import annotations

import shutil
import wave

import pytest

from devices.base import DeviceError, DriverNotFound, HealthState
from devices.drivers.chime_sound import CHIME_SECONDS, SAMPLE_RATE, chime_wav
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


def peak_amplitude(path) -> int:
    import array

    with wave.open(str(path)) as wav:
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return max(abs(sample) for sample in samples)


def test_chime_wav_is_made_once_per_volume(tmp_path):
    loud = chime_wav(100, tmp_path)
    quiet = chime_wav(25, tmp_path)
    assert chime_wav(100, tmp_path) == loud and loud.stat().st_mtime_ns == chime_wav(100, tmp_path).stat().st_mtime_ns
    assert abs(wav_seconds(loud) - CHIME_SECONDS) < 0.01
    with wave.open(str(loud)) as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (SAMPLE_RATE, 2, 1)
    assert peak_amplitude(quiet) < peak_amplitude(loud) / 3
    assert chime_wav(0, tmp_path).exists() and peak_amplitude(chime_wav(0, tmp_path)) == 0


@needs_espeak
def test_chime_then_speech_waits_for_the_chime(device, tmp_path):
    speaker = device("speaker", f"espeak:en?to={tmp_path}/out&cache={tmp_path}/cache&volume=50")
    speaker.say("Help is on the way", "en")
    assert speaker.wait(10)
    plain = wav_seconds(speaker.wav_files[-1])
    speaker.chime()
    speaker.say("Help is on the way", "en")
    assert speaker.wait(10)
    chime_copy, after_chime = speaker.wav_files[-2:]
    assert chime_copy.name.endswith("-chime.wav") and (tmp_path / "cache" / "chime-v050.wav").exists()
    assert wav_seconds(after_chime) > plain + 0.3  # a leading pause while the chime sounds
    assert speaker.counters["chime"] == 1
    assert speaker.health().state is HealthState.OK


@needs_espeak
def test_chime_plays_with_a_sound_player(device, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    played = tmp_path / "played.txt"
    player = bin_dir / "aplay"
    player.write_text(f"#!/bin/sh\necho \"$1\" > {played}\n")
    player.chmod(0o755)
    (bin_dir / "espeak-ng").symlink_to(shutil.which("espeak-ng"))
    monkeypatch.setenv("PATH", str(bin_dir))
    speaker = device("speaker", f"espeak:zh?cache={tmp_path}/cache&volume=30")
    speaker.chime()
    assert speaker.wait(5)
    for _ in range(100):
        if played.exists() and not speaker.is_speaking():
            break
        import time
        time.sleep(0.02)
    assert played.read_text().strip() == str(tmp_path / "cache" / "chime-v030.wav")


@needs_espeak
def test_chime_without_a_player_says_what_to_install(device, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "espeak-ng").symlink_to(shutil.which("espeak-ng"))
    monkeypatch.setenv("PATH", str(bin_dir))
    speaker = device("speaker", f"espeak:zh?cache={tmp_path}/cache")
    with pytest.raises(DeviceError, match="install alsa-utils"):
        speaker.chime()


@needs_espeak
def test_failing_player_is_a_health_fault(device, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    player = bin_dir / "aplay"
    player.write_text("#!/bin/sh\necho 'aplay: main:831: audio open error: No such file or directory' >&2\nexit 1\n")
    player.chmod(0o755)
    (bin_dir / "espeak-ng").symlink_to(shutil.which("espeak-ng"))
    monkeypatch.setenv("PATH", str(bin_dir))
    speaker = device("speaker", f"espeak:zh?cache={tmp_path}/cache")
    speaker.chime()
    import time
    deadline = time.monotonic() + 5
    while speaker.health().state is HealthState.OK and time.monotonic() < deadline:
        time.sleep(0.02)
    health = speaker.health()
    assert health.state is HealthState.FAULT and "audio open error" in health.detail


@needs_espeak
def test_volume_sets_the_espeak_amplitude(device, tmp_path):
    speaker = device("speaker", f"espeak:en?to={tmp_path}&volume=20")
    speaker.say("Number A012", "en")
    assert speaker.wait(10)
    speaker.volume = 90
    speaker.say("Number A012", "en")
    assert speaker.wait(10)
    quiet, loud = speaker.wav_files
    assert peak_amplitude(loud) > 2 * peak_amplitude(quiet)
