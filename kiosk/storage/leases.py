"""Hospital-wide jobs run by one kiosk at a time: a named lease with a holder and an expiry.

``take(db, name, holder, seconds, now)`` is True when ``holder`` (a kiosk id) now holds the lease
``name`` until ``now + seconds``: it was free, had run out, or was already this holder's (taking it
again renews it). It is one atomic statement on either engine (``INSERT … ON CONFLICT (name) DO
UPDATE … WHERE the lease ran out OR it is the same holder``), so two kiosks asking at the same moment
never both get it. ``release(db, name, holder)`` gives it up early; a holder that dies simply lets it
run out. Pick ``seconds`` longer than one run of the job, and take the lease again (renew) before
each part of a long run.

For a lock held as long as a process lives (one kiosk program per kiosk id, ``kiosk.ops.instance_lock``)
PostgreSQL's session-level advisory locks serve: ``try_session_lock`` and ``session_lock_holder``.
"""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class SessionLockHolder:
    """Who holds a session-level advisory lock: its connection's name, address and server process."""

    application_name: str
    client: str  # the client's address, or "this machine" over a Unix socket
    pid: int


def try_session_lock(session: Database, key: int) -> bool:
    """PostgreSQL: take the advisory lock ``key`` for the life of ``session`` (its connection); False
    when another session holds it. Closing the session gives it back, also when the process dies."""
    return bool(session.execute("SELECT pg_try_advisory_lock(?)", (key,)).fetchone()[0])


def session_lock_holder(session: Database, key: int) -> SessionLockHolder | None:
    """PostgreSQL: the session holding the advisory lock ``key`` (None: nobody, or it just let go)."""
    holder = session.execute(
        "SELECT a.application_name, coalesce(host(a.client_addr), 'this machine'), a.pid FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
        "AND l.classid = ((?::bigint >> 32) & 4294967295)::oid AND l.objid = (?::bigint & 4294967295)::oid "
        "LIMIT 1", (key, key)).fetchone()
    return SessionLockHolder(*holder) if holder else None
