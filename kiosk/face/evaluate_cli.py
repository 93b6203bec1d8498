"""``onevisit faces evaluate DIR [--config kiosk.toml] [--json]``: how the kiosk's face check-in does
on a hospital's own consented photos, told honestly.

DIR holds one sub-folder of photos per person, or one sub-folder per group of such folders
(``DIR/<group>/<person>/…``, e.g. by age band or camera). The kiosk's own pipeline runs with the
configured encoder, threshold, margin and landmarks (``--config``; built-in defaults without it), open
set (kiosk/face/evaluation.py). Every rate has its exact 95 % interval; a target counts as *shown* only
when the interval's upper end is below it. With too few attempts the answer is "not enough attempts
to show …", never "met". It also prints the largest gallery for open 1:N search that these numbers
support (kiosk/face/policy.py).

Exit 0 when FPIR ≤ 0.3 % and FNIR ≤ 5 % are both shown, 1 otherwise, 2 when DIR or the config cannot
be used. No photo is copied or kept.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.face.bounds import Rate, attempts_needed
from kiosk.face.evaluation import (
    EvaluationReport, VerificationReport, encode_folder, evaluate_encodings, evaluate_verification, group_folders,
    person_folders,
)
from kiosk.face.policy import TARGET_FPIR, open_search_limit
from kiosk.face.settings import FaceSettings

TARGET_FNIR = 0.05


def faces_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="onevisit faces", description="face check-in tools")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="open-set accuracy of the kiosk's pipeline on DIR")
    evaluate.add_argument("folder", type=Path, metavar="DIR",
                          help="one sub-folder of photos per person (or DIR/<group>/<person>/)")
    evaluate.add_argument("--config", type=Path, help="the kiosk's TOML file: its encoder, threshold and margin")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--gallery-size", type=int, default=3, help="photos enrolled per person (default 3)")
    args = parser.parse_args(argv)

    if not args.folder.is_dir() or not person_folders(args.folder):
        print(f"onevisit faces: {args.folder} is not a folder with one sub-folder of photos per person "
              "(or one sub-folder per group of those)", file=sys.stderr)
        return 2
    try:
        settings = _settings(args.config)
        reports, verification = _evaluate(args.folder, settings, max(1, args.gallery_size))
    except Exception as exc:  # config, models, unreadable folder: one line, no traceback
        print(f"onevisit faces: {exc}", file=sys.stderr)
        return 2
    overall = next((r for r in reports if r.group in ("", "all")), reports[-1])
    verdicts = {"fpir": overall.fpir.judge(TARGET_FPIR), "fnir": overall.fnir.judge(TARGET_FNIR)}
    shown = all(v == "shown" for v in verdicts.values())
    limit = open_search_limit(verification.fmr.upper95) if verification.fmr.attempts else 0
    if args.json:
        print(json.dumps({
            "encoder": settings.encoder, "threshold": settings.threshold, "margin": settings.margin,
            "landmarks": settings.landmarks, "config": str(args.config) if args.config else None,
            "groups": [r.as_dict() for r in reports], "verification": verification.as_dict(),
            "targets": {"fpir": TARGET_FPIR, "fnir": TARGET_FNIR},
            "verdicts": verdicts, "targets_shown": shown, "open_search_max_supported": limit,
            "open_search_max_configured": settings.open_search_max,
        }, sort_keys=True))
    else:
        print(f"encoder {settings.encoder}, threshold {settings.threshold}, margin {settings.margin}, "
              f"landmarks {settings.landmarks} ({'from ' + str(args.config) if args.config else 'built-in defaults'})")
        for report in reports:
            _print_report(report)
        print()
        print(_verdict_line("FPIR", overall.fpir, TARGET_FPIR, "impostor"))
        print(_verdict_line("FNIR", overall.fnir, TARGET_FNIR, "genuine"))
        fmr = verification.fmr
        print(f"1:1 (a stranger passing for one given patient): {fmr.errors} of {fmr.attempts} pairs, "
              f"{_percent(fmr.value)}, 95 % upper bound {_percent(fmr.upper95)}; the patient refused in "
              f"{verification.fnmr.errors} of {verification.fnmr.attempts}")
        print(f"open 1:N search is supported up to {limit} enrolled people by these numbers "
              f"(the kiosk is set to {settings.open_search_max}); above that it asks a second factor first")
        print("These are photos, one frame each: they say how often the rule accepts the wrong person or "
              "misses the right one on pictures like these, not how it does on other people or cameras.")
    return 0 if shown else 1


def _settings(config_path: Path | None) -> FaceSettings:
    if config_path is None:
        return FaceSettings.for_encoder()
    from kiosk.config import load_config

    return FaceSettings.from_config(load_config(config_path))


def _evaluate(folder: Path, settings: FaceSettings, gallery_size: int) -> tuple[list[EvaluationReport],
                                                                                VerificationReport]:
    """Per group (and "all" groups on one gallery), plus 1:1 over everyone."""
    from kiosk.face.engine import FaceEngine

    engine = FaceEngine(settings)
    groups = group_folders(folder)
    encoded = {name: encode_folder(path, engine)[0] for name, path in groups.items()}
    reports = [evaluate_encodings(encodings, settings, gallery_size, name) for name, encodings in encoded.items()]
    combined = {f"{name}/{person}" if name else person: vectors for name, encodings in encoded.items()
                for person, vectors in encodings.items()}
    if len(groups) > 1:
        reports.append(evaluate_encodings(combined, settings, gallery_size, "all"))
    return reports, evaluate_verification(combined, settings.threshold, gallery_size)


def _percent(value: float) -> str:
    return f"{value * 100:.2f} %"


def _print_report(report: EvaluationReport) -> None:
    name = {"": "", "all": " (all groups on one gallery)"}.get(report.group, f" — group {report.group}")
    print()
    print(f"people {report.identities}{name}, photos {report.photos}, no face found in {report.no_face}; "
          f"gallery {report.gallery_people} people, up to {report.gallery_size} photo(s) each")
    if report.rank1.attempts:
        print(f"  rank-1 {_percent(1 - report.rank1.value)} ({report.rank1.attempts - report.rank1.errors} "
              f"of {report.rank1.attempts})")
    for label, rate, kind in (("FNIR", report.fnir, "genuine attempts missed"),
                              ("FPIR", report.fpir, "impostor attempts accepted")):
        print(f"  {label} {_percent(rate.value)} ({rate.errors} of {rate.attempts} {kind}); "
              f"95 % interval {_percent(rate.lower95)} – {_percent(rate.upper95)}")


def _verdict_line(label: str, rate: Rate, target: float, kind: str) -> str:
    verdict = rate.judge(target)
    if verdict == "shown":
        return f"{label} ≤ {_percent(target)}: shown (95 % upper bound {_percent(rate.upper95)})"
    if verdict == "missed":
        return f"{label} ≤ {_percent(target)}: NOT met (even the 95 % lower bound is {_percent(rate.lower95)})"
    needed = attempts_needed(target, rate.errors)
    return (f"{label} ≤ {_percent(target)}: not enough {kind} attempts to show it ({rate.attempts}; the 95 % upper "
            f"bound is {_percent(rate.upper95)}; with {rate.errors} error(s) it takes at least {needed})")


if __name__ == "__main__":
    sys.exit(faces_command(sys.argv[1:]))
