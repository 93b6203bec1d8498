"""Same-day registration (当日挂号): demo HIS sessions and places on real SQLite files, with fixed clocks."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from kiosk.bootstrap import bootstrap
from kiosk.checkin.registration import registration_key
from kiosk.clock import FixedClock
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.his.demo_registration import earliest_slot_time
from kiosk.his.port import (
    AlreadyRegistered,
    AppointmentStatus,
    ChargeStatus,
    DepartmentClosed,
    DoctorNotAvailable,
    HisError,
    HisPort,
    InsuranceCategory,
    ItemClass,
    SessionOver,
    SlotFull,
)
from kiosk.storage import open_database

TODAY = date(2026, 11, 22)


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    seed_demo_hospital(database, TODAY)
    yield database
    database.close()


def hospital_at(db, hour: int, minute: int = 0) -> DemoHospital:
    return DemoHospital(db, FixedClock.at_local(2026, 11, 22, hour, minute))


def slot_of(his: DemoHospital, doctor_id: str, session: str = "morning"):
    return next(s for s in his.open_slots(doctor_id.rsplit("-", 1)[0], TODAY)
                if s.doctor_id == doctor_id and s.session == session)


def test_the_demo_hospital_still_is_a_his_port(db):
    assert isinstance(hospital_at(db, 9), HisPort)


@pytest.mark.parametrize("wall_clock, expected", [
    ((7, 0), time(8, 0)), ((10, 0), time(10, 0)), ((10, 10), time(10, 30)), ((10, 31), time(11, 0)),
])
def test_the_time_offered_is_the_next_half_hour_not_yet_past(db, wall_clock, expected):
    his = hospital_at(db, *wall_clock)
    assert slot_of(his, "CARD-2").time == expected
    assert slot_of(his, "CARD-2", "afternoon").time == time(13, 30)


def test_slots_carry_doctor_title_fee_and_the_places_left(db):
    his = hospital_at(db, 9)
    slots = his.open_slots("CARD", TODAY)
    assert [s.session for s in slots] == sorted((s.session for s in slots), key=["morning", "afternoon"].index)
    chief = slot_of(his, "CARD-1")
    assert (chief.title_en, chief.title_zh, chief.fee_fen) == ("Chief Physician", "主任医师", 5000)
    places = db.execute("SELECT places FROM doctor_sessions WHERE doctor_id = 'CARD-1' AND day = ? "
                        "AND session = 'morning'", (TODAY.isoformat(),)).fetchone()[0]
    taken = db.execute("SELECT count(*) FROM appointments WHERE doctor_id = 'CARD-1' AND day = ? AND status != "
                       "'cancelled' AND slot_time <= '11:30'", (TODAY.isoformat(),)).fetchone()[0]
    assert chief.remaining == places - taken > 0
    assert his.open_slots("LAB", TODAY) == [] and his.open_slots("CARD", date(2026, 11, 21)) == []


def test_register_books_an_appointment_and_puts_the_fee_on_the_bill(db):
    his = hospital_at(db, 10, 10)
    slot = slot_of(his, "CARD-2")
    before = his.unpaid_charges("DEMO-003")
    appointment = his.register("DEMO-003", "CARD-2", TODAY, slot.time, "key-1")
    assert (appointment.department_code, appointment.status, appointment.day) == (
        "CARD", AppointmentStatus.BOOKED, TODAY)
    assert appointment.slot_time == time(10, 30) and appointment.doctor_name == slot.doctor_name
    assert his.appointments_on("DEMO-003", TODAY) == [appointment]
    (new_charge,) = [c for c in his.unpaid_charges("DEMO-003") if c not in before]
    assert (new_charge.item_class, new_charge.amount_fen, new_charge.status) == (
        ItemClass.REGISTRATION, slot.fee_fen, ChargeStatus.UNPAID)
    assert new_charge.insurance_category is InsuranceCategory.A and "Cardiology" in new_charge.description_en
    assert slot_of(his, "CARD-2").remaining == slot.remaining - 1


def test_the_same_key_returns_the_same_appointment_and_charges_once_even_after_a_restart(db, db_path):
    his = hospital_at(db, 9)
    first = his.register("DEMO-003", "CARD-2", TODAY, time(9, 0), "key-1")
    again = his.register("DEMO-003", "CARD-2", TODAY, time(9, 0), "key-1")
    reopened = open_database(db_path)
    try:
        third = DemoHospital(reopened, FixedClock.at_local(2026, 11, 22, 9, 5)).register(
            "DEMO-003", "CARD-2", TODAY, time(9, 0), "key-1")
    finally:
        reopened.close()
    assert first == again == third
    registrations = [c for c in his.unpaid_charges("DEMO-003") if c.item_class is ItemClass.REGISTRATION]
    assert len(registrations) == 1
    with pytest.raises(HisError, match="another patient"):
        his.register("DEMO-001", "CARD-2", TODAY, time(9, 0), "key-1")


def test_a_second_registration_with_the_same_department_today_is_refused(db):
    his = hospital_at(db, 9)
    with pytest.raises(AlreadyRegistered, match="already have an appointment"):
        his.register("DEMO-001", "CARD-3", TODAY, time(9, 0), "key-card")  # DEMO-001 is booked at CARD 09:00
    his.register("DEMO-003", "IM-2", TODAY, time(9, 0), "key-a")
    with pytest.raises(AlreadyRegistered):
        his.register("DEMO-003", "IM-3", TODAY, time(13, 30), "key-b")
    his.register("DEMO-003", "DERM-2", TODAY, time(9, 0), "key-c")  # another department is fine


def test_a_full_session_is_refused_and_no_longer_offered(db):
    his = hospital_at(db, 9)
    slot = slot_of(his, "CARD-2")
    db.execute("UPDATE doctor_sessions SET places = places - ? WHERE doctor_id = 'CARD-2' AND session = 'morning'",
               (slot.remaining,))
    db.conn.commit()
    assert all(not (s.doctor_id == "CARD-2" and s.session == "morning") for s in his.open_slots("CARD", TODAY))
    with pytest.raises(SlotFull, match="no places left"):
        his.register("DEMO-003", "CARD-2", TODAY, time(9, 0), "key-full")
    assert his.appointments_on("DEMO-003", TODAY) == []
    assert not [c for c in his.unpaid_charges("DEMO-003") if c.item_class is ItemClass.REGISTRATION]


def test_across_noon_the_morning_closes_and_the_afternoon_stays_open(db):
    before_noon = hospital_at(db, 11, 29)
    assert slot_of(before_noon, "CARD-2").time == time(11, 30)
    after = hospital_at(db, 11, 31)
    assert {s.session for s in after.open_slots("CARD", TODAY)} == {"afternoon"}
    with pytest.raises(SessionOver, match="morning session is over"):
        after.register("DEMO-003", "CARD-2", TODAY, time(11, 30), "key-late")
    lunch = hospital_at(db, 12, 10)
    appointment = lunch.register("DEMO-003", "CARD-2", TODAY, time(13, 30), "key-pm")
    assert appointment.slot_time == time(13, 30)


def test_a_time_that_passed_while_the_patient_read_is_moved_to_the_next_half_hour(db):
    his = hospital_at(db, 10, 40)
    appointment = his.register("DEMO-003", "CARD-2", TODAY, time(10, 30), "key-slow")
    assert appointment.slot_time == time(11, 0)


def test_after_the_afternoon_session_the_department_is_closed(db):
    his = hospital_at(db, 16, 45)
    assert his.open_slots("CARD", TODAY) == []
    with pytest.raises(DepartmentClosed, match="come back tomorrow"):
        his.register("DEMO-003", "CARD-2", TODAY, time(16, 30), "key-closed")


def test_other_days_and_unknown_doctors_are_refused_in_plain_words(db):
    his = hospital_at(db, 9)
    with pytest.raises(DoctorNotAvailable, match="today"):
        his.register("DEMO-003", "CARD-2", date(2026, 11, 23), time(9, 0), "key-tomorrow")
    with pytest.raises(DoctorNotAvailable, match="no doctor"):
        his.register("DEMO-003", "LAB-1", TODAY, time(9, 0), "key-lab")
    with pytest.raises(DoctorNotAvailable, match="does not see patients"):
        his.register("DEMO-003", "CARD-2", TODAY, time(12, 30), "key-noon")


def test_today_and_times_are_asia_shanghai_not_utc(db):
    # 16:30 UTC on the 21st is 00:30 on the 22nd in Shanghai: today's clinics, from their first slot
    his = DemoHospital(db, FixedClock(datetime(2026, 11, 21, 16, 30, tzinfo=timezone.utc)))
    assert slot_of(his, "CARD-2").time == time(8, 0)
    with pytest.raises(DoctorNotAvailable):
        his.register("DEMO-003", "CARD-2", date(2026, 11, 21), time(9, 0), "key-utc-day")
    # 03:45 UTC is 11:45 in Shanghai: the morning is over although UTC says it has not begun
    late_morning = DemoHospital(db, FixedClock(datetime(2026, 11, 22, 3, 45, tzinfo=timezone.utc)))
    assert {s.session for s in late_morning.open_slots("CARD", TODAY)} == {"afternoon"}
    assert earliest_slot_time(datetime(2026, 11, 22, 2, 10, tzinfo=timezone.utc)) == time(10, 30)


def test_an_older_file_gets_the_day_s_doctor_sessions_without_changing_its_other_rows(db):
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("appointments", "charges")}
    db.execute("DELETE FROM doctor_sessions")
    db.conn.commit()
    assert seed_demo_hospital(db, TODAY) is True
    assert db.execute("SELECT count(*) FROM doctor_sessions").fetchone()[0] > 0
    assert {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts} == counts
    assert seed_demo_hospital(db, TODAY) is False


@pytest.fixture
def morning_services(kiosk_config):
    built = bootstrap(kiosk_config, FixedClock.at_local(2026, 11, 22, 9, 0))
    yield built
    built.close()


def test_register_and_check_in_prints_one_ticket_and_leaves_the_fee_unpaid(morning_services):
    services = morning_services
    registration = services.checkin.registration
    choices = registration.choices("DEMO-003")
    assert not choices.closed_for_today and all(c.open_places > 0 for c in choices.departments)
    assert len(choices.departments) == 10 and not any(c.already_registered for c in choices.departments)
    slot = next(s for s in registration.slots("ENDO") if s.session == "morning")
    key = registration_key("session-1", slot)
    result = registration.register_and_check_in("DEMO-003", slot, key)
    again = registration.register_and_check_in("DEMO-003", slot, key)
    assert result.ticket.number == again.ticket.number and result.printed
    assert result.appointment.checked_in and result.appointment.department.code == "ENDO"
    printer = services.devices.device("receipt_printer")
    assert len(printer.jobs) == 1 and result.ticket.number.encode() in printer.jobs[0].data
    fees = [c for c in services.his.unpaid_charges("DEMO-003") if c.item_class is ItemClass.REGISTRATION]
    assert [c.amount_fen for c in fees] == [slot.fee_fen]
    unpaid = services.his.unpaid_charges("DEMO-003")  # the registration fee included, after insurance
    assert result.visit.unpaid_fen == services.payments.insurance.estimate_cash(services.his.patient("DEMO-003"), unpaid)
    assert next(c for c in registration.choices("DEMO-003").departments
                if c.department.code == "ENDO").already_registered
    actions = [row[0] for row in services.db.execute(
        "SELECT action FROM audit_log WHERE action LIKE 'checkin.regist%' ORDER BY id")]
    assert actions[:2] == ["checkin.registration_requested", "checkin.registered"]


def test_after_the_last_session_the_kiosk_says_closed_for_today(kiosk_config):
    services = bootstrap(kiosk_config, FixedClock.at_local(2026, 11, 22, 17, 0))
    try:
        choices = services.checkin.registration.choices("DEMO-003")
        assert choices.closed_for_today and not any(c.open_places for c in choices.departments)
    finally:
        services.close()
