"""Overdue wheelchairs: reminders to the renter through the hospital, and a notice at the kiosk.

A home-use chair past its due time gets one reminder per hospital day. The reminder is first written
to an outbox (``wheelchair_reminders``, UNIQUE per rental and day, so any number of sweeps by any
number of kiosks queue it once), then claimed (``pending`` → ``sending``) by one kiosk, handed to the
HIS port's ``send_patient_message`` with a key derived from the row, and marked ``sent``. A kiosk that
stops mid-send leaves the row ``sending``; after ``STALE_SENDING`` it is claimed again and sent with the
same key, which the hospital does not deliver twice. A HIS that cannot be reached leaves the row
``pending`` for the next sweep.

The sweep is hospital-wide, yet needs no job lease: the UNIQUE outbox row and the conditional claim
(``UPDATE … WHERE state = 'pending'``, one row or none) already let any number of kiosks sweep at once
without a reminder queued or sent twice (tested with kiosks on one database, both engines).

``OverdueReminders.notice_for(patient_id)`` is what a screen asks after a patient is identified: the
chair they should have brought back, since when, and the fee so far.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from kiosk.clock import Clock, to_local
from kiosk.his.port import HisError, HisPort
from kiosk.money import Fen, format_yuan
from kiosk.storage import write_transaction
from kiosk.wheelchair import reminders_store, store
from kiosk.wheelchair.records import RentalState
from kiosk.wheelchair.rentals import RentalService

log = logging.getLogger(__name__)

STALE_SENDING = timedelta(minutes=10)
MAX_ERROR_TEXT = 200


@dataclass(frozen=True)
class OverdueNotice:
    """What a renter is told: this chair was due back at ``due_at``; the fee if returned now."""

    rental_id: str
    patient_id: str
    chair_id: str
    due_at: datetime
    fee_so_far_fen: Fen

    @property
    def due_text(self) -> str:
        """The due time on the hospital's wall clock, as the slip printed it."""
        return to_local(self.due_at).strftime("%m-%d %H:%M")


@dataclass(frozen=True)
class SweepReport:
    queued: int  # reminders newly written to the outbox (0 when today's were already there)
    sent: int
    still_pending: int  # the HIS could not take them now; the next sweep tries again


def reminder_texts(notice: OverdueNotice) -> tuple[str, str]:
    """The message the patient receives, in Chinese and English (plain words and the next step)."""
    fee = format_yuan(notice.fee_so_far_fen)
    zh = (f"您租用的轮椅 {notice.chair_id} 应于 {notice.due_text} 归还，已超时。"
          f"请到任一停靠点或自助机归还；目前费用 {fee}。")
    en = (f"Wheelchair {notice.chair_id} was due back on {notice.due_text}. "
          f"Please return it at any dock or kiosk; fee so far {fee}.")
    return zh, en


class OverdueReminders:
    """Blocking (SQLite, HIS): the UI calls it through its task runner; the overdue sweep runs it."""

    def __init__(self, db: sqlite_utils.Database, clock: Clock, rentals: RentalService, his: HisPort) -> None:
        self._db = db
        self._clock = clock
        self._rentals = rentals
        self._his = his

    def overdue_notices(self) -> list[OverdueNotice]:
        """Every running home-use rental whose due time has passed, oldest due first."""
        return [self._notice(chair_id) for chair_id in store.overdue_rental_chairs(self._db, self._clock.now())]

    def notice_for(self, patient_id: str) -> OverdueNotice | None:
        """The overdue chair this patient still has, or None (also for a chair not yet due)."""
        rental = self._rentals.open_rental_of(patient_id)
        if rental is None or rental.state is not RentalState.ACTIVE or rental.due_at is None:
            return None
        if rental.due_at >= self._clock.now():
            return None
        return self._notice(rental.chair_id)

    def sweep(self) -> SweepReport:
        """Queue today's reminder for every overdue rental, then send what is waiting."""
        queued = self.queue_due()
        sent, pending = self.send_pending()
        return SweepReport(queued, sent, pending)

    def queue_due(self) -> int:
        now = self._clock.now()
        day = to_local(now).date().isoformat()
        queued = 0
        for notice in self.overdue_notices():
            zh, en = reminder_texts(notice)
            with write_transaction(self._db) as db:
                if reminders_store.queue_reminder(db, notice.rental_id, notice.patient_id, day, zh, en, now):
                    queued += 1
        return queued

    def send_pending(self) -> tuple[int, int]:
        """(sent, still pending). Each row is claimed before the HIS is called, so two kiosks never
        both send it; a claim older than ``STALE_SENDING`` (a kiosk that stopped) is taken over."""
        sent = 0
        for reminder_id in reminders_store.claimable_reminders(self._db, self._clock.now() - STALE_SENDING):
            claim = self._claim(reminder_id)
            if claim is None:
                continue  # another kiosk took it a moment ago
            patient_id, text_zh, text_en, key = claim
            try:
                self._his.send_patient_message(patient_id, text_zh, text_en, key=key)
            except HisError as error:
                log.warning("wheelchair reminder %s not sent yet: %s", key, error)
                self._release(reminder_id, str(error) or type(error).__name__)
                continue
            self._mark(reminder_id, "sent", "")
            sent += 1
        return sent, reminders_store.unsent_reminder_count(self._db)

    def reminders(self, rental_id: str) -> list[tuple[str, str, int]]:
        """(day, state, attempts) of a rental's reminders, oldest first (staff panels and tests)."""
        return reminders_store.reminders_of(self._db, rental_id)

    # Internals ----------------------------------------------------------------------------------------

    def _notice(self, chair_id: str) -> OverdueNotice:
        rental, fee = self._rentals.preview_return(chair_id)
        return OverdueNotice(rental.id, rental.patient_id, rental.chair_id, rental.due_at, fee.total_fen)

    def _claim(self, reminder_id: int) -> tuple[str, str, str, str] | None:
        now = self._clock.now()
        with write_transaction(self._db) as db:
            claim = reminders_store.claim_reminder(db, reminder_id, now, now - STALE_SENDING)
        if claim is None:
            return None
        return claim.patient_id, claim.text_zh, claim.text_en, f"wheelchair-overdue:{claim.rental_id}:{claim.day}"

    def _release(self, reminder_id: int, error: str) -> None:
        self._mark(reminder_id, "pending", error[:MAX_ERROR_TEXT])

    def _mark(self, reminder_id: int, state: str, error: str) -> None:
        with write_transaction(self._db) as db:
            reminders_store.mark_reminder(db, reminder_id, state, error, self._clock.now())
