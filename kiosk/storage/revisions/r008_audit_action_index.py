"""Schema revision 8: audit action index."""
from __future__ import annotations

from kiosk.storage.database import Database


def upgrade(db: Database) -> None:
    """Help alerts and the staff audit filter look rows up by action; without this they scan the log."""
    db.execute("CREATE INDEX audit_log_by_action ON audit_log (action, at_utc)")
