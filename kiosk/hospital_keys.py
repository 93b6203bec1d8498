"""Is this kiosk's key the hospital's? (issue 15: hospital-wide keys shared by every kiosk)

The face-template key and the wheelchair-label key are the hospital's, installed on every kiosk
(README, "Keys for a hospital's kiosks"). A kiosk given a new key by mistake (``onevisit keys init``
on a second kiosk, a restore from another kiosk's backup) would seal templates no other kiosk can
open, or print chair labels every other kiosk calls forged. At start-up each key's fingerprint — an
HMAC-SHA256 of a fixed text under the key, which does not reveal the key — is compared with the one
the hospital's first kiosk recorded in the shared database; a different one is refused in plain words.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from kiosk import hospital_keys_store
from kiosk.storage import Database, write_transaction

FACE_KEY = "face_templates"
LABEL_KEY = "wheelchair_labels"
_WHAT = {FACE_KEY: "face template key", LABEL_KEY: "wheelchair label key"}


class NotTheHospitalsKey(Exception):
    """This kiosk's key differs from the one the hospital's kiosks use; the message says what to do."""


def fingerprint(key: bytes) -> str:
    return hmac.new(key, b"onevisit hospital key fingerprint v1", hashlib.sha256).hexdigest()[:32]


def check_hospital_key(db: Database, name: str, key: bytes, kiosk_id: str, now: datetime, path: object) -> None:
    """Record the key's fingerprint if it is the hospital's first; raise ``NotTheHospitalsKey`` when
    another key was recorded first."""
    mine = fingerprint(key)
    with write_transaction(db):
        recorded = hospital_keys_store.record_or_read(db, name, mine, kiosk_id, now)
    if not hmac.compare_digest(recorded.fingerprint, mine):
        first = recorded.first_kiosk_id or "the hospital's first kiosk"
        raise NotTheHospitalsKey(
            f"this kiosk's {_WHAT[name]} ({path}) is not the one the hospital's kiosks use (first recorded by "
            f"{first}); copy that key file from another kiosk of this hospital to {path} (mode 0600) and start "
            "again")
