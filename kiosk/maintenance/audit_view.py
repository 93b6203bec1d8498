"""The audit log as staff browse it: filter by kind of action and period, verify, export to CSV.

Categories are the action prefixes actually present (``staff``, ``help``, ``kiosk``, ``payment`` …),
so actions added by later features can be filtered without a code change here.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from kiosk import audit_store
from kiosk.audit import AuditEntry, AuditLog, ChainReport
from kiosk.clock import HOSPITAL_ZONE, Clock, to_local, to_utc_text

PERIODS = ("today", "week", "all")
PAGE_ROWS = 50
USB_MOUNT_PATTERNS = ("/media/*/*", "/run/media/*/*", "/media/usb*", "/mnt/usb*")


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]  # newest first, at most PAGE_ROWS
    total: int  # rows matching the filter


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    head_hash: str
    chain: ChainReport


class AuditBrowser:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog, export_folder: Path,
                 kiosk_id: str) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit
        self.export_folder = export_folder
        self._kiosk_id = kiosk_id

    def categories(self) -> list[str]:
        """The distinct action prefixes in the log, sorted."""
        actions = audit_store.actions(self._db, self._kiosk_id)
        return sorted({action.split(".", 1)[0] for action in actions if action.split(".", 1)[0]})

    def page(self, category: str | None = None, period: str = "all", limit: int = PAGE_ROWS) -> AuditPage:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}")
        since = self._since(period)
        total, entries = audit_store.page(self._db, self._kiosk_id, category,
                                          None if since is None else to_utc_text(since), limit)
        return AuditPage(entries, total)

    def verify(self, actor: str) -> ChainReport:
        report = self._audit.verify()
        self._audit.record(actor, "maintenance.audit_verified",
                           {"ok": report.ok, "checked": report.checked, "first_broken_id": report.first_broken_id})
        return report

    def export(self, folder: Path, actor: str) -> ExportResult:
        """Verify, then write every row to ``folder/audit-<kiosk>-<local time>.csv``; audited."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = to_local(self._clock.now()).strftime("%Y%m%d-%H%M%S")
        path = folder / f"audit-{_safe(self._kiosk_id)}-{stamp}.csv"
        chain = self._audit.verify()
        head = self._audit.head_hash()
        rows = self._audit.export_csv(path)
        self._audit.record(actor, "maintenance.audit_exported",
                           {"path": str(path), "rows": rows, "head_hash": head, "chain_ok": chain.ok})
        return ExportResult(path, rows, head, chain)

    def export_folders(self) -> list[Path]:
        """Mounted USB sticks first (what auditors usually want), then the kiosk's own export folder."""
        found = []
        for pattern in USB_MOUNT_PATTERNS:
            for candidate in sorted(glob.glob(pattern)):
                if os.path.ismount(candidate) and os.access(candidate, os.W_OK):
                    found.append(Path(candidate))
        return [*dict.fromkeys(found), self.export_folder]

    def _since(self, period: str) -> datetime | None:
        if period == "all":
            return None
        local_now = to_local(self._clock.now())
        midnight = datetime(local_now.year, local_now.month, local_now.day, tzinfo=HOSPITAL_ZONE)
        return midnight if period == "today" else midnight - timedelta(days=6)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)
