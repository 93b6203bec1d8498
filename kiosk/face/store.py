"""The face tables: sealed templates, consents, and the gallery's change counter.

The store sees only bytes: a template row is its id, patient id, encoder format, nonce and ciphertext
(``kiosk.face.templates`` encrypts and decrypts). Every write runs inside the caller's
``write_transaction``; nothing here reads the clock (``now`` is passed in) or calls the outside.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import to_utc_text
from kiosk.storage import Database

GALLERY_COUNTER = "face_gallery"  # the change_counters row every enrolment and withdrawal bumps
READ_BATCH = 500  # template ids per SELECT … IN (…) when a refresh reads new rows


@dataclass(frozen=True)
class SealedTemplate:
    template_id: str
    patient_id: str
    nonce: bytes
    ciphertext: bytes


# --- templates ----------------------------------------------------------------------------------

def add_template(db: Database, template_id: str, patient_id: str, template_format: str, nonce: bytes,
                 ciphertext: bytes, now: datetime) -> None:
    db.execute(
        "INSERT INTO face_templates (id, patient_id, format, nonce, ciphertext, created_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (template_id, patient_id, template_format, nonce, ciphertext, to_utc_text(now)),
    )


def sealed_templates(db: Database, template_format: str) -> list[SealedTemplate]:
    """Every row of this encoder, oldest first."""
    return _sealed(db.execute("SELECT id, patient_id, nonce, ciphertext FROM face_templates "
                              "WHERE format = ? ORDER BY created_utc, id", (template_format,)).fetchall())


def sealed_templates_of(db: Database, patient_id: str, template_format: str) -> list[SealedTemplate]:
    return _sealed(db.execute("SELECT id, patient_id, nonce, ciphertext FROM face_templates "
                              "WHERE patient_id = ? AND format = ? ORDER BY created_utc, id",
                              (patient_id, template_format)).fetchall())


def sealed_templates_by_id(db: Database, template_ids: Collection[str]) -> list[SealedTemplate]:
    """These rows (any that still exist), read ``READ_BATCH`` ids per statement."""
    found: list[SealedTemplate] = []
    wanted = sorted(template_ids)
    for start in range(0, len(wanted), READ_BATCH):
        batch = wanted[start:start + READ_BATCH]
        marks = ", ".join("?" for _ in batch)
        found += _sealed(db.execute(f"SELECT id, patient_id, nonce, ciphertext FROM face_templates WHERE id IN ({marks})",
                                    batch).fetchall())
    return found


def other_format_count(db: Database, template_format: str) -> int:
    """Rows written by another encoder than ``template_format``."""
    return int(db.execute("SELECT count(*) FROM face_templates WHERE format != ?", (template_format,)).fetchone()[0])


def template_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM face_templates").fetchone()[0])


def template_count_of(db: Database, patient_id: str) -> int:
    return int(db.execute("SELECT count(*) FROM face_templates WHERE patient_id = ?", (patient_id,)).fetchone()[0])


def enrolled_patient_count(db: Database) -> int:
    """Patients with at least one template (of any encoder)."""
    return int(db.execute("SELECT count(DISTINCT patient_id) FROM face_templates").fetchone()[0])


def template_index(db: Database, template_format: str) -> dict[str, str]:
    """Template id -> patient id of every row of this encoder, nothing decrypted."""
    return dict(db.execute("SELECT id, patient_id FROM face_templates WHERE format = ?",
                           (template_format,)).fetchall())


def template_ids_of(db: Database, patient_id: str, template_format: str) -> list[str]:
    """The patient's template ids of this encoder, oldest first."""
    return [r[0] for r in db.execute(
        "SELECT id FROM face_templates WHERE patient_id = ? AND format = ? ORDER BY created_utc, id",
        (patient_id, template_format))]


def delete_template(db: Database, template_id: str) -> None:
    db.execute("DELETE FROM face_templates WHERE id = ?", (template_id,))


def delete_templates_of(db: Database, patient_id: str) -> int:
    """Every template of the patient, of any encoder; returns how many rows went."""
    return int(db.execute("DELETE FROM face_templates WHERE patient_id = ?", (patient_id,)).rowcount)


# --- consents -----------------------------------------------------------------------------------

def add_consent(db: Database, patient_id: str, kiosk_id: str, method: str, staff_id: str, notice_version: str,
                now: datetime) -> int:
    return int(db.execute(
        "INSERT INTO face_consents (patient_id, kiosk_id, method, staff_id, notice_version, consented_utc) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (patient_id, kiosk_id, method, staff_id, notice_version, to_utc_text(now)),
    ).fetchone()[0])


def has_consent(db: Database, patient_id: str) -> bool:
    """A consent recorded and not withdrawn."""
    row = db.execute("SELECT 1 FROM face_consents WHERE patient_id = ? AND withdrawn_utc IS NULL LIMIT 1",
                     (patient_id,)).fetchone()
    return row is not None


def withdraw_consents(db: Database, patient_id: str, now: datetime) -> None:
    db.execute("UPDATE face_consents SET withdrawn_utc = ? WHERE patient_id = ? AND withdrawn_utc IS NULL",
               (to_utc_text(now), patient_id))


# --- the gallery's change counter ---------------------------------------------------------------

def bump_gallery_version(db: Database) -> int:
    """Inside the enrol/withdraw transaction: one atomic increment (the same statement on both engines)."""
    return int(db.execute(
        "INSERT INTO change_counters (name, version) VALUES (?, 1) ON CONFLICT (name) "
        "DO UPDATE SET version = change_counters.version + 1 RETURNING version", (GALLERY_COUNTER,)).fetchone()[0])


def gallery_version(db: Database) -> int:
    row = db.execute("SELECT version FROM change_counters WHERE name = ?", (GALLERY_COUNTER,)).fetchone()
    return int(row[0]) if row else 0


def _sealed(rows: list[tuple]) -> list[SealedTemplate]:
    return [SealedTemplate(*row) for row in rows]
