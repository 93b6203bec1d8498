"""Structured logs a hospital can keep: every line carries the kiosk id, the journey and the event.

Three outputs (``[logging] format``):

- ``journal``: native journald fields over ``/run/systemd/journal/socket`` — ``MESSAGE``, ``PRIORITY``,
  ``ONEVISIT_KIOSK``, ``ONEVISIT_JOURNEY``, ``ONEVISIT_EVENT`` (``journalctl -u onevisit ONEVISIT_EVENT=…``);
- ``json``: one JSON object per line on stderr;
- ``auto`` (default): ``journal`` when systemd connected stderr to the journal (``$JOURNAL_STREAM``), else ``json``.

``[logging] file`` adds a JSON-lines file (created 0600), rotated at ``file_max_mb`` keeping
``file_backups`` old files. ``event`` is the ``extra={"event": …}`` a caller gives (audit actions are
logged that way) or else the message template, so equal events group together.

No personal data: messages and fields pass ``redact``, which masks anything shaped like a resident ID
number (3301**********1236) or a mainland mobile number (138****0001). Names never reach a log call:
services log ids and events, never patients (``tests/kiosk/test_ops_logs.py`` walks journeys to show it).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
import os
import re
import socket
import struct
import threading
from pathlib import Path
from typing import Any, Callable

JOURNAL_SOCKET = "/run/systemd/journal/socket"
FORMATS = ("auto", "json", "journal")
LEVELS = ("debug", "info", "warning", "error")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}

_journey_source: Callable[[], str] = lambda: ""  # noqa: E731 - replaced once the kiosk is built
_installed: list[logging.Handler] = []
_lock = threading.Lock()


def redact(text: str) -> str:
    """Mask resident ID numbers and mobile numbers wherever they appear in ``text``."""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    return _PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def set_journey_source(source: Callable[[], str]) -> None:
    """Where the current journey comes from (the session manager's current session)."""
    global _journey_source
    _journey_source = source


class KioskContext(logging.Filter):
    """Adds ``kiosk``, ``journey`` and ``event`` to every record and redacts its message."""

    def __init__(self, kiosk_id: str) -> None:
        super().__init__()
        self.kiosk_id = kiosk_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.kiosk = self.kiosk_id
        try:
            record.journey = _journey_source() or ""
        except Exception:  # a log line must never fail because the session is being torn down
            record.journey = ""
        record.event = str(getattr(record, "event", "") or record.msg)[:120]
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "kiosk": getattr(record, "kiosk", ""),
            "journey": getattr(record, "journey", ""),
            "event": getattr(record, "event", ""),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class JournalHandler(logging.Handler):
    """journald's native protocol: one datagram of fields per record (sd_journal_send without libsystemd)."""

    def __init__(self, address: str = JOURNAL_SOCKET, identifier: str = "onevisit") -> None:
        super().__init__()
        self.address = address
        self.identifier = identifier
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage() + (f"\n{record.exc_text}" if record.exc_text else "")
            fields = {
                "MESSAGE": message,
                "PRIORITY": str(_PRIORITY.get(record.levelno, 6)),
                "SYSLOG_IDENTIFIER": self.identifier,
                "ONEVISIT_KIOSK": getattr(record, "kiosk", ""),
                "ONEVISIT_JOURNEY": getattr(record, "journey", ""),
                "ONEVISIT_EVENT": getattr(record, "event", ""),
                "ONEVISIT_LOGGER": record.name,
                "CODE_FILE": record.pathname,
                "CODE_LINE": str(record.lineno),
                "CODE_FUNC": record.funcName,
            }
            self._socket.sendto(journal_datagram(fields), self.address)
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self._socket.close()
        super().close()


def journal_datagram(fields: dict[str, str]) -> bytes:
    """Fields as journald reads them: ``KEY=value\\n``, or ``KEY\\n<64-bit LE length><value>\\n`` when
    the value holds a newline."""
    parts = []
    for key, value in fields.items():
        data = value.encode("utf-8", "replace")
        if b"\n" in data:
            parts.append(key.encode("ascii") + b"\n" + struct.pack("<Q", len(data)) + data + b"\n")
        else:
            parts.append(key.encode("ascii") + b"=" + data + b"\n")
    return b"".join(parts)


def choose_format(setting: str, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if setting != "auto":
        return setting
    return "journal" if env.get("JOURNAL_STREAM") and os.path.exists(JOURNAL_SOCKET) else "json"


class PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating JSON-lines file whose every new file is created 0600 (rotated copies are renames)."""

    def _open(self):  # type: ignore[override]
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def private_rotating_file(path: Path, max_mb: int, backups: int) -> logging.Handler:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return PrivateRotatingFile(path, maxBytes=max_mb * 1024 * 1024, backupCount=backups, encoding="utf-8")


def configure_logging(kiosk_id: str, settings: dict[str, Any], environ: dict[str, str] | None = None,
                      journal_address: str = JOURNAL_SOCKET) -> list[logging.Handler]:
    """Replace the root logger's handlers with the configured ones; returns them (tests close them)."""
    context = KioskContext(kiosk_id)
    handlers: list[logging.Handler] = []
    if choose_format(str(settings.get("format", "auto")), environ) == "journal":
        handlers.append(JournalHandler(journal_address))
    else:
        stream = logging.StreamHandler()
        stream.setFormatter(JsonLines())
        handlers.append(stream)
    if settings.get("file"):
        rotating = private_rotating_file(Path(settings["file"]), int(settings.get("file_max_mb", 10)),
                                         int(settings.get("file_backups", 5)))
        rotating.setFormatter(JsonLines())
        handlers.append(rotating)
    root = logging.getLogger()
    with _lock:
        for old in _installed:
            root.removeHandler(old)
            old.close()
        _installed[:] = handlers
        for handler in handlers:
            handler.addFilter(context)
            root.addHandler(handler)
        root.setLevel(str(settings.get("level", "info")).upper())
    return handlers
