"""Simulated receipt (ESC/POS) and document (A4) printers that keep every job they accept.

Receipt printer URL parameters: ``paper=adequate|near_end|out``, ``cover=open``, ``width=80`` (mm;
58 or 80), ``encoding=gb18030|raster`` and ``qr=native|raster`` (what the layouts should send, as for
the real ``escpos+…`` drivers), plus the common faults. Document printer: ``paper=…``, ``cover=open``, ``fail=jam`` (jobs
are accepted but end ``failed``; health fault "paper jam"), ``job_seconds=0`` (how long a job stays
``printing`` before ``done``), plus the common faults.

Idempotency: a repeated ``job_id`` is ignored (nothing printed twice) and counted in
``counters["duplicate_jobs"]``; the document printer returns the first job's reference again.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

from devices.base import DeviceError, DeviceUrl, Health
from devices.protocols import PaperLevel, PrintJobState
from devices.simulators.common import COMMON_FAILURES, SimulatedDevice
from devices.urlparams import choice_param, float_param
from devices.words import Words

PAPER_FAULTS = ("adequate", "near_end", "out")


@dataclass(frozen=True)
class PrintedJob:
    job_id: str
    data: bytes
    at: float = field(default_factory=time.time)


@dataclass
class QueuedDocument:
    job_id: str
    job_ref: str
    title: str
    pdf: bytes
    submitted_at: float
    state: PrintJobState | None = None  # None: follow the clock; set: forced by the test or a jam


class _PaperPrinter(SimulatedDevice):
    """Paper and cover faults shared by both printers."""

    def _paper_level(self) -> PaperLevel:
        return PaperLevel(self.fault("paper") or "adequate")

    def _refuse_if_cannot_print(self) -> None:
        if self.fault("cover") == "open":
            self.count("refused_jobs")
            raise DeviceError(f"the {self.device_words} cover is open (simulated)")
        if self._paper_level() is PaperLevel.OUT:
            self.count("refused_jobs")
            raise DeviceError(f"the {self.device_words} is out of paper (simulated)")

    def _paper_health(self) -> Health:
        if self.fault("cover") == "open":
            return Health.fault(Words("printer cover is open (simulated)", "sim.cover_open"))
        level = self._paper_level()
        if level is PaperLevel.OUT:
            return Health.fault(Words("out of paper (simulated)", "sim.paper_out"))
        if level is PaperLevel.NEAR_END:
            return Health.degraded(Words("paper is running low (simulated)", "sim.paper_low"))
        return Health.ok(Words("simulated", "sim.ok"))


class SimReceiptPrinter(_PaperPrinter):
    kind = "receipt_printer"
    FAULTS = {"fail": COMMON_FAILURES, "paper": PAPER_FAULTS, "cover": ("open", "closed")}
    FAULT_DETAIL = "the receipt printer reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.paper_width_mm = int(choice_param(url, "width", ("58", "80"), "80"))
        self.text_mode = str(choice_param(url, "encoding", ("gb18030", "raster"), "gb18030"))
        self.native_qr = choice_param(url, "qr", ("native", "raster"), "native") == "native"
        self.jobs: list[PrintedJob] = []

    def send(self, data: bytes, job_id: str) -> None:
        """Record one job; refuses (before recording) when out of paper or the cover is open."""
        if not job_id:
            raise DeviceError("a print job needs a job id")
        self._begin("send")
        with self._lock:
            if any(job.job_id == job_id for job in self.jobs):
                self.count("duplicate_jobs")
                return
            self._refuse_if_cannot_print()
            self.jobs.append(PrintedJob(job_id, bytes(data)))

    def paper(self) -> PaperLevel:
        """The paper level; ``unknown`` when the printer does not answer."""
        if self.fault("fail") == "timeout" or not self.is_open:
            return PaperLevel.UNKNOWN
        return self._paper_level()

    def job_ids(self) -> list[str]:
        with self._lock:
            return [job.job_id for job in self.jobs]

    def printed(self, job_id: str) -> bytes:
        with self._lock:
            for job in self.jobs:
                if job.job_id == job_id:
                    return job.data
        raise KeyError(job_id)

    def _sim_health(self) -> Health:
        return self._paper_health()


class SimDocumentPrinter(_PaperPrinter):
    kind = "document_printer"
    FAULTS = {"fail": COMMON_FAILURES + ("jam",), "paper": PAPER_FAULTS, "cover": ("open", "closed")}
    FAULT_DETAIL = "the A4 printer reports a hardware fault"

    def __init__(self, url: DeviceUrl):
        super().__init__(url)
        self.job_seconds = float_param(url, "job_seconds", 0.0, low=0.0)
        self.documents: list[QueuedDocument] = []
        self._refs = itertools.count(1)

    def print_pdf(self, pdf: bytes, job_id: str, title: str) -> str:
        if not job_id:
            raise DeviceError("a print job needs a job id")
        if not bytes(pdf[:5]) == b"%PDF-":
            raise DeviceError(f"job {job_id} is not a PDF document")
        self._begin("print_pdf")
        with self._lock:
            for document in self.documents:
                if document.job_id == job_id:
                    self.count("duplicate_jobs")
                    return document.job_ref
            self._refuse_if_cannot_print()
            document = QueuedDocument(job_id, f"sim-{next(self._refs)}", title, bytes(pdf), time.monotonic())
            if self.fault("fail") == "jam":
                document.state = PrintJobState.FAILED
            self.documents.append(document)
            return document.job_ref

    def job_state(self, job_ref: str) -> PrintJobState:
        self._begin("job_state")
        with self._lock:
            document = self._find(job_ref)
            if document is None:
                return PrintJobState.UNKNOWN
            if document.state is not None:
                return document.state
            if time.monotonic() - document.submitted_at < self.job_seconds:
                return PrintJobState.PRINTING
            return PrintJobState.DONE

    def set_job_state(self, job_ref: str, state: PrintJobState) -> None:
        """Test hook: force a job's state (e.g. FAILED after the fact); None follows the clock again."""
        with self._lock:
            document = self._find(job_ref)
            if document is None:
                raise KeyError(job_ref)
            document.state = state

    def _find(self, job_ref: str) -> QueuedDocument | None:
        return next((doc for doc in self.documents if doc.job_ref == job_ref), None)

    def _sim_health(self) -> Health:
        if self.fault("fail") == "jam":
            return Health.fault(Words("paper jam (simulated)", "sim.paper_jam"))
        return self._paper_health()
