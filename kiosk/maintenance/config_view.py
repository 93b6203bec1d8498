"""The kiosk's configuration as staff may see it on screen: every value, secrets replaced.

A value is hidden when its key sounds secret (key, secret, password, token, pin, …); inside driver
URLs a password in ``user:password@host`` and secret-sounding query parameters are hidden too.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HIDDEN = "••••••"
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SECRET_NAME = re.compile(r"(key|secret|passw|token|pin|credential|private|cert|auth|sign)", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def redact_url(raw: str) -> str:
    """``scheme://user:pass@host/…?token=x`` → ``scheme://user:••••••@host/…?token=••••••``."""
    try:
        parts = urlsplit(raw)
    except ValueError:
        return HIDDEN
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{HIDDEN}@{host}" if ":" in userinfo else f"{HIDDEN}@{host}"
    query = parts.query
    if query:
        query = "&".join(_redact_pair(pair) for pair in query.split("&"))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _redact_pair(pair: str) -> str:
    name, separator, _ = pair.partition("=")
    return f"{name}={HIDDEN}" if separator and is_secret_name(name) else pair


def redacted_config(config: Any) -> list[tuple[str, str]]:
    """``(name, shown value)`` for every field of a config dataclass, nested dicts flattened."""
    lines: list[tuple[str, str]] = []
    for field in dataclasses.fields(config):
        _add(lines, field.name, getattr(config, field.name))
    return lines


def _add(lines: list[tuple[str, str]], name: str, value: Any) -> None:
    leaf = name.rsplit(".", 1)[-1]
    if isinstance(value, dict):
        for key, inner in value.items():
            _add(lines, f"{name}.{key}", inner)
    elif is_secret_name(leaf):
        lines.append((name, HIDDEN))
    elif isinstance(value, str) and _URL_SCHEME.match(value):
        lines.append((name, redact_url(value)))
    else:
        lines.append((name, str(value)))
