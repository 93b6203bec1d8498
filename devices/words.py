"""Device words: plain English for logs and the command line that also carry a code and values, so a
screen can say the same thing in the kiosk's language (``ui/maintenance/device_words.py``).

``Words`` is a ``str``: everything that logs, audits, compares or prints a health detail or an error
keeps working unchanged; only a screen looks at ``code`` and ``values``.
"""
from __future__ import annotations

from typing import Any


class Words(str):
    code: str
    values: dict[str, Any]

    def __new__(cls, english: str, code: str, /, **values: Any) -> "Words":
        words = super().__new__(cls, english)
        words.code = code
        words.values = values
        return words


def words_of(error: BaseException) -> str:
    """An exception's message, as ``Words`` when it was raised with them (``str(error)`` drops the code)."""
    message = error.args[0] if len(error.args) == 1 else None
    return message if isinstance(message, Words) else str(error)
