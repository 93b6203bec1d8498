"""Signed QR labels on the chairs: ``OVWC1.<chair id>.<signature>``, short enough to scan from afar.

The signature is HMAC-SHA256 over the prefix and chair id with the hospital's key, cut to 80 bits and
written in base32 (16 characters), so a copied label with another number, or a made-up one, is
refused. The key lives in a file outside the database (mode 0600), its path in the config.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
import stat
from pathlib import Path

LABEL_PREFIX = "OVWC1"
SIGNATURE_CHARS = 16
KEY_BYTES = 32
CHAIR_ID = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")


class LabelError(ValueError):
    """A scanned code is not a valid chair label; the message says what to do."""


class UnreadableLabel(LabelError):
    """Not a chair label at all, or torn (parts missing)."""


class ForgedLabel(LabelError):
    """Looks like a chair label but its signature is wrong: copied, edited or made up."""


class LabelKeyError(Exception):
    """The key file is missing, too short or readable by others; the message names the file."""


def sign_label(key: bytes, chair_id: str) -> str:
    """The text to print in a chair's QR label."""
    if not CHAIR_ID.fullmatch(chair_id):
        raise ValueError(f"'{chair_id}' is not a chair id (capital letters, digits and '-', at most 16)")
    return f"{LABEL_PREFIX}.{chair_id}.{_signature(key, chair_id)}"


def read_label(key: bytes, text: str) -> str:
    """The chair id in a scanned label; raises UnreadableLabel or ForgedLabel."""
    parts = text.strip().split(".")
    if len(parts) != 3 or parts[0] != LABEL_PREFIX:
        raise UnreadableLabel("this code is not a wheelchair label")
    _, chair_id, signature = parts
    if not CHAIR_ID.fullmatch(chair_id) or len(signature) != SIGNATURE_CHARS:
        raise UnreadableLabel("the wheelchair label could not be read completely")
    if not hmac.compare_digest(signature, _signature(key, chair_id)):
        raise ForgedLabel(f"the label on chair {chair_id} is not one of this hospital's labels")
    return chair_id


def load_label_key(path: Path, create: bool = False) -> bytes:
    """Read the key; with ``create`` a missing file is made with a new random key and mode 0600."""
    path = Path(path).expanduser()
    if create and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another kiosk process made it a moment ago
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(base64.b64encode(os.urandom(KEY_BYTES)) + b"\n")
    try:
        mode = path.stat().st_mode
        raw = path.read_bytes().strip()
    except FileNotFoundError:
        raise LabelKeyError(f"the wheelchair label key file {path} does not exist; copy the hospital's key "
                            "there (mode 0600) or set wheelchair.label_key_file in the config") from None
    except OSError as error:
        raise LabelKeyError(f"the wheelchair label key file {path} cannot be read ({error.strerror})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LabelKeyError(f"the wheelchair label key file {path} can be read by other users; "
                            f"run: chmod 600 {path}")
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        key = raw
    if len(key) < 16:
        raise LabelKeyError(f"the wheelchair label key in {path} is too short (at least 16 bytes)")
    return key


def _signature(key: bytes, chair_id: str) -> str:
    digest = hmac.new(key, f"{LABEL_PREFIX}.{chair_id}".encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode("ascii")
