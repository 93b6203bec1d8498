"""Signed QR codes: chair labels ``OVWC1.<chair id>.<signature>`` and rental slips
``OVWR1.<rental id>.<signature>``, short enough to scan from afar.

The signature is HMAC-SHA256 over the prefix and id with the hospital's key, cut to 80 bits and
written in base32 (16 characters), so a copied label with another number, or a made-up one, is
refused; the two prefixes keep a chair's signature from ever passing as a rental's. The key lives in a
file outside the database (mode 0600), its path in the config.

A slip's QR is the rental code alone, or the hospital's page for the rental when the config names one
(``wheelchair.slip_url``, e.g. ``https://wc.example.cn/r/{rental}``): ``{rental}`` becomes the signed
rental code, so a kiosk's scanner finds it inside the address and a phone opens the page.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
from pathlib import Path

from kiosk.ops.safe_files import UnsafeFile, read_regular_file, write_private_file

LABEL_PREFIX = "OVWC1"
RENTAL_PREFIX = "OVWR1"
SIGNATURE_CHARS = 16
KEY_BYTES = 32
MAX_KEY_FILE_BYTES = 4096
CHAIR_ID = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
RENTAL_ID = re.compile(r"[A-Z0-9]{1,16}")
_RENTAL_CODE = re.compile(rf"{RENTAL_PREFIX}\.([A-Z0-9]{{1,16}})\.([A-Z2-7]{{{SIGNATURE_CHARS}}})(?![A-Z2-7])")
SLIP_URL_PLACEHOLDERS = ("{rental}", "{chair}")
MAX_SLIP_CODE = 64  # the receipt's QR limit (kiosk.printing.layouts.MAX_QR_PAYLOAD)
_LONGEST_RENTAL_CODE = len(RENTAL_PREFIX) + 2 + 16 + SIGNATURE_CHARS


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
    if not _same(signature, _signature(key, chair_id)):
        raise ForgedLabel(f"the label on chair {chair_id} is not one of this hospital's labels")
    return chair_id


def sign_rental(key: bytes, rental_id: str) -> str:
    """The kiosk-readable code of a rental, printed in its slip's QR."""
    if not RENTAL_ID.fullmatch(rental_id):
        raise ValueError(f"'{rental_id}' is not a rental id")
    return f"{RENTAL_PREFIX}.{rental_id}.{_signature(key, rental_id, RENTAL_PREFIX)}"


def slip_code(key: bytes, rental_id: str, chair_id: str, url_template: str = "") -> str:
    """What a rental slip's QR carries: the signed rental code, inside the hospital's address if set."""
    code = sign_rental(key, rental_id)
    if not url_template:
        return code
    return url_template.replace("{rental}", code).replace("{chair}", chair_id)


def read_rental_code(key: bytes, text: str) -> str | None:
    """The rental id a scanned slip names (its code alone or inside an address); None when the text
    is not a slip at all. Raises UnreadableLabel for a torn code and ForgedLabel for a wrong signature."""
    if RENTAL_PREFIX + "." not in text:
        return None
    found = _RENTAL_CODE.search(text)
    if found is None:
        raise UnreadableLabel("the wheelchair slip could not be read completely")
    rental_id, signature = found.groups()
    if not _same(signature, _signature(key, rental_id, RENTAL_PREFIX)):
        raise ForgedLabel(f"the slip for rental {rental_id} is not one of this hospital's slips")
    return rental_id


def check_slip_url(template: str) -> str | None:
    """The template if it can go on a slip, else None: empty (code only), or an http(s) address with
    ``{rental}`` once, optionally ``{chair}``, no other braces, and short enough for a receipt QR."""
    if not isinstance(template, str):
        return None
    template = template.strip()
    if not template:
        return ""
    if not template.startswith(("https://", "http://")) or template.count("{rental}") != 1:
        return None
    rest = template
    for placeholder in SLIP_URL_PLACEHOLDERS:
        rest = rest.replace(placeholder, "")
    if "{" in rest or "}" in rest or any(character.isspace() for character in template):
        return None
    longest = template.replace("{rental}", "R" * _LONGEST_RENTAL_CODE).replace("{chair}", "C" * 16)
    return template if len(longest) <= MAX_SLIP_CODE else None


check_slip_url.allowed = (  # type: ignore[attr-defined]
    '"" (the slip\'s QR is the kiosk\'s own code) or a short address with {rental} (and maybe {chair}), '
    f'at most {MAX_SLIP_CODE - _LONGEST_RENTAL_CODE} characters besides them, e.g. "https://wc.example.cn/r/{{rental}}"')


def load_label_key(path: Path, create: bool = False) -> bytes:
    """Read the key; with ``create`` a missing file is made with a new random key and mode 0600.

    Format: one line of base64 (a new key is 32 random bytes), or at least 16 raw bytes; mode 0600.
    The file is checked (regular, owner-only, at most 4 KB) before a byte is read.
    """
    path = Path(path).expanduser()
    if create and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another kiosk process made it a moment ago
            write_private_file(path, new_label_key_text())
    try:
        raw = read_regular_file(path, MAX_KEY_FILE_BYTES).strip()
    except FileNotFoundError:
        raise LabelKeyError(f"the wheelchair label key file {path} does not exist; copy the hospital's key "
                            "there (mode 0600), or on the hospital's first kiosk run: onevisit keys init --config …") from None
    except UnsafeFile as error:
        raise LabelKeyError(f"the wheelchair label key file {error}") from None
    except OSError as error:
        raise LabelKeyError(f"the wheelchair label key file {path} cannot be read ({error.strerror})") from None
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        key = raw
    if len(key) < 16:
        raise LabelKeyError(f"the wheelchair label key in {path} is too short (at least 16 bytes)")
    return key


def new_label_key_text() -> bytes:
    """A new label key as its file holds it: 32 random bytes in base64 and a newline."""
    return base64.b64encode(os.urandom(KEY_BYTES)) + b"\n"


def _signature(key: bytes, chair_id: str, prefix: str = LABEL_PREFIX) -> str:
    digest = hmac.new(key, f"{prefix}.{chair_id}".encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode("ascii")


def _same(scanned: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII scanner input (compare_digest refuses such str)."""
    return hmac.compare_digest(scanned.encode("utf-8", "surrogatepass"), expected.encode("ascii"))
