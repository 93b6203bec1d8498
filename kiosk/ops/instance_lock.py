"""One kiosk program per kiosk: on SQLite an exclusive ``flock`` on ``<database>.lock`` next to the file;
on the hospital's PostgreSQL a session-level advisory lock on a hash of the kiosk id.

Either lock is held for the life of the process and released when it exits, even on a crash or
``kill -9`` (the kernel drops the flock; the server ends the session's locks when its connection
closes), so a stale lock never blocks a restart. ``onevisit restore`` takes the same lock, so a
backup is never put back under a running kiosk. On PostgreSQL the lock also stops two machines that
were given the same kiosk id, which would otherwise share one audit chain and one printer journal.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from kiosk.storage import is_postgres_url
from kiosk.storage.leases import session_lock_holder, try_session_lock


class AlreadyRunning(Exception):
    """Another process holds the kiosk's lock; the message names it and what to do."""


def advisory_key(kiosk_id: str) -> int:
    """The 64-bit advisory lock id of one kiosk (its own namespace: not a ``storage.lock`` name)."""
    return int.from_bytes(hashlib.blake2b(f"onevisit-instance:{kiosk_id}".encode(), digest_size=8).digest(),
                          "big", signed=True)


class InstanceLock:
    def __init__(self, database: Path | str, kiosk_id: str = "") -> None:
        self.url = str(database) if is_postgres_url(database) else ""
        self.path = None if self.url else Path(str(database) + ".lock")
        self.kiosk_id = kiosk_id
        self._descriptor: int | None = None
        self._session = None  # the PostgreSQL connection holding the advisory lock

    def acquire(self, doing: str = "start") -> "InstanceLock":
        if self.url:
            return self._acquire_advisory(doing)
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

    def _acquire_advisory(self, doing: str) -> "InstanceLock":
        """Raises ``DatabaseUnavailable`` when the server cannot be reached, ``StorageError`` when it refuses
        this kiosk (plain words either way)."""
        from kiosk.storage.postgres import connect_postgres, redact

        session = connect_postgres(self.url, application_name=f"onevisit {self.kiosk_id} (instance lock)".strip())
        key = advisory_key(self.kiosk_id)
        if not try_session_lock(session, key):
            holder = session_lock_holder(session, key)
            session.close()
            where = (f" ({holder.application_name} from {holder.client}, server process {holder.pid})"
                     if holder else "")
            raise AlreadyRunning(f"cannot {doing}: kiosk {self.kiosk_id or '(no id)'} is already running on the hospital "
                                 f"database {redact(self.url)}{where}; stop it first (systemctl stop onevisit), or give "
                                 "this machine its own kiosk_id in its config")
        self._session = session
        return self

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing drops the flock
            self._descriptor = None
        if self._session is not None:
            self._session.close()  # ending the session drops its advisory lock
            self._session = None

    def __enter__(self) -> "InstanceLock":
        if self._descriptor is None and self._session is None:
            self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
