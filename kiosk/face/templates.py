"""Face templates encrypted at rest: AES-256-GCM, the key in a file outside the database (mode 0600).

A row holds a random 96-bit nonce and the ciphertext of the 128 float32 numbers; the associated data
binds it to its own template id and patient id, so a row copied onto another patient fails to decrypt.
No image is ever stored — only the numeric template. Reading gives plain-words errors:

- ``FaceKeyError``: the key file is missing where it must exist, unreadable, readable by others, the
  wrong size, or (when every row fails to decrypt) not the key these templates were written with;
- a single damaged row is skipped and counted (``LoadResult.damaged``), never shown to anyone.

Rows carry the encoder's template format; the store reads and writes only the configured encoder's
rows (another encoder's numbers mean nothing to this one): after switching ``face.encoder`` patients
enrol again, and ``LoadResult.other_format`` says how many rows wait for the old encoder.
"""
from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.clock import Clock
from kiosk.face import store
from kiosk.face.encoders import DlibResNetEncoder
from kiosk.ops.safe_files import UnsafeFile, read_regular_file, write_private_file
from kiosk.storage import Database, write_transaction

log = logging.getLogger(__name__)

KEY_BYTES = 32
MAX_KEY_FILE_BYTES = 4096  # checked before reading: a key path that is /dev/zero must not fill the memory
NONCE_BYTES = 12


class FaceKeyError(Exception):
    """The template key cannot be used; the message tells staff what to do."""


def load_or_create_key(path: Path, create: bool = True) -> bytes:
    """Read the key (exactly 32 raw bytes, mode 0600); create it (0600, exclusively) when absent and
    ``create`` is true. The file is checked (regular, owner-only, size) before a byte is read."""
    path = Path(path).expanduser()
    if not path.exists() and not path.is_symlink():
        if not create:
            raise FaceKeyError(f"the face template key {path} does not exist; restore it from the backup or copy "
                               "the hospital's key from another kiosk there (mode 0600), or on the hospital's first "
                               "kiosk run: onevisit keys init --config …")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = os.urandom(KEY_BYTES)
        try:
            write_private_file(path, key)
        except FileExistsError:
            return load_or_create_key(path, create=False)  # another process made it first
        except OSError as exc:
            raise FaceKeyError(f"cannot create the face template key {path} ({exc.strerror})") from exc
        return key
    try:
        key = read_regular_file(path, MAX_KEY_FILE_BYTES)
    except UnsafeFile as exc:
        raise FaceKeyError(f"the face template key {exc}") from None
    except OSError as exc:
        raise FaceKeyError(f"cannot read the face template key {path} ({exc.strerror})") from exc
    if len(key) != KEY_BYTES:
        raise FaceKeyError(f"the face template key {path} is damaged ({len(key)} bytes, expected {KEY_BYTES}); "
                           "restore it from the backup")
    return key


@dataclass(frozen=True)
class StoredTemplate:
    template_id: str
    patient_id: str
    vector: np.ndarray


@dataclass(frozen=True)
class LoadResult:
    templates: list[StoredTemplate]
    damaged: int  # rows that failed to decrypt and were skipped
    other_format: int = 0  # rows of another encoder, not loaded


class TemplateStore:
    """Encrypts on write, decrypts on read; blocking (the database): call from worker threads.

    Writes are their own transaction, or part of the caller's (``write_transaction`` nests)."""

    def __init__(self, db: Database, clock: Clock, key: bytes,
                 template_format: str = DlibResNetEncoder.template_format,
                 dimensions: int = DlibResNetEncoder.dimensions) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(key) != KEY_BYTES:
            raise FaceKeyError(f"a face template key must be {KEY_BYTES} bytes")
        self._db = db
        self._clock = clock
        self._aead = AESGCM(key)
        self.template_format = template_format
        self.dimensions = dimensions

    def add(self, patient_id: str, vector: np.ndarray) -> str:
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if vector.shape != (self.dimensions,) or not np.all(np.isfinite(vector)):
            raise ValueError(f"a face template must be {self.dimensions} finite numbers")
        template_id = uuid.uuid4().hex
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, vector.astype("<f4").tobytes(), _associated(template_id, patient_id))
        with write_transaction(self._db) as db:
            store.add_template(db, template_id, patient_id, self.template_format, nonce, sealed, self._clock.now())
        return template_id

    def load_all(self) -> LoadResult:
        """Every readable template; raises FaceKeyError when none of several rows can be read."""
        templates, damaged = [], 0
        for row in store.sealed_templates(self._db, self.template_format):
            template = self._decrypt(row)
            if template is None:
                damaged += 1
            else:
                templates.append(template)
        if damaged and not templates:
            raise FaceKeyError(f"none of the {damaged} face templates can be read with this key file: it is not the "
                               "key they were written with. Restore the right key file, or withdraw all templates")
        if damaged:
            log.warning("face templates: %d damaged row(s) skipped", damaged)
        other = store.other_format_count(self._db, self.template_format)
        if other:
            log.warning("face templates: %d row(s) of another encoder not loaded (enrol again)", other)
        return LoadResult(templates, damaged, other)

    def for_patient(self, patient_id: str) -> list[StoredTemplate]:
        rows = store.sealed_templates_of(self._db, patient_id, self.template_format)
        return [t for t in map(self._decrypt, rows) if t is not None]

    def count(self, patient_id: str | None = None) -> int:
        if patient_id is None:
            return store.template_count(self._db)
        return store.template_count_of(self._db, patient_id)

    def index(self) -> dict[str, str]:
        """Template id -> patient id of every row of this encoder, nothing decrypted (what a refresh diffs)."""
        return store.template_index(self._db, self.template_format)

    def read(self, template_ids: Collection[str]) -> tuple[list[StoredTemplate], list[str]]:
        """Decrypt these rows: (the readable templates, the ids that did not decrypt)."""
        templates, unreadable = [], []
        for row in store.sealed_templates_by_id(self._db, template_ids):
            template = self._decrypt(row)
            if template is None:
                unreadable.append(row.template_id)
            else:
                templates.append(template)
        return templates, unreadable

    def template_ids(self, patient_id: str) -> list[str]:
        return store.template_ids_of(self._db, patient_id, self.template_format)

    def delete_template(self, template_id: str) -> None:
        with write_transaction(self._db) as db:
            store.delete_template(db, template_id)

    def _decrypt(self, row: store.SealedTemplate) -> StoredTemplate | None:
        from cryptography.exceptions import InvalidTag

        template_id, patient_id = row.template_id, row.patient_id
        try:
            plain = self._aead.decrypt(bytes(row.nonce), bytes(row.ciphertext), _associated(template_id, patient_id))
            vector = np.frombuffer(plain, dtype="<f4").astype(np.float32)
            if vector.shape != (self.dimensions,) or not np.all(np.isfinite(vector)):
                raise ValueError("wrong size")
        except (InvalidTag, ValueError, TypeError):
            return None
        return StoredTemplate(template_id, patient_id, vector)


def _associated(template_id: str, patient_id: str) -> bytes:
    return f"onevisit-face-template|{template_id}|{patient_id}".encode("utf-8")
