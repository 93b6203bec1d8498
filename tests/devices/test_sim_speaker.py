from __future__ import annotations

import time

import pytest

from devices.base import DeviceError


def test_utterances_are_recorded_with_language_and_volume(device):
    speaker = device("speaker", "sim:?rate=0&volume=60")
    speaker.say("请 A012 到 3 号诊室", "zh")
    speaker.say("A012 to room 3", "en")
    assert [(u.text, u.language, u.volume) for u in speaker.utterances] == [
        ("请 A012 到 3 号诊室", "zh", 60),
        ("A012 to room 3", "en", 60),
    ]
    assert speaker.spoken_texts()[-1] == "A012 to room 3"
    assert not speaker.is_speaking()  # rate=0: done at once, nothing interrupted
    assert not any(u.interrupted for u in speaker.utterances)


def test_speaking_lasts_in_proportion_to_the_text(device):
    speaker = device("speaker", "sim:?rate=100")
    speaker.say("x" * 10, "en")  # 0.1 s
    assert speaker.is_speaking()
    time.sleep(0.15)
    assert not speaker.is_speaking()


def test_say_while_speaking_interrupts_the_previous_one(device):
    speaker = device("speaker", "sim:?rate=10")
    speaker.say("a long announcement", "en")
    speaker.say("urgent", "en")
    first, second = speaker.utterances
    assert first.interrupted and not second.interrupted
    assert speaker.is_speaking()
    assert speaker.counters["interrupted"] == 1


def test_stop_and_finish(device):
    speaker = device("speaker", "sim:?rate=10")
    speaker.say("something long", "en")
    speaker.stop()
    assert not speaker.is_speaking() and speaker.utterances[-1].interrupted
    speaker.say("another", "en")
    speaker.finish()
    assert not speaker.is_speaking() and not speaker.utterances[-1].interrupted


def test_volume_is_settable_and_checked_in_the_url(device):
    speaker = device("speaker", "sim:?rate=0")
    speaker.volume = 30
    speaker.say("quiet", "en")
    assert speaker.utterances[-1].volume == 30
    with pytest.raises(DeviceError, match="volume"):
        device("speaker", "sim:?volume=300")


def test_say_needs_a_language(device):
    speaker = device("speaker", "sim:")
    with pytest.raises(DeviceError, match="language"):
        speaker.say("hello", "")


def test_chimes_are_recorded_with_their_volume(device):
    speaker = device("speaker", "sim:?rate=0&volume=40")
    speaker.chime()
    speaker.volume = 90
    speaker.chime()
    assert [chime.volume for chime in speaker.chimes] == [40, 90]
    assert speaker.counters["chime"] == 2


def test_chime_obeys_injected_faults(device):
    speaker = device("speaker", "sim:?fail=fault")
    with pytest.raises(DeviceError):
        speaker.chime()
    assert speaker.chimes == []
