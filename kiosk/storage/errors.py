"""The one error storage raises, and the engines' own errors a store module may catch by kind.

``INTEGRITY_ERRORS`` (a UNIQUE, CHECK or foreign key refused a row) and ``DATABASE_ERRORS`` (anything
the engine raised) name SQLite's and PostgreSQL's classes together, so ``except INTEGRITY_ERRORS``
works on either engine.
"""
from __future__ import annotations

import sqlite3

import psycopg


class StorageError(Exception):
    """The database cannot be used; the message names the file or server and what staff should do."""


INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg.IntegrityError)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
