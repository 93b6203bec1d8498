"""Masking for screen and paper: enough for a patient to recognise themselves, not for a bystander.

Chinese names keep the first and last character (张*华, 张*); Latin names keep each word's initial
(L* W**); ID numbers keep the first 4 and last 4 characters; phones keep the first 3 and last 4.
"""
from __future__ import annotations

import re

MASK = "*"
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+")
_NAME_SEPARATORS = "·• -'"


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    if _LATIN_WORD.search(name) and not _has_cjk(name):
        return _LATIN_WORD.sub(lambda word: word.group()[0] + MASK * (len(word.group()) - 1), name)
    characters = list(name)
    if len(characters) == 1:
        return MASK
    if len(characters) == 2:
        return characters[0] + MASK
    middle = [c if c in _NAME_SEPARATORS else MASK for c in characters[1:-1]]
    return characters[0] + "".join(middle) + characters[-1]


def mask_id_number(id_number: str) -> str:
    compact = id_number.replace(" ", "").upper()
    if len(compact) <= 8:
        return MASK * len(compact)
    return compact[:4] + MASK * (len(compact) - 8) + compact[-4:]


def mask_phone(phone: str) -> str:
    digits = re.sub(r"[\s-]", "", phone)
    if len(digits) >= 8:
        return digits[:3] + MASK * (len(digits) - 7) + digits[-4:]
    if len(digits) > 2:
        return MASK * (len(digits) - 2) + digits[-2:]
    return MASK * len(digits)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in text)
