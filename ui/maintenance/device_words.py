"""Device words in the kiosk's language for the maintenance screens.

Drivers and self-tests report ``devices.words.Words``: English (logs, the command line) with a code and
values. This is the one place those codes are worded for a screen, so a Chinese screen shows no
English status words. Text a device or the operating system gave us word for word (a CUPS reason, a
dock's own report, an OS error) is shown as it came, inside a translated sentence.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from devices.base import Health
from kiosk.maintenance.self_tests import SelfTestResult

class DeviceWords(QObject):
    def kind_name(self, kind: str) -> str:
        return {
            "camera": self.tr("Camera"),
            "receipt_printer": self.tr("Receipt printer"),
            "document_printer": self.tr("A4 printer"),
            "scanner": self.tr("Code scanner"),
            "dock": self.tr("Wheelchair dock"),
            "speaker": self.tr("Speaker"),
            "id_card_reader": self.tr("ID card reader"),
        }.get(kind, kind)

    def state_name(self, health: Health | None) -> str:
        if health is None:
            return self.tr("not checked yet")
        return {
            "ok": self.tr("working"),
            "degraded": self.tr("needs attention"),
            "fault": self.tr("not working"),
            "unknown": self.tr("no answer"),
        }[health.state.value]

    def state(self, health: Health | None) -> str:
        """"working — simulated, volume 80" in the current language."""
        text = self.state_name(health)
        if health is not None and health.detail:
            text += " — " + self.detail(health.detail)
        return text

    def detail(self, text: str) -> str:
        """A health detail, an error or a self-test's outcome: worded by its code when it has one."""
        code = getattr(text, "code", "")
        template = self.templates().get(code)
        if template is None:
            return str(text)
        values: dict[str, Any] = dict(getattr(text, "values", {}))
        if "device" in values:
            values["device"] = self.kind_name(str(values["device"]))
        if values.get("valid_to") == "long-term":
            values["valid_to"] = self.tr("long-term")
        for name, value in values.items():
            template = template.replace("{" + name + "}", str(value))
        return template

    def result(self, result: SelfTestResult) -> str:
        words = self.detail(result.detail)
        return (self.tr("Test passed: %1") if result.ok else self.tr("Test failed: %1")).replace("%1", words)

    def counters(self, counters: dict[str, int]) -> str:
        names = self.counter_names()
        return self.tr(", ").join(self.tr("%1 %2").replace("%1", names.get(name, name)).replace("%2", str(value))
                                  for name, value in sorted(counters.items()))

    def counter_names(self) -> dict[str, str]:
        return {
            "chime": self.tr("chimes"), "job_state": self.tr("job checks"), "print_pdf": self.tr("A4 jobs"),
            "read": self.tr("reads"), "read_card": self.tr("card reads"), "read_code": self.tr("code reads"),
            "say": self.tr("sentences"), "send": self.tr("receipts sent"), "slots": self.tr("slot checks"),
            "timeouts": self.tr("timeouts"), "faults": self.tr("faults"), "refused_jobs": self.tr("refused jobs"),
            "duplicate_jobs": self.tr("repeated jobs"), "read_failures": self.tr("failed reads"),
            "jammed": self.tr("jams"), "interrupted": self.tr("interrupted"), "failures": self.tr("failures"),
            "jobs": self.tr("jobs"), "closed": self.tr("closed"), "unlock": self.tr("unlocks"),
            "lock": self.tr("locks"), "codes": self.tr("codes read"), "reconnects": self.tr("reconnections"),
            "frames": self.tr("frames"),
        }

    def templates(self) -> dict[str, str]:
        """Every code a driver, simulator or self-test reports (tests check none is missing)."""
        return {
            "not_opened": self.tr("not opened"),
            "not_open": self.tr("the {device} is not open"),
            # simulators
            "sim.ok": self.tr("simulated"),
            "sim.open_failed": self.tr("the {device} could not be opened (simulated)"),
            "sim.no_reply": self.tr("no reply from the {device} (simulated)"),
            "sim.hardware_fault": self.tr("the {device} reports a hardware fault (simulated)"),
            "sim.cover_open": self.tr("printer cover is open (simulated)"),
            "sim.paper_out": self.tr("out of paper (simulated)"),
            "sim.paper_low": self.tr("paper is running low (simulated)"),
            "sim.paper_jam": self.tr("paper jam (simulated)"),
            "sim.no_frames": self.tr("camera stopped sending frames (simulated)"),
            "sim.camera_ok": self.tr("simulated, {width}×{height}"),
            "sim.locks_jammed": self.tr("the slot locks are jammed (simulated)"),
            "sim.sensors_disagree": self.tr("chair sensors disagree with the locks — check the dock by hand (simulated)"),
            "sim.slot_jammed": self.tr("lock of slot {slots} jammed (simulated)"),
            "sim.dock_ok": self.tr("simulated, {occupied} of {slots} slots hold a chair"),
            "sim.sam_missing": self.tr("the ID card reader's security module is missing or not authorised (simulated)"),
            "sim.card_on_reader": self.tr("simulated, a card lies on the reader"),
            "sim.no_card": self.tr("simulated, no card"),
            "sim.scanner_ok": self.tr("simulated, {waiting} code(s) waiting"),
            "sim.speaker_ok": self.tr("simulated, volume {volume}"),
            # receipt printer (ESC/POS)
            "printer.no_status": self.tr("the receipt printer did not answer the status request (check power and cable)"),
            "printer.cover_open": self.tr("the receipt printer cover is open: close it"),
            "printer.paper_out": self.tr("the receipt printer is out of paper: load a new roll"),
            "printer.error": self.tr("the receipt printer reports an error (cutter or head): open and close the cover, "
                                     "or switch it off and on"),
            "printer.offline": self.tr("the receipt printer is offline: check the cover and the paper"),
            "printer.paper_low": self.tr("receipt paper is running low: load a new roll soon"),
            "printer.partial_status": self.tr("the receipt printer answered only part of the status request"),
            "printer.ok": self.tr("online, paper adequate"),
            "printer.one_way": self.tr("{url} is a one-way connection that cannot report paper or cover status; "
                                       "use escpos+usb or escpos+tcp to get it"),
            # A4 printer (CUPS)
            "cups.not_running": self.tr("CUPS is not running or not reachable: start cupsd (systemctl start cups)"),
            "cups.no_answer": self.tr("CUPS said nothing about queue {queue}"),
            "cups.stopped": self.tr("the CUPS queue {queue} is stopped{reasons}: fix the printer, then run "
                                    "cupsenable {queue}"),
            "cups.not_accepting": self.tr("the CUPS queue {queue} is not accepting jobs: run cupsaccept {queue}"),
            "a4.reports": self.tr("the A4 printer reports{reasons}"),
            "a4.warns": self.tr("the A4 printer warns{reasons}"),
            "a4.printing": self.tr("printing"),
            "a4.idle": self.tr("idle"),
            # speaker, ID card reader, cameras, dock, scanner
            "speaker.espeak_missing": self.tr("'{program}' is missing: install espeak-ng (apt-get install espeak-ng)"),
            "speaker.espeak_wav": self.tr("espeak-ng, writing WAV files to {folder}, volume {volume}"),
            "speaker.espeak_ok": self.tr("espeak-ng, default audio device, volume {volume}"),
            "idcard.ok": self.tr("ID card reader at {port} answers, security module ready"),
            "idcard.sam_fault": self.tr("the ID card reader at {port}: {status} — the reader cannot read cards; "
                                        "call the supplier"),
            "idcard.reports": self.tr("the ID card reader at {port} reports: {status}"),
            "camera.no_frames": self.tr("camera stopped sending frames"),
            "camera.ok": self.tr("camera {source}, {frames} frames so far"),
            "camera.file_ended": self.tr("end of '{file}' reached (loop=0)"),
            "camera.file_playing": self.tr("playing '{file}'"),
            "dock.ok": self.tr("dock at {port} answers"),
            "dock.reports": self.tr("the dock reports: {detail}"),
            "scanner.listening": self.tr("listening on {target}, {codes} code(s) read"),
            # self-tests
            "test.printed": self.tr("printed"),
            "test.print_failed": self.tr("not printed: {error}"),
            "test.not_printed": self.tr("not printed"),
            "test.sent_a4": self.tr("sent to the A4 printer"),
            "test.picture": self.tr("a picture of {width}×{height}"),
            "test.no_picture": self.tr("no picture after {tries} tries"),
            "test.no_code": self.tr("no code read in {seconds} s"),
            "test.code_read": self.tr("read: {code}"),
            "test.no_slots": self.tr("the dock has no slots"),
            "test.slot_unlocked": self.tr("slot {slot} unlocked and locked again"),
            "test.said": self.tr("said: {text}"),
            "test.no_card": self.tr("no card was put on the reader in {seconds} s"),
            "test.card_read": self.tr("name {name}, sex {sex}, born {birth_date}, ID number {id_number}, "
                                      "valid to {valid_to}"),
            "test.not_configured": self.tr("no {device} is configured"),
        }
