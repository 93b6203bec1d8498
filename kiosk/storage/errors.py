"""The errors storage raises (the message names the database and what staff should do), and the engines'
own errors a store module may catch by kind.

``INTEGRITY_ERRORS`` (a UNIQUE, CHECK or foreign key refused a row) and ``DATABASE_ERRORS`` (anything
the engine raised) name SQLite's and PostgreSQL's classes together, so ``except INTEGRITY_ERRORS``
works on either engine.
"""
from __future__ import annotations

import sqlite3

import psycopg


class StorageError(Exception):
    """The database cannot be used; the message names the file or server and what staff should do."""


class DatabaseUnavailable(StorageError):
    """The hospital's shared database did not answer (server down, network cut) or gave up on a busy step.

    ``outcome_unknown`` is True when a write was sent but its answer never came back: it may have been
    saved. The caller must not simply do it again; it checks first (by a key of its own) or says so."""

    def __init__(self, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg.IntegrityError)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
