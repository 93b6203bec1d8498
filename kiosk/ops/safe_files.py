"""Reading config and key files without trusting what sits at the path.

A key path that is a FIFO would block ``read_bytes()`` forever; ``/dev/zero`` would fill the memory; a
world-readable key is a leaked key. ``read_regular_file`` opens without blocking, checks the open file
(regular, owner-only when asked, small enough) and only then reads, at most ``max_bytes + 1`` bytes.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeFile(Exception):
    """The path is not a file we may read; the message starts with the path and says what to do."""


def _kind(mode: int) -> str:
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISCHR, "a device"),
                        (stat.S_ISBLK, "a disk device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return "not a regular file"


def read_regular_file(path: str | Path, max_bytes: int, *, owner_only: bool = True) -> bytes:
    """The bytes of ``path`` after checking it; raises ``UnsafeFile`` (or ``OSError`` from the open)."""
    path = Path(path).expanduser()
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"{path} is {_kind(info.st_mode)}, not a regular file; point the config at the file itself")
        mode = stat.S_IMODE(info.st_mode)
        if owner_only and mode & 0o077:
            raise UnsafeFile(f"{path} can be read by other accounts (mode {mode:o}); run: chmod 600 {path}")
        if info.st_size > max_bytes:
            raise UnsafeFile(f"{path} is {info.st_size} bytes, more than such a file can be ({max_bytes}); "
                             "check that the config names the right file")
        os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(descriptor, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise UnsafeFile(f"{path} grew past {max_bytes} bytes while it was read; check that it is the right file")
    return data


def write_private_file(path: str | Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 (exclusively: an existing file is never overwritten)."""
    path = Path(path).expanduser()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


MAX_PEM_BYTES = 64 * 1024


def read_pem(path: str | Path, *, owner_only: bool) -> str:
    """A PEM key file as text (a private key must be owner-only; a public one may be readable)."""
    return read_regular_file(path, MAX_PEM_BYTES, owner_only=owner_only).decode("ascii")
