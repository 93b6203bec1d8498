"""``onevisit devices test KIND --config kiosk.toml [--json] [--timeout S]``: try one device without the UI.

For installers: opens only that device from the config (no other device, no payment gateway) and runs
its self-test — receipt printer: test page; document printer: A4 test page; scanner: read one code;
speaker: say a sentence; dock: unlock and lock a slot; camera: grab a frame and report its size;
id_card_reader: wait for a card and print its masked fields. The result is one plain line (or JSON),
audited as a self-test by "installer". Exit 0 when the device passed, 1 when it did not, 2 when the
config or the driver is wrong. No traceback either way.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

from devices.base import DeviceError, DriverNotFound
from devices.protocols import DEVICE_KINDS
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import DEFAULT_CONFIG, ConfigError, load_config
from kiosk.device_board import DeviceBoard, open_slot
from kiosk.maintenance.self_tests import SelfTestResult, SelfTests
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital
from kiosk.storage import StorageError, open_database

ACTOR = "installer"
SPEECH_WAIT_S = 15.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="onevisit devices", description="try one device of this kiosk")
    sub = parser.add_subparsers(dest="action", required=True)
    test = sub.add_parser("test", help="run one device's self-test")
    test.add_argument("kind", choices=sorted(DEVICE_KINDS), help="which device")
    test.add_argument("--config", default=os.environ.get("ONEVISIT_CONFIG", DEFAULT_CONFIG))
    test.add_argument("--json", action="store_true", help="print the result as JSON")
    test.add_argument("--timeout", type=float, default=20.0,
                      help="seconds to wait for a code or a card (scanner, id_card_reader; default 20)")
    test.add_argument("--language", choices=("zh_CN", "en"), help="the speaker's sentence (default: the kiosk's)")
    return parser


def devices_command(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
        url = config.devices.get(args.kind)
        if not url:
            raise ConfigError(f"{config.source}: no [devices] {args.kind} is configured")
        db = open_database(config.database, kiosk_id=config.kiosk_id)
    except (ConfigError, StorageError) as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    board: DeviceBoard | None = None
    try:
        clock = Clock()
        slot = open_slot(args.kind, url)
        board = DeviceBoard({args.kind: slot}, db, clock, config.kiosk_id)
        health = board.poll()[args.kind]
        hospital = Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en)
        printing = PrintService(db, clock, board.device("receipt_printer"), board.device("document_printer"),
                                large_print=config.large_print, kiosk_id=config.kiosk_id)
        tests = SelfTests(board, printing, AuditLog(db, clock, config.kiosk_id), clock, hospital, config.kiosk_id)
        result = _run(tests, board, args, args.language or config.language)
    except DriverNotFound as exc:
        print(f"onevisit: {exc}", file=sys.stderr)
        return 2
    except DeviceError as exc:  # a driver that failed in a way its self-test did not catch
        result, health = SelfTestResult(args.kind, False, str(exc)), None
    finally:
        if board is not None:
            board.close()
        db.close()
    _report(args, url, result, health)
    return 0 if result.ok else 1


def _run(tests: SelfTests, board: DeviceBoard, args: argparse.Namespace, language: str) -> SelfTestResult:
    kind = args.kind
    if kind == "receipt_printer":
        return tests.test_print(ACTOR)
    if kind == "document_printer":
        return tests.document_test_page(ACTOR)
    if kind == "scanner":
        return tests.scanner_test(ACTOR, args.timeout)
    if kind == "dock":
        return tests.dock_unlock_test(ACTOR)
    if kind == "camera":
        return tests.camera_snapshot(ACTOR)
    if kind == "id_card_reader":
        return tests.id_card_test(ACTOR, args.timeout)
    result = tests.speaker_test(ACTOR, language)
    speaker = board.device("speaker")
    deadline = time.monotonic() + SPEECH_WAIT_S
    while result.ok and speaker is not None and speaker.is_speaking() and time.monotonic() < deadline:
        time.sleep(0.1)  # let the sentence finish before the speaker is closed
    return result


def _report(args: argparse.Namespace, url: str, result: SelfTestResult, health) -> None:
    state = health.state.value if health is not None else "unknown"
    if args.json:
        payload = {"kind": args.kind, "url": url, "ok": result.ok, "health": state,
                   "health_detail": health.detail if health is not None else "", "detail": result.detail}
        if result.fields:
            payload["card"] = result.fields
        if result.job_id:
            payload["print_job"] = result.job_id
        print(json.dumps(payload, ensure_ascii=False))
        return
    verdict = "ok" if result.ok else "FAILED"
    print(f"{args.kind} ({url}): {verdict} — {result.detail or state}")
