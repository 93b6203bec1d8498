"""The print journal: every print is a row written (and committed) before a byte is sent.

``PrintService.print_receipt(receipt, key)`` renders the receipt for the configured printer, writes a
``pending`` row with a new job id and the caller's idempotency ``key`` (e.g. ``ticket:A20261122-0001``),
sends, and marks the row ``done`` or ``failed``. The same key never prints twice: a second call
returns the first job. When a job failed (paper out, cover open, no connection) the outcome carries
the receipt's ``ScreenFallback`` so the screen can show the number and QR instead.

After the paper is refilled, ``unfinished_job()`` names the newest failed job that has not been
reprinted; ``reprint(job_id)`` prints it once (the journal refuses a second reprint), ``dismiss``
drops the offer. At start-up ``recover_interrupted()`` turns rows left ``pending`` by a crash into
``failed`` ("may have printed"), so they are offered once rather than silently sent again.

Each job belongs to the kiosk that wrote it (``kiosk_id``): on a database the hospital's kiosks share,
recovery and the reprint offer only ever see this kiosk's jobs, never another printer's. The
idempotency key is hospital-wide (a ticket prints once, at whichever kiosk asked first). State
changes are conditional UPDATEs, so two callers can never both reprint or both dismiss a job.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import sqlite_utils

from devices.base import DeviceError
from devices.protocols import DocumentPrinter, PrintJobState, ReceiptPrinter
from kiosk.clock import Clock, to_utc_text
from kiosk.printing import store
from kiosk.printing.blocks import PrintTarget, Receipt, ScreenFallback
from kiosk.printing.escpos_render import receipt_to_escpos
from kiosk.printing.store import PrintJob
from kiosk.storage import write_transaction

REPRINT_OFFER_WINDOW = timedelta(hours=2)

@dataclass(frozen=True)
class PrintOutcome:
    job: PrintJob
    printed: bool  # True when this call sent the job (or the printer accepted the document)
    already_printed: bool = False  # the key was printed before; nothing was sent again

    @property
    def fallback(self) -> ScreenFallback | None:
        """What to show on screen when the paper did not come out."""
        return None if self.printed or self.already_printed else self.job.fallback

    @property
    def error(self) -> str:
        return self.job.error


class PrintService:
    """Prints receipts and documents through the journal; blocking: call from a worker thread."""

    def __init__(self, db: sqlite_utils.Database, clock: Clock, receipt_printer: ReceiptPrinter | None = None,
                 document_printer: DocumentPrinter | None = None, large_print: bool = True,
                 kiosk_id: str = "") -> None:
        self._db = db
        self.kiosk_id = kiosk_id
        self._clock = clock
        self.receipt_printer = receipt_printer
        self.document_printer = document_printer
        self.large_print = large_print  # queue number, room and chair number at the biggest size that fits

    def receipt_target(self) -> PrintTarget:
        """What receipts are rendered for: the configured printer's paper and modes, and large print."""
        if self.receipt_printer is None:
            return PrintTarget(large_print=self.large_print)
        return PrintTarget.of(self.receipt_printer, large_print=self.large_print)

    # Printing ---------------------------------------------------------------------------------------

    def print_receipt(self, receipt: Receipt, key: str) -> PrintOutcome:
        existing = self._by_key(key)
        if existing is not None:
            return PrintOutcome(existing, printed=False, already_printed=existing.state == "done")
        payload = receipt_to_escpos(receipt, self.receipt_target())
        job, created = self._write_intent(key, "receipt", receipt.kind, receipt.title, payload, receipt.fallback)
        if not created:
            return PrintOutcome(job, printed=False, already_printed=job.state == "done")
        return self._send(job.id, payload)

    def print_document(self, pdf: bytes, kind: str, title: str, key: str,
                       fallback: ScreenFallback | None = None) -> PrintOutcome:
        existing = self._by_key(key)
        if existing is not None:
            return PrintOutcome(existing, printed=False, already_printed=existing.state == "done")
        job, created = self._write_intent(key, "document", kind, title, pdf, fallback)
        if not created:
            return PrintOutcome(job, printed=False, already_printed=job.state == "done")
        return self._send(job.id, pdf)

    def reprint(self, job_id: str) -> PrintOutcome:
        """Print an unfinished job once more; refused (DeviceError) if it was done or reprinted already."""
        with write_transaction(self._db) as db:
            if not store.claim_reprint(db, job_id, to_utc_text(self._clock.now())):
                job = self.job(job_id)
                reason = "it was printed" if job.state == "done" else (
                    "it was reprinted once already" if job.reprints else f"it is {job.state}")
                raise DeviceError(f"print job {job_id} ({job.title}) cannot be reprinted: {reason}; "
                                  "give the patient the on-screen code or send them to the service desk")
        return self._send(job_id, store.payload_of(self._db, job_id))

    def dismiss(self, job_id: str) -> None:
        """Staff or patient declined the reprint offer."""
        with write_transaction(self._db) as db:
            store.dismiss_failed(db, job_id, to_utc_text(self._clock.now()))

    def refresh_document(self, job_id: str) -> PrintJob:
        """Ask the A4 printer how a queued document is doing; done/failed are written to the journal."""
        job = self.job(job_id)
        if job.printer != "document" or job.state != "pending" or not job.printer_ref or self.document_printer is None:
            return job
        state = self.document_printer.job_state(job.printer_ref)
        if state is PrintJobState.DONE:
            self._mark(job_id, "done")
        elif state is PrintJobState.FAILED:
            self._mark(job_id, "failed", "the A4 printer could not finish the document")
        return self.job(job_id)

    # Queries ----------------------------------------------------------------------------------------

    def job(self, job_id: str) -> PrintJob:
        job = store.job_by_id(self._db, job_id)
        if job is None:
            raise KeyError(f"no print job {job_id}")
        return job

    def unfinished_job(self, printer: str = "receipt") -> PrintJob | None:
        """This kiosk's newest failed job of the last two hours that may be reprinted once, if any."""
        since = to_utc_text(self._clock.now() - REPRINT_OFFER_WINDOW)
        return store.newest_reprintable(self._db, self.kiosk_id, printer, since)

    def recover_interrupted(self) -> int:
        """At start-up: this kiosk's rows a crash left ``pending`` become ``failed`` (offered for one
        reprint). Other kiosks' pending jobs are theirs: they may be printing right now."""
        with write_transaction(self._db) as db:
            return store.fail_interrupted(db, self.kiosk_id, to_utc_text(self._clock.now()))

    # Internals --------------------------------------------------------------------------------------

    def _send(self, job_id: str, payload: bytes) -> PrintOutcome:
        with write_transaction(self._db) as db:
            store.count_attempt(db, job_id, to_utc_text(self._clock.now()))
        job = self.job(job_id)
        try:
            if job.printer == "receipt":
                if self.receipt_printer is None:
                    raise DeviceError("no receipt printer is configured")
                self.receipt_printer.send(payload, job_id)
                self._mark(job_id, "done")
            else:
                if self.document_printer is None:
                    raise DeviceError("no A4 printer is configured")
                reference = self.document_printer.print_pdf(payload, job_id, job.title)
                with write_transaction(self._db):
                    self._update(job_id, printer_ref=reference)
        except DeviceError as exc:
            self._mark(job_id, "failed", str(exc) or type(exc).__name__)
            return PrintOutcome(self.job(job_id), printed=False)
        return PrintOutcome(self.job(job_id), printed=True)

    def _write_intent(self, key: str, printer: str, kind: str, title: str, payload: bytes,
                      fallback: ScreenFallback | None) -> tuple[PrintJob, bool]:
        """The intent row for ``key``; False when another caller wrote it first (a second thread,
        or another kiosk process on the same database): that caller prints, this one does not."""
        job_id = uuid.uuid4().hex[:16]
        now = to_utc_text(self._clock.now())
        with write_transaction(self._db) as db:
            written = store.insert_job(db, job_id, key, self.kiosk_id, printer, kind, title, payload, fallback, now)
        if not written:
            return self._by_key(key), False
        return self.job(job_id), True

    def _by_key(self, key: str) -> PrintJob | None:
        if not key:
            raise ValueError("a print needs an idempotency key (e.g. 'ticket:<appointment id>')")
        return store.job_by_key(self._db, key)

    def _mark(self, job_id: str, state: str, error: str = "") -> None:
        with write_transaction(self._db):
            self._update(job_id, state=state, error=error)

    def _update(self, job_id: str, **values: object) -> None:
        values["updated_utc"] = to_utc_text(self._clock.now())
        with write_transaction(self._db):
            store.update_job(self._db, job_id, values)
