"""Face check-in figures as one JSON object, for one encoder (``--encoder``, default the kiosk's):

- ``identify_ms_median``: the kiosk's pipeline on one good 640×480 frame — HOG detection on the
  downscaled copy, landmarks, quality gate, encoding, and the 1:N search over 100,000 templates;
- ``anchor_identify_ms_median``: face_recognition's default pipeline on the same frame in the same
  run (HOG with upsampling, 68-point landmarks, encoding, float64 ``face_distance`` over 100k rows),
  so the speed-up is a ratio that does not depend on the machine;
- open-set accuracy with the kiosk's own rule (encoder, threshold, margin, 3 photos enrolled per
  person) on ../shared/faces (``fpir``, ``fpir_ub95``, ``fnir``) and ../shared/faces-east-asian (the
  same keys with ``_east_asian``), with counts; ``fmr_1to1…``: a stranger passing for one given patient,
  over all stranger–patient pairs, and the 1:N limit those numbers support (kiosk/face/policy.py).

Usage: python benchmarks/face_bench.py [--encoder dlib-resnet|facenet-vggface2]
(accuracy keys are null when the photo folders are absent).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.face.encoders import ENCODER_NAMES  # noqa: E402
from kiosk.face.engine import FaceEngine  # noqa: E402
from kiosk.face.evaluation import encode_folder, evaluate_encodings, evaluate_verification  # noqa: E402
from kiosk.face.gallery import FaceGallery  # noqa: E402
from kiosk.face.policy import open_search_limit  # noqa: E402
from kiosk.face.settings import FaceSettings  # noqa: E402

FACES = ROOT.parent / "shared" / "faces"
EAST_ASIAN = ROOT.parent / "shared" / "faces-east-asian"
REPEATS = 15
GALLERY_ROWS = 100_000


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def kiosk_frame() -> np.ndarray:
    """A 640×480 frame with one face filling a third of the width, as at the kiosk."""
    import cv2

    photo = cv2.imdecode(np.fromfile(str(FACES / "barack_obama" / "obama_small.jpg"), np.uint8), cv2.IMREAD_COLOR)
    return cv2.resize(photo, (640, 480), interpolation=cv2.INTER_LINEAR)


def synthetic_rows(dimensions: int) -> np.ndarray:
    vectors = np.random.default_rng(7).standard_normal((GALLERY_ROWS, dimensions), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def kiosk_identify_ms(engine: FaceEngine, frame: np.ndarray) -> dict:
    rows = synthetic_rows(engine.dimensions)
    gallery = FaceGallery(engine.dimensions)
    gallery.load((str(i), f"p{i // 3}", v) for i, v in enumerate(rows))
    engine.encode(engine.analyse(frame))  # warm up
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        analysis = engine.analyse(frame)
        gallery.search(engine.encode(analysis))
        samples.append(time.perf_counter() - start)
    return {"identify_ms_median": median_ms(samples), "frame_quality": analysis.quality.value}


def anchor_identify_ms(frame: np.ndarray) -> float:
    import face_recognition

    rgb = np.ascontiguousarray(frame[:, :, ::-1])
    known = synthetic_rows(128).astype(np.float64)
    face_recognition.face_encodings(rgb)  # warm up
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        locations = face_recognition.face_locations(rgb)  # HOG, upsample 1
        encodings = face_recognition.face_encodings(rgb, locations)  # 68-point landmarks by default
        face_recognition.face_distance(known, encodings[0])
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


def accuracy(folder: Path, engine: FaceEngine, settings: FaceSettings, suffix: str) -> dict:
    keys = ("fpir", "fpir_ub95", "fnir", "fpir_counts", "fnir_counts", "fmr_1to1", "fmr_1to1_ub95",
            "open_search_max_supported")
    if not folder.is_dir():
        return {key + suffix: None for key in keys}
    encodings, _ = encode_folder(folder, engine)
    report = evaluate_encodings(encodings, settings, gallery_size=3)
    pairs = evaluate_verification(encodings, settings.threshold, gallery_size=3)
    values = (report.fpir.value, report.fpir.upper95, report.fnir.value,
              f"{report.fpir.errors}/{report.fpir.attempts}", f"{report.fnir.errors}/{report.fnir.attempts}",
              pairs.fmr.value, pairs.fmr.upper95, open_search_limit(pairs.fmr.upper95))
    return {key + suffix: round(value, 5) if isinstance(value, float) else value for key, value in zip(keys, values)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", choices=ENCODER_NAMES, default=FaceSettings().encoder)
    args = parser.parse_args(argv)
    settings = FaceSettings.for_encoder(args.encoder)
    engine = FaceEngine(settings)
    start = time.perf_counter()
    engine.load()
    result = {
        "benchmark": "face", "encoder": settings.encoder, "threshold": settings.threshold, "margin": settings.margin,
        "landmarks": settings.landmarks, "detect_width": settings.detect_width,
        "model_load_ms": round((time.perf_counter() - start) * 1000), "gallery_rows": GALLERY_ROWS,
    }
    if FACES.is_dir():
        frame = kiosk_frame()
        result.update(kiosk_identify_ms(engine, frame))
        result["anchor_identify_ms_median"] = anchor_identify_ms(frame)
    result.update(accuracy(FACES, engine, settings, ""))
    result.update(accuracy(EAST_ASIAN, engine, settings, "_east_asian"))
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
