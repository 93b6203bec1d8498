"""The "staff are coming" chime: a two-tone ding-dong made with the ``wave`` module, no sound files.

Generated on first use into a cache folder, one file per volume (so the player needs no volume
option), and played with whichever of ``paplay`` (PulseAudio), ``pw-play`` (PipeWire) or ``aplay``
(ALSA, Debian package ``alsa-utils``) the machine has.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import wave
from pathlib import Path

import numpy as np

SAMPLE_RATE = 22050
TONES = ((880.0, 0.35), (660.0, 0.55))  # (hertz, seconds): a falling major third, like a doorbell
CHIME_SECONDS = sum(seconds for _, seconds in TONES)
PLAYERS = ("paplay", "pw-play", "aplay")
PLAYER_INSTALL_HINT = "install alsa-utils for 'aplay' (apt-get install alsa-utils)"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "onevisit"


def chime_samples(volume: int) -> bytes:
    """16-bit mono PCM of the chime at ``volume`` (0–100); each tone fades out so it does not click.

    Vectorised (about a millisecond), because the first chime at a new volume is made on the GUI thread.
    """
    peak = 0.8 * 32767 * max(0, min(volume, 100)) / 100
    tones = []
    for hertz, seconds in TONES:
        t = np.arange(int(SAMPLE_RATE * seconds)) / SAMPLE_RATE
        attack = np.minimum(1.0, t / 0.01)
        envelope = attack * np.exp(-3.0 * t / seconds)
        tones.append(peak * envelope * np.sin(2 * np.pi * hertz * t))
    return np.concatenate(tones).astype("<i2").tobytes()


def chime_wav(volume: int, cache_dir: Path | None = None) -> Path:
    """The chime's WAV file for this volume, written the first time it is asked for.

    Falls back to the system's temporary folder when the cache folder cannot be written.
    """
    for folder in (cache_dir or default_cache_dir(), Path(tempfile.gettempdir()) / "onevisit"):
        path = folder / f"chime-v{volume:03d}.wav"
        if path.exists():
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            with wave.open(str(partial), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(SAMPLE_RATE)
                out.writeframes(chime_samples(volume))
            partial.replace(path)  # atomic: a second kiosk process never plays half a file
            return path
        except OSError:
            continue
    raise OSError(f"cannot write the chime sound into {cache_dir or default_cache_dir()} or the temporary folder")


def find_player() -> str | None:
    """The path of the first installed sound player, or None."""
    for name in PLAYERS:
        found = shutil.which(name)
        if found:
            return found
    return None
