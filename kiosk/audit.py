"""Append-only audit log whose rows are chained by SHA-256, so later edits or removals show up.

Each row stores ``prev_hash`` (the previous row's hash, or 64 zeros for the first) and
``hash = sha256(prev_hash + canonical JSON of {at_utc, actor, action, detail})``. Changing any row
breaks its own hash; removing one breaks its successor's link. The database adds triggers that
abort UPDATE and DELETE on ``audit_log`` and a UNIQUE ``(kiosk_id, prev_hash)`` so a chain cannot fork.

Kiosks sharing one database each keep their own chain (rows interleave by id; each links to its own
kiosk's previous row). Removing a kiosk's newest rows leaves no broken link, so every append also
counts the kiosk's rows in ``change_counters`` (``audit_rows:<kiosk>``, in the same transaction):
fewer rows than counted means rows were removed from the end. SQLite also keeps ``sqlite_sequence``
(ids without gaps). The chain proves integrity inside the database only: someone who can rewrite the
whole database can rebuild it, which is why exports carry the head hash.

On the hospital's PostgreSQL, a row that cannot be written because the database is away goes to the
kiosk's outbox (``kiosk.storage.outbox``) and joins this kiosk's chain at the end when it is forwarded;
while older rows wait there, new ones queue behind them, so the kiosk's chain keeps their order. A
row written inside a caller's transaction is never queued: it stands or falls with that transaction.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk import audit_store
from kiosk.audit_store import AuditEntry
from kiosk.clock import Clock, from_utc_text, to_local, to_utc_text
from kiosk.storage import Database, DatabaseUnavailable, engine_of, in_transaction, joined_transaction, lock
from kiosk.storage.outbox import Outbox

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
OUTBOX_KIND = "audit"
ROW_COUNTER = "audit_rows:"  # + kiosk id: in change_counters, how many rows that kiosk's chain was given


@dataclass(frozen=True)
class ChainReport:
    """Result of ``AuditLog.verify``; ``first_broken_id`` is the first row that fails its check."""

    ok: bool
    checked: int
    first_broken_id: int | None
    reason: str


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, real UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def chain_hash(prev_hash: str, at_utc: str, actor: str, action: str, detail: dict[str, Any]) -> str:
    fields = {"at_utc": at_utc, "actor": actor, "action": action, "detail": detail}
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


class AuditLog:
    """Records who did what; every staff action and every money movement goes through here."""

    def __init__(self, db: Database, clock: Clock, kiosk_id: str = "", outbox: Outbox | None = None) -> None:
        self._db = db
        self._clock = clock
        self.kiosk_id = kiosk_id
        self.outbox = outbox
        if outbox is not None:
            outbox.register(OUTBOX_KIND, self.forward_queued)

    def record(self, actor: str, action: str, detail: dict[str, Any]) -> AuditEntry:
        """Append one row. Threads sharing the connection and other processes are serialised."""
        if not actor or not action:
            raise ValueError("an audit entry needs both an actor and an action")
        if not isinstance(detail, dict):
            raise TypeError(f"audit detail must be a dict, got {type(detail).__name__}")
        detail = json.loads(canonical_json(detail))  # what we hash is exactly what we can read back
        at_utc = to_utc_text(self._clock.now())
        queueable = self.outbox is not None and not in_transaction(self._db)
        if queueable and not getattr(self._db, "available", True):
            # Known to be away: no connection attempt on the caller's thread (the GUI thread ends
            # sessions); the background job reconnects and forwards.
            return self._queue(at_utc, actor, action, detail, self._db.down_reason)
        if queueable and self.outbox.holds(OUTBOX_KIND):
            # Behind the older rows (the background job forwards them all, in order): the kiosk's chain
            # keeps the order things happened, and no caller waits for that.
            return self._queue(at_utc, actor, action, detail, "older rows are still waiting")
        try:
            with joined_transaction(self._db) as db:  # a rental's row commits with the rental
                row_id, prev_hash, row_hash = self._append(db, self.kiosk_id, at_utc, actor, action, detail)
        except DatabaseUnavailable as error:
            if not queueable:
                raise
            # Even when the COMMIT's answer was lost, forwarding finds the row if it was saved after all.
            return self._queue(at_utc, actor, action, detail, str(error))
        log.info("%s by %s", action, actor.split(":")[0], extra={"event": action})
        return AuditEntry(row_id, from_utc_text(at_utc), actor, action, detail, prev_hash, row_hash)

    def forward_queued(self, db: Database, payload: dict[str, Any]) -> None:
        """The outbox's forwarder: append a queued row at the end of its kiosk's chain, once."""
        kiosk_id, at_utc, actor, action = payload["kiosk_id"], payload["at_utc"], payload["actor"], payload["action"]
        detail_json = canonical_json(payload["detail"])
        lock(db, f"audit:{kiosk_id}")
        if not audit_store.holds_row(db, kiosk_id, at_utc, actor, action, detail_json):
            self._append(db, kiosk_id, at_utc, actor, action, payload["detail"])

    def _queue(self, at_utc: str, actor: str, action: str, detail: dict[str, Any], reason: str) -> AuditEntry:
        self.outbox.put(OUTBOX_KIND, {"kiosk_id": self.kiosk_id, "at_utc": at_utc, "actor": actor, "action": action,
                                      "detail": detail}, reason)
        return AuditEntry(0, from_utc_text(at_utc), actor, action, detail, "", "", queued=True)

    def _append(self, db: Database, kiosk_id: str, at_utc: str, actor: str, action: str,
                detail: dict[str, Any]) -> tuple[int, str, str]:
        lock(db, f"audit:{kiosk_id}")
        prev_hash = self._head(db, kiosk_id)
        row_hash = chain_hash(prev_hash, at_utc, actor, action, detail)
        row_id = audit_store.insert_row(db, kiosk_id, at_utc, actor, action, canonical_json(detail), prev_hash, row_hash)
        counter = ROW_COUNTER + kiosk_id
        if not audit_store.bump_row_counter(db, counter):
            # The first append since counting began counts the chain so far, this row included (once:
            # the audit lock is held, so no other append of this kiosk can insert the counter meanwhile).
            audit_store.start_row_counter(db, counter, kiosk_id)
        return row_id, prev_hash, row_hash

    def verify(self) -> ChainReport:
        """Walk every kiosk's chain in id order and report the first row that does not check out.

        On SQLite ids are issued without gaps, so a gap is a removed row; PostgreSQL's identity skips
        the ids of rolled-back inserts, so there the chains' links find a removed row. On both, a
        chain with fewer rows than its kiosk counted (``audit_rows:<kiosk>``) lost its newest rows."""
        expected = {}  # kiosk -> the hash its next row must name
        previous = {}  # kiosk -> its last row id
        rows_of = {}  # kiosk -> rows seen
        previous_id = 0
        checked = 0
        ids_without_gaps = engine_of(self._db) == "sqlite"
        for row in audit_store.all_rows(self._db):
            row_id, kiosk, prev_hash = row.id, row.kiosk_id, row.prev_hash
            expected_prev = expected.get(kiosk, GENESIS_HASH)
            checked += 1
            if ids_without_gaps and row_id != previous_id + 1:
                missing = f"{previous_id + 1}" if row_id == previous_id + 2 else f"{previous_id + 1}–{row_id - 1}"
                return ChainReport(False, checked, row_id, f"row(s) {missing} before row {row_id} were removed")
            if prev_hash != expected_prev:
                if kiosk in previous:
                    return ChainReport(False, checked, row_id,
                                       f"row {row_id} does not follow row {previous[kiosk]}{_of(kiosk)}: a row between "
                                       "them was removed, or one of the two was rewritten")
                return ChainReport(False, checked, row_id,
                                   f"row {row_id} does not follow row 0: earlier rows{_of(kiosk)} were removed")
            try:
                detail = json.loads(row.detail_json)
            except ValueError:
                return ChainReport(False, checked, row_id, f"row {row_id} has an unreadable detail")
            if chain_hash(prev_hash, row.at_utc, row.actor, row.action, detail) != row.hash:
                return ChainReport(False, checked, row_id, f"row {row_id} was changed after it was written")
            expected[kiosk] = row.hash
            previous[kiosk] = previous_id = row_id
            rows_of[kiosk] = rows_of.get(kiosk, 0) + 1
        if ids_without_gaps:
            issued = audit_store.last_issued_id(self._db)
            if issued and issued > previous_id:
                return ChainReport(
                    False, checked, previous_id + 1, f"rows after row {previous_id} (up to {issued}) were removed"
                )
        for name, written in audit_store.row_counters(self._db, ROW_COUNTER):
            kiosk = name[len(ROW_COUNTER):]
            found = rows_of.get(kiosk, 0)
            if written > found:
                last = previous.get(kiosk, 0)
                return ChainReport(False, checked, last + 1 if ids_without_gaps else last or None,
                                   f"the newest {written - found} of {written} rows{_of(kiosk)} were removed "
                                   f"(its chain now ends at row {last})")
        return ChainReport(True, checked, None, f"all {checked} rows intact")

    def entries(
        self,
        limit: int = 100,
        action: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        kiosk_id: str | None = None,
    ) -> list[AuditEntry]:
        """Newest first, optionally filtered by exact action, exact actor, time (inclusive) and kiosk
        (``None``: every kiosk sharing the database; ``audit.kiosk_id``: this kiosk's own chain)."""
        return audit_store.newest_entries(self._db, limit, kiosk_id=kiosk_id, action=action, actor=actor,
                                          since_utc=None if since is None else to_utc_text(since))

    def head_hash(self) -> str:
        """This kiosk's newest row's hash: write it down (report, paper) to anchor the chain outside the database."""
        return self._head(self._db, self.kiosk_id)

    def _head(self, db: Database, kiosk_id: str) -> str:
        return audit_store.newest_hash(db, kiosk_id) or GENESIS_HASH

    def export_csv(self, path: str | Path) -> int:
        """Write this kiosk's chain, oldest first, with local time added; returns the number of rows.

        Written to a temporary file and renamed, so a reader never sees half an export.
        """
        path = Path(path)
        temporary = path.with_name(path.name + ".partial")
        count = 0
        with open(temporary, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "at_utc", "at_local", "actor", "action", "detail_json", "prev_hash", "hash"])
            for row in audit_store.chain_rows(self._db, self.kiosk_id):
                local = to_local(from_utc_text(row.at_utc)).isoformat(timespec="seconds")
                writer.writerow([row.id, row.at_utc, local, row.actor, row.action, row.detail_json, row.prev_hash,
                                 row.hash])
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return count


def _of(kiosk: str) -> str:
    return f" of kiosk {kiosk}" if kiosk else ""
