"""``onevisit faces evaluate DIR [--json]``: validate the kiosk's face thresholds on your own photos.

DIR holds one sub-folder of consented photos per person. The kiosk's own pipeline (detection,
encoding) and decision rule with the configured threshold and margin run open-set (see
kiosk/face/evaluation.py) and print rank-1, FNIR, FPIR and counts. Exit 0 when the targets hold
(FPIR ≤ 0.3 %, FNIR ≤ 5 %), 1 when they do not, 2 when DIR cannot be used. No photo is copied or kept.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from kiosk.face.evaluation import evaluate_folder, person_folders
from kiosk.face.settings import FaceSettings

TARGET_FPIR = 0.003
TARGET_FNIR = 0.05


def faces_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="onevisit faces", description="face check-in tools")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="open-set accuracy of the kiosk's pipeline on DIR")
    evaluate.add_argument("folder", type=Path, metavar="DIR", help="one sub-folder of photos per person")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--gallery-size", type=int, default=3, help="photos enrolled per person (default 3)")
    evaluate.add_argument("--landmarks", choices=("68", "5"), default="68", help="landmark model (default 68)")
    args = parser.parse_args(argv)

    if not args.folder.is_dir() or not person_folders(args.folder):
        print(f"onevisit faces: {args.folder} is not a folder with one sub-folder of photos per person", file=sys.stderr)
        return 2
    settings = replace(FaceSettings(), landmarks=args.landmarks)
    report = evaluate_folder(args.folder, settings, gallery_size=max(1, args.gallery_size))
    meets = report.fpir <= TARGET_FPIR and report.fnir <= TARGET_FNIR
    if args.json:
        print(json.dumps({**report.as_dict(), "meets_targets": meets}, sort_keys=True))
    else:
        print(f"people {report.identities}, photos {report.photos}, no face found in {report.no_face}")
        print(f"threshold {report.threshold}, margin {report.margin}, {report.gallery_size} photo(s) enrolled per person")
        print(f"rank-1 {report.rank1:.2%}")
        print(f"FNIR {report.fnir:.2%} ({report.false_negatives} of {report.genuine_attempts} genuine attempts missed)")
        print(f"FPIR {report.fpir:.2%} ({report.false_positives} of {report.impostor_attempts} impostor attempts accepted)")
        print("targets (FPIR ≤ 0.3 %, FNIR ≤ 5 %): " + ("met" if meets else "NOT met"))
    return 0 if meets else 1


if __name__ == "__main__":
    sys.exit(faces_command(sys.argv[1:]))
