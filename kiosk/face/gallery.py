"""The enrolled templates as one float32 matrix in memory, searched 1:N with ‖x‖² − 2X·q.

Loaded once at start-up from the encrypted store and updated on enrolment and withdrawal (this
kiosk's, and other kiosks' through ``kiosk.face.gallery_sync``), so a search never touches the disk. Squared norms are kept next to the matrix; a search is one BLAS matrix-vector
product (about 5 ms at 100,000 templates, against ~70 ms for face_recognition's float64 distance).
Every row belongs to an identity (a patient id); a person usually has several rows.
"""
from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np

from kiosk.face.engine import ENCODING_SIZE


@dataclass(frozen=True)
class GalleryMatch:
    """The nearest identity, and the nearest *other* identity (the runner-up) for the margin rule."""

    identity: str
    distance: float
    runner_up: str | None
    runner_up_distance: float  # inf when the gallery (or the candidate set) holds one identity


class FaceGallery:
    """Thread-safe: searches from the face worker, enrolment and withdrawal from service threads."""

    def __init__(self, dimensions: int = ENCODING_SIZE) -> None:
        self._dimensions = dimensions
        self._lock = threading.Lock()
        self._vectors = np.empty((0, dimensions), dtype=np.float32)
        self._norms = np.empty(0, dtype=np.float32)
        self._owners = np.empty(0, dtype=np.int32)  # index into self._identities
        self._template_ids: list[str] = []
        self._identities: list[str] = []
        self._identity_index: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._template_ids)

    @property
    def identity_count(self) -> int:
        with self._lock:
            return len(set(self._owners.tolist()))

    def identities(self) -> set[str]:
        with self._lock:
            return {self._identities[i] for i in set(self._owners.tolist())}

    def load(self, rows: Iterable[tuple[str, str, np.ndarray]]) -> None:
        """Replace the contents with ``(template_id, identity, vector)`` rows in one step."""
        template_ids, owners, vectors = [], [], []
        identities: list[str] = []
        index: dict[str, int] = {}
        for template_id, identity, vector in rows:
            if identity not in index:
                index[identity] = len(identities)
                identities.append(identity)
            template_ids.append(template_id)
            owners.append(index[identity])
            vectors.append(self._checked(vector))
        matrix = np.vstack(vectors) if vectors else np.empty((0, self._dimensions), dtype=np.float32)
        with self._lock:
            self._vectors = np.ascontiguousarray(matrix, dtype=np.float32)
            self._norms = np.einsum("ij,ij->i", self._vectors, self._vectors)
            self._owners = np.asarray(owners, dtype=np.int32)
            self._template_ids = template_ids
            self._identities = identities
            self._identity_index = index

    def add(self, template_id: str, identity: str, vector: np.ndarray) -> None:
        self.add_many([(template_id, identity, vector)])

    def add_many(self, rows: Iterable[tuple[str, str, np.ndarray]]) -> int:
        """Append ``(template_id, identity, vector)`` rows in one step; a template id already held is
        skipped (a refresh and the kiosk's own enrolment may both bring it). Returns how many were added."""
        checked = [(template_id, identity, self._checked(vector)) for template_id, identity, vector in rows]
        with self._lock:
            held = set(self._template_ids)
            fresh = []
            for template_id, identity, vector in checked:
                if template_id not in held:
                    held.add(template_id)
                    fresh.append((template_id, identity, vector))
            if not fresh:
                return 0
            owners = []
            for template_id, identity, _ in fresh:
                if identity not in self._identity_index:
                    self._identity_index[identity] = len(self._identities)
                    self._identities.append(identity)
                owners.append(self._identity_index[identity])
                self._template_ids.append(template_id)
            added = np.vstack([vector[np.newaxis, :] for _, _, vector in fresh])
            self._vectors = np.ascontiguousarray(np.vstack([self._vectors, added]), dtype=np.float32)
            self._norms = np.append(self._norms, np.einsum("ij,ij->i", added, added))
            self._owners = np.append(self._owners, np.asarray(owners, dtype=np.int32))
            return len(fresh)

    def template_ids(self) -> set[str]:
        with self._lock:
            return set(self._template_ids)

    def remove_identity(self, identity: str) -> int:
        """Drop every template of ``identity``; returns how many rows went."""
        with self._lock:
            index = self._identity_index.get(identity)
            if index is None:
                return 0
            keep = self._owners != index
            removed = int((~keep).sum())
            self._vectors = np.ascontiguousarray(self._vectors[keep])
            self._norms = self._norms[keep]
            self._owners = self._owners[keep]
            self._template_ids = [t for t, k in zip(self._template_ids, keep.tolist()) if k]
            return removed

    def remove_template(self, template_id: str) -> bool:
        return self.remove_templates({template_id}) == 1

    def remove_templates(self, template_ids: Collection[str]) -> int:
        """Drop these template rows (ids not held are ignored); returns how many rows went."""
        gone = set(template_ids)
        with self._lock:
            keep = np.array([t not in gone for t in self._template_ids], dtype=bool)
            removed = int((~keep).sum())
            if removed:
                self._vectors = np.ascontiguousarray(self._vectors[keep])
                self._norms = self._norms[keep]
                self._owners = self._owners[keep]
                self._template_ids = [t for t, k in zip(self._template_ids, keep.tolist()) if k]
            return removed

    def search(self, query: np.ndarray, within: Collection[str] | None = None) -> GalleryMatch | None:
        """Nearest identity and runner-up; ``within`` limits the search to those identities (1:few)."""
        query = self._checked(query)
        with self._lock:  # arrays are replaced, never changed in place: a snapshot is enough
            vectors, norms, owners, identities = self._vectors, self._norms, self._owners, self._identities
            index = self._identity_index
        if within is not None:
            wanted = np.array([index[i] for i in within if i in index], dtype=np.int32)
            rows = np.flatnonzero(np.isin(owners, wanted))
            vectors, norms, owners = vectors[rows], norms[rows], owners[rows]
        if len(owners) == 0:
            return None
        squared = norms - 2.0 * (vectors @ query) + np.float32(query @ query)
        best_row = int(np.argmin(squared))
        best_owner = int(owners[best_row])
        others = np.where(owners == best_owner, np.inf, squared)
        second_row = int(np.argmin(others))
        second_distance = float(np.sqrt(max(float(others[second_row]), 0.0)))
        runner_up = identities[int(owners[second_row])] if np.isfinite(others[second_row]) else None
        return GalleryMatch(identities[best_owner], float(np.sqrt(max(float(squared[best_row]), 0.0))),
                            runner_up, second_distance if runner_up else float("inf"))

    def _checked(self, vector: np.ndarray) -> np.ndarray:
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if vector.shape != (self._dimensions,) or not np.all(np.isfinite(vector)):
            raise ValueError(f"a face template must be {self._dimensions} finite numbers")
        return vector
