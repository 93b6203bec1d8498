"""Identification by resident ID card, and new patient files (建档) opened from the card.

The card's fields stay in memory: the HIS is asked by ID number, and a new file carries only the
name, sex, birth date and ID number from the card plus the mobile number the patient typed. An
expired card is refused in plain terms; the audit records the method and the patient id, never a
name or a number.
"""
from __future__ import annotations

import enum
import re

from devices.protocols import IdCard
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.his.id_numbers import is_valid_id_number
from kiosk.his.masking import mask_id_number, mask_name
from kiosk.his.port import HisPort, NewPatientFile, Patient, Sex
from kiosk.identity import Lookup, LookupOutcome, PatientFinder

METHOD = "id_card"
_MOBILE = re.compile(r"1[3-9]\d{9}")


class FileRefusal(str, enum.Enum):
    EXPIRED = "expired"
    INVALID_CARD = "invalid_card"
    PHONE_REQUIRED = "phone_required"
    PHONE_INVALID = "phone_invalid"


class NewFileRefused(Exception):
    """The kiosk will not open this file; ``reason`` says why so the screen can say what to do."""

    def __init__(self, reason: FileRefusal):
        super().__init__(reason.value)
        self.reason = reason


def masked_card_lines(card: IdCard) -> dict[str, str]:
    """What a screen or the installer's test may show of a card: masked name and number, the rest plain."""
    return {
        "name": mask_name(card.name),
        "sex": card.sex,
        "birth_date": card.birth_date.isoformat(),
        "id_number": mask_id_number(card.id_number),
        "valid_to": "long-term" if card.valid_to is None else card.valid_to.isoformat(),
    }


class CardIdentification:
    def __init__(self, his: HisPort, finder: PatientFinder, audit: AuditLog, clock: Clock,
                 phone_required: bool = False):
        self._his = his
        self._finder = finder
        self._audit = audit
        self._clock = clock
        self.phone_required = phone_required

    def identify(self, card: IdCard) -> Lookup:
        """The card's holder as a patient of this hospital (blocking: the HIS is asked)."""
        if card.expired_on(self._clock.today()):
            self._audit.record("patient", "patient.card_refused", {"reason": "expired"})
            return Lookup(LookupOutcome.EXPIRED, method=METHOD)
        result = self._finder.by_id_number(card.id_number, method=METHOD)
        return Lookup(result.outcome, result.patient, METHOD)

    def open_patient_file(self, card: IdCard, phone: str = "") -> Patient:
        """Create the patient through the HIS port (idempotent by ID number) and audit it.

        Raises NewFileRefused before anything is sent when the card or the phone will not do, and the
        port's HisError when the HIS refuses or does not answer (nothing is created then either).
        """
        phone = phone.strip()
        if card.expired_on(self._clock.today()):
            raise NewFileRefused(FileRefusal.EXPIRED)
        if not is_valid_id_number(card.id_number) or card.sex not in ("M", "F"):
            raise NewFileRefused(FileRefusal.INVALID_CARD)
        if not phone and self.phone_required:
            raise NewFileRefused(FileRefusal.PHONE_REQUIRED)
        if phone and not _MOBILE.fullmatch(phone):
            raise NewFileRefused(FileRefusal.PHONE_INVALID)
        new_file = NewPatientFile(name=card.name, sex=Sex(card.sex), birth_date=card.birth_date,
                                  id_number=card.id_number, phone=phone)
        already = self._his.find_patient_by_id_number(card.id_number)
        patient = already or self._his.create_patient(new_file)
        if already is None:
            self._audit.record("patient", "patient.file_created",
                               {"patient_id": patient.id, "method": METHOD, "phone_given": bool(phone)})
        self._audit.record("patient", "patient.identified", {"method": METHOD})
        return patient
