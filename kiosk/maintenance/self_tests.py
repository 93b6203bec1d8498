"""Device self-tests a technician runs from maintenance mode; each one is audited with its result.

Blocking (device I/O, database): call from a worker thread. A test never raises for a device
problem: the result says in plain words what went wrong, so the screen can show it. Details are
``devices.words.Words`` (English, with a code and values the screen words in the kiosk's language).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import numpy as np

from devices.base import DeviceError
from devices.words import Words, words_of
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.device_board import DeviceBoard
from kiosk.id_card import masked_card_lines
from kiosk.printing.blocks import PrintTarget
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital, printer_test_page
from kiosk.printing.preview import preview_png
from kiosk.printing.test_page_pdf import test_page_pdf

CAMERA_TRIES = 10
SPEAKER_TEST_TEXT = {"zh": "扬声器测试：您好，这里是自助服务机。", "en": "Speaker test: hello, this is the kiosk."}


@dataclass(frozen=True)
class SelfTestResult:
    device: str
    ok: bool
    detail: str = ""  # plain words: what happened, or what went wrong
    image_png: bytes = b""  # the test page preview
    frame: np.ndarray | None = None  # the camera picture (shown, never saved)
    job_id: str = ""
    audit_detail: str = ""  # what the audit keeps when ``detail`` may hold personal data
    fields: dict[str, str] = field(default_factory=dict)  # an ID card's masked fields


class SelfTests:
    def __init__(self, board: DeviceBoard, printing: PrintService, audit: AuditLog, clock: Clock,
                 hospital: Hospital, kiosk_id: str) -> None:
        self._board = board
        self._printing = printing
        self._audit = audit
        self._clock = clock
        self._hospital = hospital
        self._kiosk_id = kiosk_id

    def test_print(self, actor: str) -> SelfTestResult:
        """Print the test page through the journal (a fresh key each time) and return its preview."""
        slot = self._board.slots.get("receipt_printer")
        printer = slot.device if slot else None
        receipt = printer_test_page(self._hospital, self._clock.now(), self._kiosk_id, slot.url if slot else "")
        preview = preview_png(receipt, PrintTarget.of(printer) if printer is not None else PrintTarget())
        outcome = self._printing.print_receipt(receipt, f"test_page:{uuid.uuid4().hex}")
        detail = (Words("printed", "test.printed") if outcome.printed else
                  Words(outcome.error, "test.print_failed", error=outcome.error) if outcome.error else
                  Words("not printed", "test.not_printed"))
        return self._finish(actor, SelfTestResult("receipt_printer", outcome.printed, detail, image_png=preview,
                                                  job_id=outcome.job.id))

    def camera_snapshot(self, actor: str) -> SelfTestResult:
        camera = self._board.device("camera")
        if camera is None:
            return self._finish(actor, SelfTestResult("camera", False, self._missing("camera")))
        try:
            for _ in range(CAMERA_TRIES):
                frame = camera.read()
                if frame is not None:
                    height, width = frame.shape[:2]
                    return self._finish(actor, SelfTestResult("camera", True, Words(f"{width}×{height}", "test.picture", width=width,
                                                                                  height=height), frame=frame))
        except DeviceError as exc:
            return self._finish(actor, SelfTestResult("camera", False, words_of(exc)))
        return self._finish(actor, SelfTestResult("camera", False, Words(f"no picture after {CAMERA_TRIES} tries",
                                                                       "test.no_picture", tries=CAMERA_TRIES)))

    def scanner_test(self, actor: str, timeout_s: float) -> SelfTestResult:
        scanner = self._board.device("scanner")
        if scanner is None:
            return self._finish(actor, SelfTestResult("scanner", False, self._missing("scanner")))
        try:
            code = scanner.read_code(timeout_s)
        except DeviceError as exc:
            return self._finish(actor, SelfTestResult("scanner", False, words_of(exc)))
        if code is None:
            return self._finish(actor, SelfTestResult("scanner", False, Words(f"no code read in {timeout_s:g} s", "test.no_code",
                                                                        seconds=f"{timeout_s:g}")))
        return self._finish(actor, SelfTestResult("scanner", True, Words(code[:64], "test.code_read", code=code[:64]),
                                                  audit_detail=f"{len(code)} characters read"))

    def dock_unlock_test(self, actor: str) -> SelfTestResult:
        """Unlock and lock again one slot, an empty one when there is one (no chair is let go)."""
        dock = self._board.device("dock")
        if dock is None:
            return self._finish(actor, SelfTestResult("dock", False, self._missing("dock")))
        try:
            slots = dock.slots()
            empty = [slot for slot in slots if slot.chair_id is None]
            chosen = (empty or slots)[0].number
            dock.unlock(chosen)
            dock.lock(chosen)
        except (DeviceError, IndexError) as exc:
            problem = words_of(exc) if isinstance(exc, DeviceError) else Words("the dock has no slots", "test.no_slots")
            return self._finish(actor, SelfTestResult("dock", False, problem))
        return self._finish(actor, SelfTestResult("dock", True, Words(f"slot {chosen} unlocked and locked again",
                                                                   "test.slot_unlocked", slot=chosen)))

    def speaker_test(self, actor: str, language: str) -> SelfTestResult:
        speaker = self._board.device("speaker")
        if speaker is None:
            return self._finish(actor, SelfTestResult("speaker", False, self._missing("speaker")))
        text = SPEAKER_TEST_TEXT["zh" if language.startswith("zh") else "en"]
        try:
            speaker.say(text, "zh" if language.startswith("zh") else "en")
        except DeviceError as exc:
            return self._finish(actor, SelfTestResult("speaker", False, words_of(exc)))
        return self._finish(actor, SelfTestResult("speaker", True, Words(text, "test.said", text=text)))

    def document_test_page(self, actor: str) -> SelfTestResult:
        """Send a one-page A4 test PDF through the print journal."""
        slot = self._board.slots.get("document_printer")
        if slot is None or slot.device is None:
            return self._finish(actor, SelfTestResult("document_printer", False, self._missing("document_printer")))
        pdf = test_page_pdf(self._hospital.name_en, self._kiosk_id, slot.url, self._clock.now())
        outcome = self._printing.print_document(pdf, "test_page", "A4 test page", f"a4_test_page:{uuid.uuid4().hex}")
        detail = (Words("sent to the A4 printer", "test.sent_a4") if outcome.printed else
                  Words(outcome.error, "test.print_failed", error=outcome.error) if outcome.error else
                  Words("not printed", "test.not_printed"))
        return self._finish(actor, SelfTestResult("document_printer", outcome.printed, detail, job_id=outcome.job.id))

    def id_card_test(self, actor: str, timeout_s: float) -> SelfTestResult:
        """Wait for a card on the reader and show its masked fields (the audit keeps only "card read")."""
        reader = self._board.device("id_card_reader")
        if reader is None:
            return self._finish(actor, SelfTestResult("id_card_reader", False, self._missing("id_card_reader")))
        try:
            card = reader.read_card(timeout_s)
        except DeviceError as exc:
            return self._finish(actor, SelfTestResult("id_card_reader", False, words_of(exc)))
        if card is None:
            return self._finish(actor, SelfTestResult("id_card_reader", False, Words(
                f"no card was put on the reader in {timeout_s:g} s", "test.no_card", seconds=f"{timeout_s:g}")))
        lines = masked_card_lines(card)
        detail = Words(", ".join(f"{key} {value}" for key, value in lines.items()), "test.card_read", **lines)
        return self._finish(actor, SelfTestResult("id_card_reader", True, detail, fields=lines,
                                                  audit_detail="card read"))

    def _missing(self, kind: str) -> str:
        slot = self._board.slots.get(kind)
        if slot and slot.open_error:
            return slot.open_error
        return Words(f"no {kind.replace('_', ' ')} is configured", "test.not_configured", device=kind)

    def _finish(self, actor: str, result: SelfTestResult) -> SelfTestResult:
        detail = {"device": result.device, "ok": result.ok, "detail": result.audit_detail or result.detail}
        if result.job_id:
            detail["job_id"] = result.job_id
        self._audit.record(actor, "maintenance.self_test", detail)
        return result
