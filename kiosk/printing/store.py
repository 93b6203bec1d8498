"""The print journal's rows (``print_jobs``) and the paper-roll counts read from them.

Every write runs inside the caller's ``write_transaction``; the print service decides what to send and
when. State changes are conditional UPDATEs (``claim_reprint``, ``dismiss_failed``), so two callers
sharing the database can never both reprint or both dismiss a job; ``insert_job`` is an
``INSERT … ON CONFLICT (idempotency_key) DO NOTHING``, so a key is written once hospital-wide.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from kiosk.clock import from_utc_text
from kiosk.printing.blocks import ScreenFallback
from kiosk.storage import Database

_COLUMNS = ("id, idempotency_key, printer, kind, title, state, attempts, reprints, printer_ref, error, "
            "fallback_json, created_utc, updated_utc")


@dataclass(frozen=True)
class PrintJob:
    id: str
    key: str
    printer: str  # receipt | document
    kind: str
    title: str
    state: str  # pending | done | failed | dismissed
    attempts: int
    reprints: int
    printer_ref: str
    error: str
    fallback: ScreenFallback | None
    created_at: datetime
    updated_at: datetime

    @property
    def can_reprint(self) -> bool:
        return self.state == "failed" and self.reprints == 0


def insert_job(db: Database, job_id: str, key: str, kiosk_id: str, printer: str, kind: str, title: str,
               payload: bytes, fallback: ScreenFallback | None, now_utc: str) -> bool:
    """Write a ``pending`` job; False when a job with ``key`` exists already (nothing written)."""
    written = db.execute(
        "INSERT INTO print_jobs (id, idempotency_key, kiosk_id, printer, kind, title, payload, state, attempts, "
        "reprints, printer_ref, error, fallback_json, created_utc, updated_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, '', '', ?, ?, ?) "
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        (job_id, key, kiosk_id, printer, kind, title, payload,
         json.dumps(asdict(fallback), ensure_ascii=False) if fallback else "", now_utc, now_utc)).fetchone()
    return written is not None


def job_by_id(db: Database, job_id: str) -> PrintJob | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
    return _job(row) if row else None


def job_by_key(db: Database, key: str) -> PrintJob | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE idempotency_key = ?", (key,)).fetchone()
    return _job(row) if row else None


def payload_of(db: Database, job_id: str) -> bytes:
    """The bytes (ESC/POS or PDF) the job sends."""
    return bytes(db.execute("SELECT payload FROM print_jobs WHERE id = ?", (job_id,)).fetchone()[0])


def newest_reprintable(db: Database, kiosk_id: str, printer: str, since_utc: str) -> PrintJob | None:
    """The kiosk's newest job on ``printer`` that failed, was never reprinted and was written since ``since_utc``."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM print_jobs WHERE kiosk_id = ? AND printer = ? AND state = 'failed' "
        "AND reprints = 0 AND created_utc >= ? ORDER BY created_utc DESC LIMIT 1",
        (kiosk_id, printer, since_utc)).fetchone()
    return _job(row) if row else None


def claim_reprint(db: Database, job_id: str, now_utc: str) -> bool:
    """A failed, never reprinted job becomes ``pending`` again with its one reprint used; False otherwise."""
    claimed = db.execute(
        "UPDATE print_jobs SET state = 'pending', reprints = 1, error = '', updated_utc = ? "
        "WHERE id = ? AND state = 'failed' AND reprints = 0", (now_utc, job_id))
    return claimed.rowcount == 1


def dismiss_failed(db: Database, job_id: str, now_utc: str) -> None:
    """A failed job is ``dismissed`` (no more reprint offer); any other state is left alone."""
    db.execute("UPDATE print_jobs SET state = 'dismissed', updated_utc = ? WHERE id = ? AND state = 'failed'",
               (now_utc, job_id))


def fail_interrupted(db: Database, kiosk_id: str, now_utc: str) -> int:
    """The kiosk's receipt-style jobs left ``pending`` (no printer reference) become ``failed``; how many."""
    rows = db.execute(
        "UPDATE print_jobs SET state = 'failed', updated_utc = ?, "
        "error = 'the kiosk stopped while printing; the paper may or may not have come out' "
        "WHERE kiosk_id = ? AND state = 'pending' AND printer_ref = '' RETURNING id",
        (now_utc, kiosk_id)).fetchall()
    return len(rows)


def count_attempt(db: Database, job_id: str, now_utc: str) -> None:
    db.execute("UPDATE print_jobs SET attempts = attempts + 1, updated_utc = ? WHERE id = ?", (now_utc, job_id))


def update_job(db: Database, job_id: str, values: dict[str, object]) -> None:
    """Set the named columns (``state``, ``error``, ``printer_ref``, ``updated_utc``) of one job."""
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.execute(f"UPDATE print_jobs SET {assignments} WHERE id = ?", (*values.values(), job_id))


def receipts_done_since(db: Database, kiosk_id: str, since_utc: str) -> dict[str, int]:
    """The kiosk's receipt jobs marked done since ``since_utc``, counted by receipt kind (paper used)."""
    rows = db.execute(
        "SELECT kind, count(*) FROM print_jobs WHERE kiosk_id = ? AND printer = 'receipt' AND state = 'done' "
        "AND updated_utc >= ? GROUP BY kind", (kiosk_id, since_utc)).fetchall()
    return dict(rows)


def _job(row: tuple) -> PrintJob:
    (job_id, key, printer, kind, title, state, attempts, reprints, printer_ref, error, fallback_json,
     created, updated) = row
    fallback = ScreenFallback(**json.loads(fallback_json)) if fallback_json else None
    return PrintJob(job_id, key, printer, kind, title, state, attempts, reprints, printer_ref, error, fallback,
                    from_utc_text(created), from_utc_text(updated))
