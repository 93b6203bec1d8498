"""Keeping this kiosk's in-memory face gallery in step with the hospital's shared template table.

Every enrolment and withdrawal, at any kiosk, bumps the ``change_counters`` row ``face_gallery`` in
the same transaction as its template rows (``kiosk.face.store.bump_gallery_version``). Each kiosk
reads that one row at most once a second (``GallerySync.check``: from a background thread and before
a face search) and, when the number moved, brings its gallery up to date by difference: the template
ids it no longer finds are dropped, and only the new rows are read and decrypted. So a patient enrolled at the
east lobby is found at the west lobby about a second later, and a withdrawn face is gone everywhere
as fast, without any kiosk re-reading the whole gallery.

A row that does not decrypt (another key: every kiosk of a hospital must hold the same face key) is
counted once and skipped on later refreshes.
"""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kiosk.face.gallery import FaceGallery
from kiosk.face.store import gallery_version
from kiosk.face.templates import TemplateStore
from kiosk.storage import Database, engine_of

log = logging.getLogger(__name__)

CHECK_EVERY_S = 1.0


@dataclass(frozen=True)
class SyncResult:
    added: int = 0
    removed: int = 0
    unreadable: int = 0  # new rows that did not decrypt with this kiosk's key
    removed_identities: frozenset[str] = frozenset()


class GallerySync:
    """Diffs the gallery against the table when the shared version moved. Thread-safe: the watcher
    thread, a face attempt's worker and this kiosk's own enrolment take turns on ``lock``."""

    def __init__(self, db: Database, store: TemplateStore, gallery: FaceGallery,
                 every_s: float = CHECK_EVERY_S, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._db, self._store, self._gallery = db, store, gallery
        self._every_s, self._monotonic = every_s, monotonic
        self.lock = threading.RLock()
        self.version = 0  # the shared version the gallery reflects
        self._checked_at: float | None = None
        self._unreadable: set[str] = set()

    def mark_loaded(self, version: int) -> None:
        """The gallery was just loaded in full from what the table held at ``version`` (or later)."""
        with self.lock:
            self.version = version
            self._checked_at = self._monotonic()

    def own_change(self, version: int) -> None:
        """This kiosk bumped the version to ``version`` and applied its change to the gallery itself.
        If nobody else changed anything in between the gallery is exactly that version; otherwise the
        next check reads the difference."""
        with self.lock:
            if version == self.version + 1:
                self.version = version

    def check(self, force: bool = False) -> SyncResult | None:
        """Read the shared version (at most once per ``every_s`` unless ``force``); None when nothing
        needed doing. Raises the database's error when it cannot be read (the caller logs it)."""
        with self.lock:
            now = self._monotonic()
            if not force and self._checked_at is not None and now - self._checked_at < self._every_s:
                return None
            self._checked_at = now
            with _outside_other_threads_writes(self._db):
                version = gallery_version(self._db)
                if version == self.version:
                    return None
                result = self._apply_difference()
            self.version = version
            return result

    def _apply_difference(self) -> SyncResult:
        in_table = self._store.index()
        held = self._gallery.template_ids()
        gone = held - in_table.keys()
        before = self._gallery.identities()
        removed = self._gallery.remove_templates(gone)
        new_ids = in_table.keys() - held - self._unreadable
        templates, unreadable = self._store.read(new_ids) if new_ids else ([], [])
        self._unreadable.update(unreadable)
        self._unreadable &= in_table.keys()
        added = self._gallery.add_many((t.template_id, t.patient_id, t.vector) for t in templates)
        if unreadable:
            log.warning("face templates: %d new row(s) cannot be read with this kiosk's key file; every kiosk of "
                        "the hospital must hold the same face key", len(unreadable))
        return SyncResult(added, removed, len(unreadable), frozenset(before - self._gallery.identities()))


@contextlib.contextmanager
def _outside_other_threads_writes(db: Database) -> Iterator[None]:
    """Read committed rows only. PostgreSQL's connection is already held for a whole transaction by
    the thread writing; SQLite's shared connection would let this thread read inside another
    thread's open transaction, so take the lock its writers take."""
    if engine_of(db) == "sqlite":
        from kiosk.storage.sqlite import write_lock

        with write_lock(db):
            yield
    else:
        yield
