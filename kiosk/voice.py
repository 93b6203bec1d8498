"""Spoken guidance: every instruction and result is also said aloud, in the patient's language."""
from __future__ import annotations

import logging

from devices.base import DeviceError
from kiosk.device_board import DeviceBoard

log = logging.getLogger(__name__)

SPEAKER_LANGUAGE = {"zh_CN": "zh", "en": "en"}


class VoiceGuide:
    def __init__(self, board: DeviceBoard, volume: int):
        self._board = board
        self.volume = volume
        self.last: tuple[str, str] | None = None

    def say(self, text: str, language: str) -> None:
        """Speak ``text`` (interrupting older speech); a broken speaker never stops the journey."""
        self.last = (text, language)
        speaker = self._board.device("speaker")
        if speaker is None or not text:
            return
        try:
            speaker.volume = self.volume
            speaker.say(text, SPEAKER_LANGUAGE.get(language, "zh"))
        except DeviceError as exc:
            log.warning("speaker: %s", exc)

    def repeat(self) -> None:
        if self.last is not None:
            self.say(*self.last)

    def stop(self) -> None:
        speaker = self._board.device("speaker")
        if speaker is not None:
            try:
                speaker.stop()
            except DeviceError as exc:
                log.warning("speaker: %s", exc)
