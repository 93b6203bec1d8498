"""Resident identity card numbers (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit
sequence (odd for men), and an ISO 7064 MOD 11-2 check character (0-9 or X)."""
from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"
_SHAPE = re.compile(r"\d{17}[\dX]")


def check_character(first_17_digits: str) -> str:
    if len(first_17_digits) != 17 or not first_17_digits.isdigit():
        raise ValueError("the check character needs exactly 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first_17_digits, _WEIGHTS))
    return _CHECK_CHARACTERS[total % 11]


def make_id_number(area_code: str, birth_date: date, sequence: int, male: bool) -> str:
    """Build a well-formed number; ``sequence`` 0..499 picks the 3-digit order code for the sex."""
    if not 0 <= sequence < 500:
        raise ValueError("sequence must be 0..499")
    order = sequence * 2 + (1 if male else 0)
    body = f"{area_code}{birth_date:%Y%m%d}{order:03d}"
    return body + check_character(body)


def normalise_id_number(text: str) -> str:
    return text.strip().replace(" ", "").upper()


def is_valid_id_number(text: str) -> bool:
    """Shape, a real birth date and the right check character (the area code is not checked)."""
    number = normalise_id_number(text)
    if not _SHAPE.fullmatch(number):
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return check_character(number[:17]) == number[17]


def birth_date_of(id_number: str) -> date:
    number = normalise_id_number(id_number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def is_male(id_number: str) -> bool:
    return int(normalise_id_number(id_number)[16]) % 2 == 1
