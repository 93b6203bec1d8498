"""Hospital-wide jobs run by one kiosk at a time: a named lease with a holder and an expiry.

``take(db, name, holder, seconds, now)`` is True when ``holder`` (a kiosk id) now holds the lease
``name`` until ``now + seconds``: it was free, had run out, or was already this holder's (taking it
again renews it). It is one atomic statement on either engine (``INSERT … ON CONFLICT (name) DO
UPDATE … WHERE the lease ran out OR it is the same holder``), so two kiosks asking at the same moment
never both get it. ``release(db, name, holder)`` gives it up early; a holder that dies simply lets it
run out. Pick ``seconds`` longer than one run of the job, and take the lease again (renew) before
each part of a long run.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.clock import to_utc_text
from kiosk.storage import write_transaction
from kiosk.storage.database import Database


def take(db: Database, name: str, holder: str, seconds: float, now: datetime) -> bool:
    """Take or renew the lease ``name`` for ``holder`` until ``now + seconds``; False while another holds it."""
    if seconds <= 0:
        raise ValueError("a lease needs a positive duration")
    until = to_utc_text(now + timedelta(seconds=seconds))
    with write_transaction(db):
        rows = db.execute(
            "INSERT INTO job_leases (name, holder, until_utc) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_utc = excluded.until_utc "
            "WHERE job_leases.until_utc <= ? OR job_leases.holder = excluded.holder "
            "RETURNING holder", (name, holder, until, to_utc_text(now))).fetchall()
    return len(rows) == 1


def release(db: Database, name: str, holder: str) -> None:
    """Give the lease up (only ``holder``'s own: a lease another kiosk took over stays with it)."""
    with write_transaction(db):
        db.execute("DELETE FROM job_leases WHERE name = ? AND holder = ?", (name, holder))


def holder(db: Database, name: str, now: datetime) -> str | None:
    """Who holds ``name`` at ``now`` (None: nobody, or the last holder's lease ran out)."""
    row = db.execute("SELECT holder FROM job_leases WHERE name = ? AND until_utc > ?",
                     (name, to_utc_text(now))).fetchone()
    return row[0] if row else None
