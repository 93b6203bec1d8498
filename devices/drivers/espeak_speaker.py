"""``espeak:`` speaker: text to speech with the espeak-ng program, offline.

Examples: ``espeak:zh`` (default language Chinese), ``espeak:en?volume=70&rate=150``,
``espeak:zh?to=/tmp/speech`` (write one WAV per utterance into that folder instead of playing; for
machines without sound and for tests). ``say(text, language)`` picks the voice from the language
(``zh``/``zh-CN`` → ``cmn``, ``en`` → ``en``); an empty language uses the URL's default.
``volume`` is 0–100 (espeak amplitude 0–200); ``rate`` is words per minute (espeak's default 175).

Speech runs in a child process, so ``say()`` returns at once; a new ``say()`` or ``stop()`` kills the
process still speaking.

``chime()`` plays the "staff are coming" ding-dong (``devices/drivers/chime_sound.py``) with ``paplay``,
``pw-play`` or ``aplay``, also in a child process; speech asked for while the chime sounds starts
after it (an SSML pause), so the two do not talk over each other. ``cache=/path`` is where the chime's
WAV files are made (default ``~/.cache/onevisit``); with ``to=`` the chime is copied there instead.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from xml.sax.saxutils import escape

from devices.base import Device, DeviceError, DeviceUrlError, DeviceUrl, DriverNotFound, Health
from devices.drivers.chime_sound import CHIME_SECONDS, PLAYER_INSTALL_HINT, chime_wav, find_player
from devices.urlparams import int_param, text_param
from devices.words import Words

ESPEAK_BINARY = "espeak-ng"
INSTALL_HINT = "install espeak-ng (apt-get install espeak-ng)"
VOICES = {"zh": "cmn", "cmn": "cmn", "en": "en"}


def voice_for(language: str) -> str | None:
    """The espeak-ng voice for a language tag such as ``zh``, ``zh-CN``, ``zh_Hans`` or ``en-GB``."""
    base = language.replace("_", "-").split("-")[0].lower()
    return VOICES.get(base)


class EspeakSpeaker(Device):
    kind = "speaker"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.default_language = url.target or "zh"
        if voice_for(self.default_language) is None:
            raise DeviceUrlError(f"'{url.raw}': no espeak voice for '{self.default_language}'; "
                              f"use one of: {', '.join(sorted(VOICES))}")
        self.volume = int_param(url, "volume", 80, low=0, high=100)
        self.words_per_minute = int_param(url, "rate", 0, low=0, high=500)
        to = text_param(url, "to")
        self.wav_dir = Path(to).expanduser() if to else None
        self.wav_files: list[Path] = []
        cache = text_param(url, "cache")
        self.chime_cache_dir = Path(cache).expanduser() if cache else None
        self._process: subprocess.Popen[bytes] | None = None
        self._chime_process: subprocess.Popen[bytes] | None = None
        self._chime_ends_at = 0.0  # time.monotonic() when the last chime has finished sounding
        self._failure = ""
        self._utterance_number = 0

    def _open(self) -> None:
        binary = shutil.which(ESPEAK_BINARY)
        if binary is None:
            raise DriverNotFound(f"the espeak speaker needs the '{ESPEAK_BINARY}' program — {INSTALL_HINT}")
        try:
            subprocess.run([binary, "--version"], capture_output=True, timeout=10, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DeviceError(f"'{ESPEAK_BINARY}' is installed but does not run: {exc}") from exc
        if self.wav_dir is not None:
            try:
                self.wav_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DeviceError(f"cannot create the speech folder '{self.wav_dir}': {exc.strerror}") from exc
        self._failure = ""

    def _close(self) -> None:
        self._kill_current()
        self._stop_chime()

    def say(self, text: str, language: str = "") -> None:
        language = language or self.default_language
        voice = voice_for(language)
        if voice is None:
            raise DeviceError(f"no espeak voice for language '{language}'; use one of: {', '.join(sorted(VOICES))}")
        with self._lock:
            if not self.is_open:
                raise DeviceError("the speaker is not open")
            binary = shutil.which(ESPEAK_BINARY)
            if binary is None:
                self._failure = f"'{ESPEAK_BINARY}' is missing — {INSTALL_HINT}"
                raise DeviceError(self._failure)
            self._kill_current()
            self._collect_finished()
            command = [binary, "-v", voice, "-a", str(self.volume * 2), "-b", "1", "--stdin"]
            pause_ms = int((self._chime_ends_at - time.monotonic()) * 1000)
            if pause_ms > 0:  # let the chime finish first; SSML markup needs the text escaped
                command.append("-m")
                # espeak-ng drops a break at the very start; after a (silent) comma it keeps it.
                text = f'<speak>, <break time="{pause_ms}ms"/>{escape(text)}</speak>'
            if self.words_per_minute:
                command += ["-s", str(self.words_per_minute)]
            if self.wav_dir is not None:
                self._utterance_number += 1
                wav = self.wav_dir / f"{self._utterance_number:06d}-{voice}.wav"
                command += ["-w", str(wav)]
                self.wav_files.append(wav)
            try:
                process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.PIPE)
            except OSError as exc:
                self._failure = f"could not start '{ESPEAK_BINARY}': {exc.strerror}"
                raise DeviceError(self._failure) from exc
            assert process.stdin is not None  # stdin=PIPE above
            try:
                process.stdin.write(text.encode("utf-8"))
                process.stdin.close()
            except BrokenPipeError:
                self._failure = f"'{ESPEAK_BINARY}' exited before reading the text"
            self._process = process
            self.count("say")

    def stop(self) -> None:
        with self._lock:
            self._kill_current()

    def chime(self) -> None:
        """Play the two-tone chime and return at once; a new chime restarts it."""
        with self._lock:
            if not self.is_open:
                raise DeviceError("the speaker is not open")
            try:
                sound = chime_wav(self.volume, self.chime_cache_dir)
            except OSError as exc:
                raise DeviceError(str(exc)) from exc
            self._stop_chime()
            self._chime_ends_at = time.monotonic() + CHIME_SECONDS
            self.count("chime")
            if self.wav_dir is not None:
                self._utterance_number += 1
                copy = self.wav_dir / f"{self._utterance_number:06d}-chime.wav"
                shutil.copyfile(sound, copy)
                self.wav_files.append(copy)
                return
            player = find_player()
            if player is None:
                self._chime_ends_at = 0.0
                raise DeviceError(f"no sound player for the chime — {PLAYER_INSTALL_HINT}")
            try:
                self._chime_process = subprocess.Popen([player, str(sound)], stdin=subprocess.DEVNULL,
                                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            except OSError as exc:
                self._chime_ends_at = 0.0
                raise DeviceError(f"could not start '{player}': {exc.strerror}") from exc

    def is_speaking(self) -> bool:
        with self._lock:
            self._collect_finished()
            return self._process is not None

    def wait(self, timeout_s: float = 10.0) -> bool:
        """Wait for the current utterance to end (True), or the timeout (False); for tests and scripts."""
        with self._lock:
            process = self._process
        if process is None:
            return True
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            return False
        with self._lock:
            self._collect_finished()
        return True

    def _kill_current(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            if process is not None:
                self._reap(process)
            return
        process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
        self.count("interrupted")

    def _collect_finished(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            process, self._process = self._process, None
            self._reap(process)
        if self._chime_process is not None and self._chime_process.poll() is not None:
            process, self._chime_process = self._chime_process, None
            self._reap_chime(process)

    def _stop_chime(self) -> None:
        process, self._chime_process = self._chime_process, None
        self._chime_ends_at = 0.0
        if process is None:
            return
        if process.poll() is None:
            process.kill()
            process.wait()
            if process.stderr is not None:
                process.stderr.close()
            return
        self._reap_chime(process)

    def _reap_chime(self, process: subprocess.Popen[bytes]) -> None:
        errors = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
        if process.stderr is not None:
            process.stderr.close()
        if process.returncode != 0:
            reason = errors.splitlines()[-1] if errors else f"exit code {process.returncode}"
            self._failure = f"the chime could not be played ({reason}) — is an audio device connected?"
            self.last_error = self._failure
            self.count("failures")

    def _reap(self, process: subprocess.Popen[bytes]) -> None:
        # espeak-ng exits 0 even when it finds no audio device; its "error: …" line is the only sign.
        errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        if process.stderr is not None:
            process.stderr.close()
        error_lines = [line.strip() for line in errors.splitlines() if line.strip().lower().startswith("error")]
        if process.returncode == 0 and not error_lines:
            self._failure = ""
        elif process.returncode >= 0:
            reason = error_lines[-1] if error_lines else f"espeak-ng exit code {process.returncode}"
            self._failure = f"speech output failed ({reason}) — is an audio device connected?"
            self.last_error = self._failure
            self.count("failures")

    def _health(self) -> Health:
        if shutil.which(ESPEAK_BINARY) is None:
            return Health.fault(Words(f"'{ESPEAK_BINARY}' is missing — {INSTALL_HINT}", "speaker.espeak_missing",
                                      program=ESPEAK_BINARY))
        with self._lock:
            self._collect_finished()
            if self._failure:
                return Health.fault(self._failure)
        if self.wav_dir:
            return Health.ok(Words(f"espeak-ng, writing WAV files to {self.wav_dir}, volume {self.volume}",
                                   "speaker.espeak_wav", folder=str(self.wav_dir), volume=self.volume))
        return Health.ok(Words(f"espeak-ng, default audio device, volume {self.volume}", "speaker.espeak_ok",
                               volume=self.volume))
