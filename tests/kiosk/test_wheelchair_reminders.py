"""Overdue reminders: an outbox on a real database (SQLite file or PostgreSQL), sent through the demo hospital's HIS port."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock, to_utc_text
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.his.port import InsuranceType, Patient, Sex
from kiosk.storage import open_database
from kiosk.wheelchair.fleet import ChairState, Fleet
from kiosk.wheelchair.pricing import RentalMode, RentalTerms
from kiosk.wheelchair.reminders import OverdueReminders
from kiosk.wheelchair.rentals import RentalService


class Kiosk:
    def __init__(self, path, clock, kiosk_id="LOBBY-1"):
        self.db = open_database(path, kiosk_id=kiosk_id)
        seed_demo_hospital(self.db, clock.today())
        audit = AuditLog(self.db, clock, kiosk_id)
        self.his = DemoHospital(self.db, clock)
        self.fleet = Fleet(self.db, clock, audit)
        self.rentals = RentalService(self.db, clock, audit, self.fleet, self.his, RentalTerms(), kiosk_id)
        self.reminders = OverdueReminders(self.db, clock, self.rentals, self.his)

    def take_home(self, chair_id, patient, days=1):
        self.fleet.register(chair_id)
        return self.rentals.rent(chair_id, patient, key=f"rent:{chair_id}", mode=RentalMode.HOME_USE,
                                 home_use_days=days)


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 22, 9, 0)


@pytest.fixture
def kiosk(database_target, clock):
    built = Kiosk(database_target, clock)
    yield built
    built.db.close()


def test_an_overdue_home_use_chair_sends_one_reminder_a_day_with_the_fee_so_far(kiosk, clock):
    rental = kiosk.take_home("WC-012", kiosk.his.patient("DEMO-001"))
    assert kiosk.reminders.sweep().queued == 0 and kiosk.reminders.notice_for("DEMO-001") is None  # not due yet

    clock.advance(timedelta(days=1, hours=2))
    kiosk.rentals.sweep_overdue()
    report = kiosk.reminders.sweep()
    assert (report.queued, report.sent, report.still_pending) == (1, 1, 0)
    assert kiosk.fleet.chair("WC-012").state is ChairState.OVERDUE
    assert kiosk.his.patient_messages("DEMO-001") == [(
        "您租用的轮椅 WC-012 应于 11-23 09:00 归还，已超时。请到任一停靠点或自助机归还；目前费用 20.00 元。",
        "Wheelchair WC-012 was due back on 11-23 09:00. Please return it at any dock or kiosk; fee so far 20.00 元.")]
    notice = kiosk.reminders.notice_for("DEMO-001")
    assert (notice.chair_id, notice.due_text, notice.fee_so_far_fen) == ("WC-012", "11-23 09:00", 2000)

    clock.advance(timedelta(hours=3))  # the same hospital day: sweeping again sends nothing new
    assert kiosk.reminders.sweep().queued == 0
    assert len(kiosk.his.patient_messages("DEMO-001")) == 1

    clock.advance(timedelta(days=1))
    assert kiosk.reminders.sweep().sent == 1
    assert kiosk.reminders.reminders(rental.id) == [("2026-11-23", "sent", 1), ("2026-11-24", "sent", 1)]
    assert "30.00 元" in kiosk.his.patient_messages("DEMO-001")[-1][0]

    kiosk.rentals.return_chair("WC-012")
    clock.advance(timedelta(days=1))
    assert kiosk.reminders.sweep().queued == 0 and kiosk.reminders.notice_for("DEMO-001") is None
    assert len(kiosk.his.patient_messages("DEMO-001")) == 2


def test_two_kiosks_sweeping_the_same_database_remind_once(database_target, clock):
    first, second = Kiosk(database_target, clock), Kiosk(database_target, clock, kiosk_id="WARD-2")
    try:
        first.take_home("WC-020", first.his.patient("DEMO-002"))
        clock.advance(timedelta(days=2))
        reports = [first.reminders.sweep(), second.reminders.sweep(), first.reminders.sweep()]
        assert sum(report.queued for report in reports) == 1 and sum(report.sent for report in reports) == 1
        assert len(second.his.patient_messages("DEMO-002")) == 1
    finally:
        first.db.close()
        second.db.close()


def test_kiosks_sweeping_at_the_same_moment_queue_and_send_each_reminder_once(database_target, clock):
    """The hospital-wide sweep needs no lease: four kiosks (own connections) sweep at once."""
    import threading

    kiosks = [Kiosk(database_target, clock, kiosk_id=f"LOBBY-{n}") for n in range(4)]
    try:
        for chair, patient in (("WC-031", "DEMO-001"), ("WC-032", "DEMO-002")):
            kiosks[0].take_home(chair, kiosks[0].his.patient(patient))
        clock.advance(timedelta(days=2))
        start, reports, errors = threading.Barrier(len(kiosks)), [], []

        def sweep(kiosk):
            start.wait()
            try:
                reports.append(kiosk.reminders.sweep())
            except Exception as error:  # collected so the test names it
                errors.append(error)

        threads = [threading.Thread(target=sweep, args=(kiosk,)) for kiosk in kiosks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(report.queued for report in reports) == 2 and sum(report.sent for report in reports) == 2
        assert [len(kiosks[3].his.patient_messages(p)) for p in ("DEMO-001", "DEMO-002")] == [1, 1]
    finally:
        for kiosk in kiosks:
            kiosk.db.close()


def test_a_hospital_that_refuses_leaves_the_reminder_waiting_for_the_next_sweep(kiosk, clock):
    unknown_to_the_hospital = Patient("GHOST-1", "王五", "", "", date(1950, 1, 1), Sex.MALE, InsuranceType.SELF_PAY, 700)
    rental = kiosk.take_home("WC-030", unknown_to_the_hospital)
    clock.advance(timedelta(days=1, minutes=1))
    report = kiosk.reminders.sweep()
    assert (report.queued, report.sent, report.still_pending) == (1, 0, 1)
    assert kiosk.reminders.reminders(rental.id) == [("2026-11-23", "pending", 1)]
    assert kiosk.reminders.sweep().still_pending == 1
    assert kiosk.reminders.reminders(rental.id) == [("2026-11-23", "pending", 2)]


def test_a_kiosk_that_stopped_mid_send_is_taken_over_and_the_patient_gets_it_once(kiosk, clock):
    rental = kiosk.take_home("WC-040", kiosk.his.patient("DEMO-003"))
    clock.advance(timedelta(days=1, hours=1))
    assert kiosk.reminders.queue_due() == 1
    zh, en = kiosk.db.execute("SELECT text_zh, text_en FROM wheelchair_reminders").fetchone()
    # The stopped kiosk had claimed the row and the hospital had the message; "sent" was never written.
    kiosk.db.execute("UPDATE wheelchair_reminders SET state = 'sending', attempts = 1, updated_utc = ?",
                     (to_utc_text(clock.now()),))
    kiosk.db.conn.commit()
    kiosk.his.send_patient_message("DEMO-003", zh, en, key=f"wheelchair-overdue:{rental.id}:2026-11-23")
    assert kiosk.reminders.send_pending() == (0, 1)  # a fresh claim is left alone
    clock.advance(timedelta(minutes=11))
    assert kiosk.reminders.send_pending() == (1, 0)
    assert kiosk.his.patient_messages("DEMO-003") == [(zh, en)]
    assert kiosk.reminders.reminders(rental.id) == [("2026-11-23", "sent", 2)]
