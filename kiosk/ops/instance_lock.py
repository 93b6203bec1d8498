"""One kiosk program per database: an exclusive ``flock`` on ``<database>.lock`` next to the file.

The lock is held for the life of the process and released by the kernel when it exits (even on a
crash or ``kill -9``), so a stale lock file never blocks a restart. ``onevisit restore`` takes the same
lock, so a backup is never put back under a running kiosk.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class AlreadyRunning(Exception):
    """Another process holds the kiosk's lock; the message names it and what to do."""


class InstanceLock:
    def __init__(self, database: Path) -> None:
        self.path = Path(str(database) + ".lock")
        self._descriptor: int | None = None

    def acquire(self, doing: str = "start") -> "InstanceLock":
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 32).decode("ascii", "replace").strip() or "another process"
            os.close(descriptor)
            raise AlreadyRunning(f"cannot {doing}: OneVisit is already running on {self.path.with_suffix('')} "
                                 f"(process {holder}); stop it first (systemctl stop onevisit)") from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        self._descriptor = descriptor
        return self

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing drops the flock
            self._descriptor = None

    def __enter__(self) -> "InstanceLock":
        if self._descriptor is None:
            self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
