"""What the operations tools read and probe: a read model over several tables, not one aggregate's store.

The metrics scrape counts chairs (``wheelchairs``), this kiosk's gateway attempts (``payment_attempts``
joined to ``payment_intents``) and its audit actions (``audit_log``); ``onevisit --check`` proves the
hospital's database takes this kiosk's writes with a trial row in ``kiosk_state`` that its caller rolls
back. The reads take any connection with ``execute`` and ``?`` placeholders (the scrape's own read-only
one, on either engine); nothing here decides what a number means.
"""
from __future__ import annotations

from typing import Any

from kiosk.storage import Database


def wheelchairs_by_state(reader: Any) -> list[tuple[str, int]]:
    """``(state, chairs)`` of the hospital's fleet, by state name."""
    return list(reader.execute("SELECT state, count(*) FROM wheelchairs GROUP BY state ORDER BY state"))


def payment_attempts_in(reader: Any, kiosk_id: str, states: tuple[str, ...]) -> int:
    """How many of this kiosk's gateway attempts are in one of ``states``."""
    marks = ",".join("?" * len(states))
    return reader.execute(f"{_KIOSK_ATTEMPTS} IN ({marks})", (kiosk_id, *states)).fetchone()[0]


def failed_payment_attempts(reader: Any, kiosk_id: str) -> int:
    return reader.execute(f"{_KIOSK_ATTEMPTS} = 'failed'", (kiosk_id,)).fetchone()[0]


def checkin_and_help_counts(reader: Any, kiosk_id: str) -> dict[str, int]:
    """This kiosk's ``checkin.checked_in`` and ``help.requested`` audit rows, per action (absent: none)."""
    return dict(reader.execute("SELECT action, count(*) FROM audit_log WHERE kiosk_id = ? AND action IN "
                               "('checkin.checked_in', 'help.requested') GROUP BY action", (kiosk_id,)).fetchall())


def last_audit_write(reader: Any, kiosk_id: str) -> str | None:
    """``at_utc`` (text) of this kiosk's newest audit row; None when it wrote none."""
    row = reader.execute("SELECT max(at_utc) FROM audit_log WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
    return row[0] if row and row[0] else None


def write_trial_row(db: Database, kiosk_id: str) -> None:
    """Inside a write transaction the caller rolls back: write this kiosk's ``check.write`` state row."""
    db.execute("INSERT INTO kiosk_state (kiosk_id, key, value, updated_utc) VALUES (?, 'check.write', '', '') "
               "ON CONFLICT (kiosk_id, key) DO UPDATE SET value = excluded.value", (kiosk_id,))


_KIOSK_ATTEMPTS = ("SELECT count(*) FROM payment_attempts a JOIN payment_intents i ON i.id = a.intent_id "
                   "WHERE i.kiosk_id = ? AND a.state")
