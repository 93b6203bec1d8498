"""Simulated speaker: records every utterance and "speaks" for a time proportional to the text.

URL parameters: ``rate=15`` (characters per second; ``rate=0`` finishes every utterance at once, handy
in tests), ``volume=80`` (0–100), plus the common faults.

Interrupt semantics as on the real speaker: ``say()`` while speaking marks the previous utterance
``interrupted``; so does ``stop()``. Test hooks: ``utterances``, ``spoken_texts()``, ``finish()``; ``chimes`` records every ``chime()``
with the volume it was played at.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from devices.base import DeviceError, DeviceUrl, Health
from devices.simulators.common import SimulatedDevice
from devices.urlparams import float_param, int_param
from devices.words import Words


@dataclass
class Utterance:
    text: str
    language: str
    volume: int
    started_at: float
    ends_at: float  # time.monotonic()
    interrupted: bool = False


@dataclass(frozen=True)
class Chime:
    volume: int
    at: float  # time.monotonic()


class SimSpeaker(SimulatedDevice):
    kind = "speaker"
    FAULT_DETAIL = "the speaker reports an audio fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.chars_per_second = float_param(url, "rate", 15.0, low=0.0)
        self.volume = int_param(url, "volume", 80, low=0, high=100)
        self.utterances: list[Utterance] = []
        self.chimes: list[Chime] = []

    def say(self, text: str, language: str) -> None:
        if not language:
            raise DeviceError("say() needs a language such as 'zh' or 'en'")
        self._begin("say")
        with self._lock:
            self._interrupt_current()
            now = time.monotonic()
            duration = len(text) / self.chars_per_second if self.chars_per_second > 0 else 0.0
            self.utterances.append(Utterance(text, language, self.volume, now, now + duration))

    def stop(self) -> None:
        with self._lock:
            self._interrupt_current()

    def chime(self) -> None:
        self._begin("chime")
        with self._lock:
            self.chimes.append(Chime(self.volume, time.monotonic()))

    def is_speaking(self) -> bool:
        with self._lock:
            current = self.utterances[-1] if self.utterances else None
            return current is not None and not current.interrupted and time.monotonic() < current.ends_at

    def finish(self) -> None:
        """Test hook: let the current utterance end now, as if it had been spoken to the end."""
        with self._lock:
            if self.utterances:
                self.utterances[-1].ends_at = min(self.utterances[-1].ends_at, time.monotonic())

    def spoken_texts(self) -> list[str]:
        with self._lock:
            return [utterance.text for utterance in self.utterances]

    def _interrupt_current(self) -> None:
        if self.is_speaking():
            current = self.utterances[-1]
            current.interrupted = True
            current.ends_at = time.monotonic()
            self.count("interrupted")

    def _sim_close(self) -> None:
        self._interrupt_current()

    def _sim_health(self) -> Health:
        return Health.ok(Words(f"simulated, volume {self.volume}", "sim.speaker_ok", volume=self.volume))
