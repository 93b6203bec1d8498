"""The one error storage raises: the message names the database and what staff should do."""
from __future__ import annotations


class StorageError(Exception):
    """The database cannot be used; the message names the file or server and what staff should do."""
