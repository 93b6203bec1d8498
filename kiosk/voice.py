"""Spoken guidance: every instruction and result is also said aloud, in the patient's language.

The speaker volume starts from the config's ``speech.volume``; once staff change it in the Sound panel
the new value is kept in ``kiosk_state`` (audited) and wins over the config after a restart.
"""
from __future__ import annotations

import logging
import threading

import sqlite_utils

from devices.base import DeviceError
from kiosk import kiosk_state_store
from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_utc_text
from kiosk.device_board import DeviceBoard, open_slot
from kiosk.storage import write_transaction

log = logging.getLogger(__name__)

SPEAKER_LANGUAGE = {"zh_CN": "zh", "en": "en"}
VOLUME_KEY = "speech_volume"


class VolumeSetting:
    """The staff-chosen volume in ``kiosk_state``; absent until staff first change it."""

    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog):
        self._db = db
        self._clock = clock
        self._audit = audit

    def load(self, default: int) -> int:
        stored = kiosk_state_store.state_value(self._db, self._audit.kiosk_id, VOLUME_KEY)
        if stored is None:
            return default
        return int(stored["volume"])

    def save(self, volume: int, previous: int, actor: str) -> None:
        """The value and its audit row in one transaction (blocking: call from a worker)."""
        now = self._clock.now()
        value = {"volume": volume, "changed_by": actor, "changed_at_utc": to_utc_text(now)}
        with write_transaction(self._db) as db:
            kiosk_state_store.put_state_value(db, self._audit.kiosk_id, VOLUME_KEY, value, now)
            self._audit.record(actor, "speech.volume_changed", {"previous": previous, "volume": volume})


class VoiceGuide:
    def __init__(self, board: DeviceBoard, volume: int, setting: VolumeSetting | None = None):
        self._board = board
        self._setting = setting
        self._lock = threading.Lock()
        self.volume = setting.load(volume) if setting is not None else volume
        self.last: tuple[str, str] | None = None

    def set_volume(self, volume: int, actor: str) -> int:
        """Staff change the volume (0–100, clamped): stored, audited, used from the next sound on."""
        volume = max(0, min(100, int(volume)))
        with self._lock:
            previous = self.volume
            if self._setting is not None:
                self._setting.save(volume, previous, actor)
            self.volume = volume
        return volume

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

    def chime(self) -> None:
        """Play the "staff are coming" chime; speech said right after waits for it to end."""
        speaker = self._board.device("speaker")
        if speaker is None:
            return
        try:
            speaker.volume = self.volume
            speaker.chime()
        except DeviceError as exc:
            log.warning("speaker chime: %s", exc)

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


class SpeakerWhileWaiting:
    """The speaker before the kiosk has started (its database away, ``ui/waiting_for_database.py``):
    opened on the first ``say``, at the config's volume, and let go (``release``) before each try to
    start, which opens the speaker again as one of its devices. A speaker that will not open is
    logged once and the screen stays silent: waiting never fails on it."""

    def __init__(self, url: str | None, volume: int):
        self._url = url or None
        self.volume = volume
        self.device = None  # the open speaker, or None
        self._warned = False

    def say(self, text: str, language: str) -> None:
        if self._url is None or not text:
            return
        try:
            if self.device is None:
                slot = open_slot("speaker", self._url)
                if slot.device is None:
                    raise DeviceError(slot.open_error)
                self.device = slot.device
            self.device.volume = self.volume
            self.device.say(text, SPEAKER_LANGUAGE.get(language, "zh"))
        except Exception as exc:  # noqa: BLE001 - a missing driver, a config mistake or a fault: stay silent
            if not self._warned:
                log.warning("the waiting screen is not spoken: the speaker does not open (%s)", exc)
                self._warned = True
            self.release()

    def is_speaking(self) -> bool:
        try:
            return self.device is not None and self.device.is_speaking()
        except DeviceError:
            return False

    def release(self) -> None:
        device, self.device = self.device, None
        if device is not None:
            try:
                device.close()
            except DeviceError as exc:
                log.warning("speaker: %s", exc)
