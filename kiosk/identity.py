"""Finding the patient at the kiosk without a face: ID card number, phone + birth date, scanned codes.

Lookups return a ``Lookup`` in plain terms (found / not found / not valid) so the screen can say what
to do next. The result never carries another patient's data, and every successful identification is
audited by method only (no number in the audit detail).
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from kiosk.audit import AuditLog
from kiosk.his.id_numbers import is_valid_id_number, normalise_id_number
from kiosk.his.port import AmbiguousPatient, HisPort, Patient

# The demo insurance platform's electronic medical-insurance code (医保电子凭证) carries the holder's
# ID number after this prefix; a real platform adapter resolves its opaque token instead.
ECODE_PREFIX = "ECODE:"
_PHONE = re.compile(r"1\d{10}")


class LookupOutcome(str, enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    INVALID = "invalid"  # the input itself is wrong (check digit, impossible date, unreadable code)
    AMBIGUOUS = "ambiguous"  # more than one record matches: staff must help


@dataclass(frozen=True)
class Lookup:
    outcome: LookupOutcome
    patient: Patient | None = None
    method: str = ""  # how the patient was found (id_number, phone_birth_date, id_qr, insurance_ecode, …)

    @property
    def found(self) -> bool:
        return self.outcome is LookupOutcome.FOUND


def parse_birth_date(digits: str) -> date | None:
    """``19500101`` → date(1950, 1, 1); None for anything that is not a real past date."""
    if not re.fullmatch(r"\d{8}", digits):
        return None
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return day if date(1900, 1, 1) <= day <= date.today() else None


class PatientFinder:
    def __init__(self, his: HisPort, audit: AuditLog):
        self._his = his
        self._audit = audit

    def by_id_number(self, text: str, method: str = "id_number") -> Lookup:
        if not is_valid_id_number(text):
            return Lookup(LookupOutcome.INVALID)
        return self._found(self._his.find_patient_by_id_number(normalise_id_number(text)), method)

    def by_phone_and_birth_date(self, phone: str, birth_digits: str) -> Lookup:
        birth_date = parse_birth_date(birth_digits)
        if not _PHONE.fullmatch(phone) or birth_date is None:
            return Lookup(LookupOutcome.INVALID)
        try:
            patient = self._his.find_patient_by_phone(phone, birth_date)
        except AmbiguousPatient:
            return Lookup(LookupOutcome.AMBIGUOUS)
        return self._found(patient, "phone_birth_date")

    def by_scanned_code(self, code: str) -> Lookup:
        """An ID card QR (the bare 18-character number) or an insurance e-code."""
        text = code.strip()
        if text.upper().startswith(ECODE_PREFIX):
            return self.by_id_number(text[len(ECODE_PREFIX):], method="insurance_ecode")
        return self.by_id_number(text, method="id_qr")

    def _found(self, patient: Patient | None, method: str) -> Lookup:
        if patient is None:
            return Lookup(LookupOutcome.NOT_FOUND)
        self._audit.record("patient", "patient.identified", {"method": method})
        return Lookup(LookupOutcome.FOUND, patient, method)
