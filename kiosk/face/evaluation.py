"""Open-set evaluation of the kiosk's own pipeline and decision rule on a folder of photos.

DIR holds one sub-folder per person (folders starting with "_" or "." are skipped), or one sub-folder
per *group* holding those (``DIR/<group>/<person>/…``): each group is then evaluated on its own gallery,
and all groups together on one combined gallery. For each person the first ``gallery_size`` photos
(sorted by name, always leaving one to probe) are enrolled; the rest are probes. Each probe is one
attempt, twice:

- genuine: searched against the full gallery; a hit only when the rule accepts the right person
  (FNIR counts everything else, including photos where no face was found);
- impostor: searched with the probe's own person removed from the gallery; any acceptance is a false
  positive (FPIR). People with a single photo serve as impostor probes only.

Every rate comes with its exact 95 % interval (kiosk/face/bounds.py). A still photo is one frame, so
the per-frame vote (threshold + margin) decides; a live camera adds the ≥ 2 agreeing frames on top.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.face.bounds import Rate
from kiosk.face.decision import frame_vote
from kiosk.face.engine import FaceEngine
from kiosk.face.gallery import FaceGallery
from kiosk.face.settings import FaceSettings

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
Encodings = dict[str, list[np.ndarray | None]]


@dataclass(frozen=True)
class EvaluationReport:
    group: str  # "" for a folder without groups, "all" for every group on one gallery
    gallery_size: int  # photos enrolled per person (at most)
    identities: int
    gallery_people: int  # people with at least one enrolled template
    photos: int
    no_face: int  # photos where the pipeline found no face (failures to acquire)
    rank1: Rate  # closed set: errors = probes whose nearest identity is someone else
    fnir: Rate
    fpir: Rate

    def as_dict(self) -> dict:
        return {"group": self.group, "gallery_size": self.gallery_size, "identities": self.identities,
                "gallery_people": self.gallery_people, "photos": self.photos, "no_face": self.no_face,
                "rank1": round(1 - self.rank1.value, 5) if self.rank1.attempts else None,
                "rank1_attempts": self.rank1.attempts,
                "fnir": self.fnir.as_dict(), "fpir": self.fpir.as_dict()}


def person_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def photos_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)


def group_folders(root: Path) -> dict[str, Path]:
    """{"": root} when root holds people; {group: folder} when it holds groups of people."""
    people = person_folders(root)
    if people and all(not photos_of(p) and person_folders(p) for p in people):
        return {p.name: p for p in people}
    return {"": root}


def encode_folder(root: Path, engine: FaceEngine) -> tuple[Encodings, int]:
    """Every photo's template (None where no face was found or the file is not a picture), per person."""
    import cv2

    encodings: Encodings = {}
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


def evaluate_encodings(encodings: Encodings, settings: FaceSettings, gallery_size: int = 3,
                       group: str = "") -> EvaluationReport:
    gallery_rows: list[tuple[str, str, np.ndarray]] = []
    probes: list[tuple[str, str, np.ndarray | None]] = []  # (true person or "", owner, vector)
    for person, vectors in encodings.items():
        keep = min(gallery_size, max(len(vectors) - 1, 1))
        enrolled = [v for v in vectors[:keep] if v is not None]
        gallery_rows += [(f"{person}#{i}", person, v) for i, v in enumerate(enrolled)]
        probes += [(person, person, v) for v in vectors[keep:]]
        if len(vectors) == 1 and vectors[0] is not None:
            probes.append(("", person, vectors[0]))  # impostor-only probe of a one-photo person
    dimensions = next((v.shape[0] for v in (r[2] for r in gallery_rows)), 128)
    gallery = _gallery(gallery_rows, dimensions)
    without: dict[str, FaceGallery] = {}

    genuine = impostor = false_negatives = false_positives = rank1_errors = rank1_attempts = no_face = 0
    for person, owner, vector in probes:
        if vector is None:
            no_face += 1
            genuine += 1
            false_negatives += 1
            continue
        if person:
            genuine += 1
            match = gallery.search(vector)
            rank1_attempts += 1
            rank1_errors += int(match is None or match.identity != person)
            if frame_vote(match, settings) != person:
                false_negatives += 1
        if owner not in without:
            without[owner] = _gallery([r for r in gallery_rows if r[1] != owner], dimensions)
        impostor += 1
        if frame_vote(without[owner].search(vector), settings) is not None:
            false_positives += 1
    return EvaluationReport(
        group=group, gallery_size=gallery_size, identities=len(encodings),
        gallery_people=len({r[1] for r in gallery_rows}), photos=sum(len(v) for v in encodings.values()),
        no_face=no_face + _gallery_misses(encodings, gallery_size),
        rank1=Rate(rank1_errors, rank1_attempts), fnir=Rate(false_negatives, genuine),
        fpir=Rate(false_positives, impostor),
    )


def _gallery(rows: list[tuple[str, str, np.ndarray]], dimensions: int) -> FaceGallery:
    gallery = FaceGallery(dimensions)
    gallery.load(rows)
    return gallery


def _gallery_misses(encodings: Encodings, gallery_size: int) -> int:
    return sum(1 for v in encodings.values() for x in v[: min(gallery_size, max(len(v) - 1, 1))] if x is None)


@dataclass(frozen=True)
class VerificationReport:
    """1:1 — a probe against one person's enrolled templates (the nearest of them), threshold only.

    ``fmr`` counts every (probe, other person) pair: the rate at which a stranger passes for one given
    patient, which is what pay-later confirmation and a search among a few candidates risk per person.
    """

    threshold: float
    fmr: Rate
    fnmr: Rate

    def as_dict(self) -> dict:
        return {"threshold": self.threshold, "fmr": self.fmr.as_dict(), "fnmr": self.fnmr.as_dict()}


def evaluate_verification(encodings: Encodings, threshold: float, gallery_size: int = 3) -> VerificationReport:
    people, enrolled, probes = [], [], []
    for person, vectors in encodings.items():
        keep = min(gallery_size, max(len(vectors) - 1, 1))
        templates = [v for v in vectors[:keep] if v is not None]
        if templates:
            people.append(person)
            enrolled.append(np.vstack(templates))
        probes += [(person, v) for v in (vectors[keep:] if len(vectors) > 1 else vectors)]
    false_matches = impostor_pairs = false_non_matches = genuine = 0
    for person, vector in probes:
        if vector is None:
            if person in people and len(encodings[person]) > 1:
                genuine += 1
                false_non_matches += 1
            continue
        for other, templates in zip(people, enrolled):
            nearest = float(np.min(np.linalg.norm(templates - vector, axis=1)))
            if other == person:
                if len(encodings[person]) > 1:
                    genuine += 1
                    false_non_matches += int(nearest > threshold)
            else:
                impostor_pairs += 1
                false_matches += int(nearest <= threshold)
    return VerificationReport(threshold, Rate(false_matches, impostor_pairs), Rate(false_non_matches, genuine))
