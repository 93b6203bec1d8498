"""Open-set evaluation of the kiosk's own pipeline and decision rule on a folder of photos.

DIR holds one sub-folder per person (folders starting with "_" are skipped). For each person the
first ``gallery_size`` photos (sorted by name, always leaving one to probe) are enrolled; the rest
are probes. Each probe is one attempt, twice:

- genuine: searched against the full gallery; a hit only when the rule accepts the right person
  (FNIR counts everything else, including photos where no face was found);
- impostor: searched with the probe's own person removed from the gallery; any acceptance is a false
  positive (FPIR). People with a single photo serve as impostor probes only.

A still photo is one frame, so the per-frame vote (threshold + margin) decides; a live camera adds
the ≥ 2 agreeing frames on top, which can only lower FPIR further.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from kiosk.face.decision import frame_vote
from kiosk.face.engine import FaceEngine
from kiosk.face.gallery import FaceGallery
from kiosk.face.settings import FaceSettings

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")


@dataclass(frozen=True)
class EvaluationReport:
    threshold: float
    margin: float
    gallery_size: int
    identities: int
    photos: int
    no_face: int  # photos where the pipeline found no face (failures to acquire)
    genuine_attempts: int
    impostor_attempts: int
    rank1: float  # closed set: nearest identity is the right one
    fnir: float
    fpir: float
    false_positives: int
    false_negatives: int

    def as_dict(self) -> dict:
        return asdict(self)


def person_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def photos_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)


def encode_folder(root: Path, engine: FaceEngine) -> tuple[dict[str, list[np.ndarray | None]], int]:
    """Every photo's template (None where no face was found), per person, and the photo count."""
    import cv2

    encodings: dict[str, list[np.ndarray | None]] = {}
    count = 0
    for folder in person_folders(root):
        vectors: list[np.ndarray | None] = []
        for path in photos_of(folder):
            count += 1
            image = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_COLOR)
            vectors.append(None if image is None else engine.encode_photo(image))
        if vectors:
            encodings[folder.name] = vectors
    return encodings, count


def evaluate_encodings(encodings: dict[str, list[np.ndarray | None]], settings: FaceSettings,
                       gallery_size: int = 3) -> EvaluationReport:
    gallery_rows: list[tuple[str, str, np.ndarray]] = []
    probes: list[tuple[str, np.ndarray | None]] = []
    for person, vectors in encodings.items():
        keep = min(gallery_size, max(len(vectors) - 1, 1))
        enrolled = [v for v in vectors[:keep] if v is not None]
        gallery_rows += [(f"{person}#{i}", person, v) for i, v in enumerate(enrolled)]
        probes += [(person, v) for v in vectors[keep:]]
        if len(vectors) == 1 and vectors[0] is not None:
            probes.append(("", vectors[0]))  # impostor-only probe of a one-photo person
    gallery = FaceGallery()
    gallery.load(gallery_rows)
    per_person = {p: [r for r in gallery_rows if r[1] == p] for p in encodings}

    genuine = impostor = false_negatives = false_positives = rank1_hits = no_face = 0
    for person, vector in probes:
        if vector is None:
            no_face += 1
            genuine += 1
            false_negatives += 1
            continue
        if person:
            genuine += 1
            match = gallery.search(vector)
            rank1_hits += int(match is not None and match.identity == person)
            if frame_vote(match, settings) != person:
                false_negatives += 1
        owner = person or _owner_of(vector, gallery_rows)
        without = FaceGallery()
        without.load(r for p, rows in per_person.items() if p != owner for r in rows)
        impostor += 1
        if frame_vote(without.search(vector), settings) is not None:
            false_positives += 1
    photos = sum(len(v) for v in encodings.values())
    return EvaluationReport(
        threshold=settings.threshold, margin=settings.margin, gallery_size=gallery_size,
        identities=len(encodings), photos=photos, no_face=no_face + _gallery_misses(encodings, gallery_size),
        genuine_attempts=genuine, impostor_attempts=impostor,
        rank1=_ratio(rank1_hits, genuine - no_face), fnir=_ratio(false_negatives, genuine),
        fpir=_ratio(false_positives, impostor), false_positives=false_positives, false_negatives=false_negatives,
    )


def evaluate_folder(root: Path, settings: FaceSettings | None = None, gallery_size: int = 3,
                    engine: FaceEngine | None = None) -> EvaluationReport:
    settings = settings or FaceSettings()
    encodings, _ = encode_folder(root, engine or FaceEngine(settings))
    return evaluate_encodings(encodings, settings, gallery_size)


def sweep(encodings: dict[str, list[np.ndarray | None]], settings: FaceSettings, thresholds: Iterable[float],
          gallery_size: int = 3) -> list[EvaluationReport]:
    """The same evaluation at several thresholds (the margin stays), for choosing one."""
    from dataclasses import replace

    return [evaluate_encodings(encodings, replace(settings, threshold=t), gallery_size) for t in thresholds]


def _owner_of(vector: np.ndarray, rows: list[tuple[str, str, np.ndarray]]) -> str:
    for _, person, enrolled in rows:
        if np.array_equal(enrolled, vector):
            return person
    return ""


def _gallery_misses(encodings: dict[str, list[np.ndarray | None]], gallery_size: int) -> int:
    return sum(1 for v in encodings.values() for x in v[: min(gallery_size, max(len(v) - 1, 1))] if x is None)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
