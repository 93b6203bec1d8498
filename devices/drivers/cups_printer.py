"""A4 printing through CUPS with the ``lp`` and ``lpstat`` commands (no pycups: it needs a compiler
and libcups2-dev to install).

URL: ``cups://QUEUE`` (e.g. ``cups://KioskA4``); ``?server=host:port`` talks to a cupsd other than the
default (the tests start a private one); ``timeout=`` seconds per command (15).

Health comes from ``lpstat -l -p QUEUE`` and ``lpstat -a QUEUE``: printer-state (idle, printing,
disabled) and printer-state-reasons (the "Alerts:" line). Reasons ending in ``-error`` and the
well-known stoppers (media-empty, media-jam, door-open, offline, paused…) are a fault; ``-warning``
and low supplies are degraded. An unreachable cupsd is ``unknown``.

Job state: a job listed by ``lpstat -W not-completed`` is printing; one listed by ``-W completed`` is
done. ``lpstat`` lists cancelled and aborted jobs as completed too, so a document CUPS gave up on
reads as done here; telling them apart needs IPP (``job-state``), e.g. through pycups.
"""
from __future__ import annotations

import re
import shutil
import subprocess

from devices.base import Device, DeviceError, DeviceUrlError, DeviceTimeout, DeviceUrl, DriverNotFound, Health
from devices.protocols import PrintJobState
from devices.urlparams import float_param, text_param
from devices.words import Words

_QUEUE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,127}$")
_REQUEST_ID = re.compile(r"request id is (\S+)")
FAULT_REASONS = ("media-empty", "media-needed", "media-jam", "door-open", "cover-open", "offline", "paused",
                 "toner-empty", "marker-supply-empty", "input-tray-missing", "output-area-full", "stopped")
DEGRADED_REASONS = ("media-low", "toner-low", "marker-supply-low", "marker-waste-almost-full")


class CupsDocumentPrinter(Device):
    kind = "document_printer"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.queue = url.target.strip("/")
        if not _QUEUE_NAME.match(self.queue):
            raise DeviceUrlError(f"'{url.raw}' does not name a CUPS queue; write it like cups://KioskA4 "
                              "(see `lpstat -p` for the queue names)")
        self.server = text_param(url, "server")
        self.timeout_s = float_param(url, "timeout", 15.0, low=1.0, high=300.0)

    # Protocol verbs -------------------------------------------------------------------------------

    def print_pdf(self, pdf: bytes, job_id: str, title: str) -> str:
        if not job_id:
            raise DeviceError("a print job needs a job id")
        if bytes(pdf[:5]) != b"%PDF-":
            raise DeviceError(f"job {job_id} is not a PDF document")
        if not self.is_open:
            raise DeviceError("the A4 printer is not open")
        output = self._run(["lp", *self._server_args(), "-d", self.queue, "-t", title or job_id, "-"], pdf)
        match = _REQUEST_ID.search(output)
        if not match:
            raise DeviceError(f"CUPS accepted job {job_id} but did not say its id ({output.strip()!r})")
        self.count("jobs")
        return match.group(1)

    def job_state(self, job_ref: str) -> PrintJobState:
        for which, state in (("not-completed", PrintJobState.PRINTING), ("completed", PrintJobState.DONE)):
            listing = self._run(["lpstat", *self._server_args(), "-W", which, "-o", self.queue])
            if any(line.split()[:1] == [job_ref] for line in listing.splitlines()):
                return state
        return PrintJobState.UNKNOWN

    # Device hooks ---------------------------------------------------------------------------------

    def _open(self) -> None:
        missing = [tool for tool in ("lp", "lpstat") if shutil.which(tool) is None]
        if missing:
            raise DriverNotFound(f"cups:// printing needs {' and '.join(missing)}: run "
                                 "`apt-get install cups-client cups-bsd`")

    def _close(self) -> None:
        self.count("closed")

    def _health(self) -> Health:
        scheduler = self._run(["lpstat", *self._server_args(), "-r"])
        if "not running" in scheduler:
            return Health.unknown(Words(f"CUPS{' at ' + self.server if self.server else ''} is not running or not "
                                        "reachable: start cupsd (`systemctl start cups`)", "cups.not_running"))
        details = self._run(["lpstat", *self._server_args(), "-l", "-p", self.queue])
        accepting = self._run(["lpstat", *self._server_args(), "-a", self.queue])
        return printer_health(self.queue, details, accepting)

    # Helpers --------------------------------------------------------------------------------------

    def _server_args(self) -> list[str]:
        return ["-h", self.server] if self.server else []

    def _run(self, command: list[str], stdin: bytes | None = None) -> str:
        try:
            done = subprocess.run(command, input=stdin, capture_output=True, timeout=self.timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise DeviceTimeout(f"CUPS did not answer `{command[0]}` within {self.timeout_s:g} s; "
                                "check that cupsd is running (`systemctl status cups`)") from None
        stdout = done.stdout.decode("utf-8", "replace")
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            if "nvalid destination" in stderr or "does not exist" in stderr:
                raise DeviceError(f"CUPS has no queue '{self.queue}': create it with lpadmin or fix the "
                                  "config (`lpstat -p` lists the queues)")
            if "connect" in stderr.lower() or "scheduler is not running" in stderr:
                raise DeviceTimeout(f"cannot reach CUPS{' at ' + self.server if self.server else ''} "
                                    f"({stderr}); start cupsd")
            raise DeviceError(f"`{' '.join(command[:1])}` failed: {stderr or 'no message'}")
        return stdout


def printer_health(queue: str, lpstat_long: str, lpstat_accepting: str) -> Health:
    """Map ``lpstat -l -p`` and ``lpstat -a`` output to health (printer-state + state reasons)."""
    reasons: list[str] = []
    for line in lpstat_long.splitlines():
        if line.strip().startswith("Alerts:"):
            reasons = [r for r in line.split(":", 1)[1].split() if r and r != "none"]
    state_line = next((line for line in lpstat_long.splitlines() if line.startswith("printer ")), "")
    faults = [r for r in reasons if r.endswith("-error") or r.removesuffix("-report") in FAULT_REASONS]
    warnings = [r for r in reasons if r.endswith("-warning") or r in DEGRADED_REASONS]
    if not state_line:
        return Health.unknown(Words(f"CUPS said nothing about queue {queue}", "cups.no_answer", queue=queue))
    if "disabled" in state_line:
        return Health.fault(Words(f"the CUPS queue {queue} is stopped{_reason_words(reasons)}: fix the printer, "
                                  f"then run `cupsenable {queue}`", "cups.stopped", queue=queue,
                                  reasons=_reason_words(reasons)))
    if faults:
        return Health.fault(Words(f"the A4 printer reports{_reason_words(faults)}", "a4.reports",
                                  reasons=_reason_words(faults)))
    if "not accepting" in lpstat_accepting:
        return Health.fault(Words(f"the CUPS queue {queue} is not accepting jobs: run `cupsaccept {queue}`",
                                  "cups.not_accepting", queue=queue))
    if warnings:
        return Health.degraded(Words(f"the A4 printer warns{_reason_words(warnings)}", "a4.warns",
                                     reasons=_reason_words(warnings)))
    return Health.ok(Words("printing", "a4.printing") if "now printing" in state_line else Words("idle", "a4.idle"))


def _reason_words(reasons: list[str]) -> str:
    return f" ({', '.join(reasons)})" if reasons else ""
