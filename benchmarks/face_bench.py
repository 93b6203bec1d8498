"""Face check-in figures as one JSON object: per-frame latency at 640×480, 1:N search at 100k and 1M
synthetic templates, and open-set accuracy on ../shared/faces at the configured threshold and margin.

Usage: python benchmarks/face_bench.py   (accuracy keys are null when ../shared/faces is absent)
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.face.engine import FaceEngine  # noqa: E402
from kiosk.face.evaluation import encode_folder, evaluate_encodings  # noqa: E402
from kiosk.face.gallery import FaceGallery  # noqa: E402
from kiosk.face.settings import FaceSettings  # noqa: E402

FACES = ROOT.parent / "shared" / "faces"
REPEATS = 15


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def kiosk_frame() -> np.ndarray:
    """A 640×480 frame with one face filling a third of the width, as at the kiosk."""
    import cv2

    photo = cv2.imdecode(np.fromfile(str(FACES / "barack_obama" / "obama_small.jpg"), np.uint8), cv2.IMREAD_COLOR)
    return cv2.resize(photo, (640, 480), interpolation=cv2.INTER_LINEAR)


def frame_latency(engine: FaceEngine, gallery: FaceGallery) -> dict:
    frame = kiosk_frame()
    engine.analyse(frame)  # warm up
    detect, encode, identify = [], [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        engine.detect(frame)
        detect.append(time.perf_counter() - start)
        start = time.perf_counter()
        analysis = engine.analyse(frame)
        middle = time.perf_counter()
        vector = engine.encode(analysis)
        encoded = time.perf_counter()
        gallery.search(vector)
        done = time.perf_counter()
        encode.append(encoded - middle)
        identify.append(done - start)
    return {"detect_ms_median": median_ms(detect), "encode_ms_median": median_ms(encode),
            "identify_ms_median": median_ms(identify), "frame_quality": analysis.quality.value}


def search_ms(rows: int) -> float:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((rows, 128), dtype=np.float32) * 0.1
    gallery = FaceGallery()
    gallery.load((str(i), f"p{i // 3}", v) for i, v in enumerate(vectors))
    query = vectors[rows // 2] + 0.01
    assert gallery.search(query).identity == f"p{(rows // 2) // 3}"  # exact search: the right row wins
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        gallery.search(query)
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


def accuracy(settings: FaceSettings) -> dict:
    if not FACES.is_dir():
        return {"rank1": None, "fnir": None, "fpir": None}
    encodings, _ = encode_folder(FACES, FaceEngine(settings))
    report = evaluate_encodings(encodings, settings, gallery_size=3)
    single = evaluate_encodings(encodings, settings, gallery_size=1)
    return {"rank1": report.rank1, "fnir": report.fnir, "fpir": report.fpir,
            "genuine_attempts": report.genuine_attempts, "impostor_attempts": report.impostor_attempts,
            "no_face": report.no_face, "identities": report.identities,
            "fnir_one_gallery_photo": single.fnir, "fpir_one_gallery_photo": single.fpir}


def main() -> int:
    settings = FaceSettings()
    engine = FaceEngine(settings)
    start = time.perf_counter()
    engine.load()
    load_ms = round((time.perf_counter() - start) * 1000)
    gallery = FaceGallery()
    gallery.load((str(i), f"p{i}", np.random.default_rng(i).standard_normal(128).astype(np.float32) * 0.1)
                 for i in range(1000))
    result = {
        "benchmark": "face",
        "threshold": settings.threshold,
        "margin": settings.margin,
        "min_agreeing_frames": settings.min_agreeing_frames,
        "landmarks": settings.landmarks,
        "detect_width": settings.detect_width,
        "model_load_ms": load_ms,
        **(frame_latency(engine, gallery) if FACES.is_dir() else {}),
        "search_ms_100k": search_ms(100_000),
        "search_ms_1m": search_ms(1_000_000),
        **accuracy(settings),
    }
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
