"""The 6-digit credit PIN that confirms pay-later for a patient without face templates.

Set once, on the patient's first pay-later (typed twice); stored as scrypt(pin, per-patient salt).
Five wrong PINs in a row lock pay-later for that patient for 15 minutes; the right PIN resets the
count. Every set, success, failure and lockout is audited (never the PIN itself). Wrong PINs typed
at two kiosks sharing the database at the same moment both count (the count is read again under the
patient's lock).
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta


from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.payment.credit_store import add_pin, lock_pin, pin_failures, pin_locked_until, reset_pin_failures, set_pin_failures, stored_pin
from kiosk.storage import Database, write_transaction

PIN_LENGTH = 6
MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=15)
# scrypt cost: 16 MiB and about 0.1 s per check on the 2-core kiosk (160 ms measured under heavy load).
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class PinProblem(Exception):
    """The PIN cannot be used; ``kind`` tells the screen which plain words to show."""

    def __init__(self, kind: str, message: str, tries_left: int = 0, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.kind = kind  # format | mismatch | already_set | not_set | wrong | locked
        self.tries_left = tries_left
        self.locked_until = locked_until


@dataclass(frozen=True)
class PinStatus:
    is_set: bool
    locked_until: datetime | None  # set while pay-later is locked for the patient


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)


def _check_format(pin: str) -> None:
    if not (len(pin) == PIN_LENGTH and pin.isdigit()):
        raise PinProblem("format", f"a credit PIN has exactly {PIN_LENGTH} digits")


class CreditPins:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    def status(self, patient_id: str) -> PinStatus:
        is_set, locked = pin_locked_until(self._db, patient_id)
        if not is_set:
            return PinStatus(False, None)
        return PinStatus(True, locked if locked is not None and locked > self._clock.now() else None)

    def set_pin(self, patient_id: str, pin: str, repeated: str) -> None:
        """First use: store the PIN; refused when the two entries differ or a PIN exists already."""
        _check_format(pin)
        if not hmac.compare_digest(pin, repeated):
            self._audit.record("patient", "payment.credit_pin_mismatch", {"patient": patient_id})
            raise PinProblem("mismatch", "the two PINs are not the same")
        salt = os.urandom(16)
        digest = _hash(pin, salt)
        now = self._clock.now()
        with write_transaction(self._db) as db:
            inserted = add_pin(db, patient_id, salt, digest, now)
        if not inserted:
            raise PinProblem("already_set", "this patient has a credit PIN already")
        self._audit.record("patient", "payment.credit_pin_set", {"patient": patient_id})

    def _refuse_locked(self, patient_id: str, locked_until: datetime) -> None:
        self._audit.record("patient", "payment.credit_pin_refused_locked", {"patient": patient_id})
        raise PinProblem("locked", "pay later is locked after too many wrong PINs", locked_until=locked_until)

    def verify(self, patient_id: str, pin: str) -> None:
        """Return when the PIN is right; raise PinProblem (wrong, locked, not_set, format) otherwise."""
        now = self._clock.now()
        stored = stored_pin(self._db, patient_id)
        if stored is None:
            raise PinProblem("not_set", "no credit PIN is set for this patient")
        if stored.locked_until is not None and stored.locked_until > now:
            self._refuse_locked(patient_id, stored.locked_until)
        right = len(pin) == PIN_LENGTH and pin.isdigit() and hmac.compare_digest(_hash(pin, stored.salt),
                                                                                 stored.pin_hash)
        refused_until = None
        with write_transaction(self._db) as db:
            # wrong PINs typed at two kiosks at once both count: read the count again under the patient's lock
            lock_pin(db, patient_id)
            failed, locked_until = pin_failures(db, patient_id)
            if locked_until is not None and locked_until > now:
                refused_until = locked_until  # another kiosk locked it while the PIN was being checked
            elif right:
                reset_pin_failures(db, patient_id, now)
            else:
                # a lock that ran out starts a fresh count of five
                failed = (0 if locked_until is not None else failed) + 1
                locked_until = now + LOCKOUT if failed >= MAX_WRONG_PINS else None
                set_pin_failures(db, patient_id, 0 if locked_until else failed, locked_until, now)
        if refused_until is not None:
            self._refuse_locked(patient_id, refused_until)
        if right:
            self._audit.record("patient", "payment.credit_pin_ok", {"patient": patient_id})
            return
        self._audit.record("patient", "payment.credit_pin_wrong",
                           {"patient": patient_id, "locked": locked_until is not None})
        if locked_until is not None:
            raise PinProblem("locked", "pay later is locked after too many wrong PINs", locked_until=locked_until)
        raise PinProblem("wrong", "the PIN is not right", tries_left=MAX_WRONG_PINS - failed)
