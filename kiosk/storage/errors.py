"""The errors storage raises: the message names the database and what staff should do."""
from __future__ import annotations


class StorageError(Exception):
    """The database cannot be used; the message names the file or server and what staff should do."""


class DatabaseUnavailable(StorageError):
    """The hospital's shared database did not answer (server down, network cut) or gave up on a busy step.

    ``outcome_unknown`` is True when a write was sent but its answer never came back: it may have been
    saved. The caller must not simply do it again; it checks first (by a key of its own) or says so."""

    def __init__(self, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown
