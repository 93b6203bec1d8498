"""Same-day registration (当日挂号) in the demo hospital: doctor sessions, places, and the registration charge.

A doctor works a session (morning 08:00-11:30, afternoon 13:30-16:30 as slot times) with a number
of places; every booked or checked-in appointment in that session takes one. The time offered is the
next half hour not yet past on the hospital's wall clock, so at 11:40 only afternoons are open and
after 16:30 the clinics are closed for the day. A registration is written in one transaction with
its idempotency key, so a retried request returns the first appointment and never charges twice.
"""
from __future__ import annotations

from datetime import date, datetime, time

from kiosk.clock import Clock, to_local
from kiosk.his import demo_billing_store, demo_schedule_store, demo_store
from kiosk.his.catalog import REGISTRATION_ITEM, SLOT_MINUTES
from kiosk.his.port import (
    AlreadyRegistered,
    AppointmentStatus,
    ChargeStatus,
    DepartmentClosed,
    DoctorNotAvailable,
    HisError,
    NewCharge,
    PatientNotFound,
    SessionOver,
    Slot,
    SlotFull,
)
from kiosk.storage import Database, lock, write_transaction


def earliest_slot_time(now: datetime) -> time:
    """The next slot boundary at or after ``now`` on the hospital's wall clock (10:10 → 10:30, 10:00 → 10:00)."""
    local = to_local(now)
    minutes = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
    minutes = -(-minutes // SLOT_MINUTES) * SLOT_MINUTES
    if minutes >= 24 * 60:
        return time(23, 59)
    return time(minutes // 60, minutes % 60)


def open_slots(db: Database, clock: Clock, department_code: str, day: date) -> list[Slot]:
    """The sessions of ``day`` in this department that still have places, morning first, by doctor."""
    today = clock.today()
    if day < today:
        return []
    not_before = earliest_slot_time(clock.now()) if day == today else time(0, 0)
    slots = []
    for session in demo_schedule_store.clinic_sessions_on(db, department_code, day):
        offered = max(time.fromisoformat(session.first_slot), not_before)
        if offered > time.fromisoformat(session.last_slot):
            continue
        taken = demo_schedule_store.places_taken(db, session.doctor_id, day, session.first_slot, session.last_slot)
        if session.places - taken > 0:
            slots.append(Slot(session.doctor_id, session.doctor_name, session.department_code, session.title_zh,
                              session.title_en, session.session, offered, session.fee_fen, session.places - taken))
    return slots


def register(db: Database, clock: Clock, patient_id: str, doctor_id: str, day: date,
             slot_time: time, idempotency_key: str) -> str:
    """Book and charge in one transaction; returns the appointment id (the same one for a repeated key).

    The day's registrations take turns (``lock``): the places left, "already registered" and the
    registration's number are read and then written, which kiosks sharing one database must not interleave."""
    with write_transaction(db) as tx:
        lock(tx, f"demo-registration:{day.isoformat()}")
        earlier = demo_schedule_store.registration_by_key(tx, idempotency_key)
        if earlier is not None:
            if earlier.patient_id != patient_id:
                raise HisError("this registration request belongs to another patient")
            return earlier.appointment_id
        if not demo_store.patient_exists(tx, patient_id):
            raise PatientNotFound(f"no patient with id {patient_id}")
        doctor = demo_schedule_store.doctor_for_registration(tx, doctor_id)
        if doctor is None:
            raise DoctorNotAvailable(f"there is no doctor {doctor_id} in this hospital")
        today = clock.today()
        if day != today:
            raise DoctorNotAvailable(f"registration here is for today ({today.isoformat()}) only")
        not_before = earliest_slot_time(clock.now())
        department_last = demo_schedule_store.last_slot_of_department(tx, doctor.department_code, day)
        if not doctor.is_clinic or department_last is None or not_before > time.fromisoformat(department_last):
            raise DepartmentClosed(
                f"{doctor.department_en} takes no more registrations today; please come back tomorrow")
        if demo_schedule_store.has_appointment_in_department(tx, patient_id, day, doctor.department_code):
            raise AlreadyRegistered(f"you already have an appointment with {doctor.department_en} today")
        session = demo_schedule_store.session_at(tx, doctor_id, day, slot_time.strftime("%H:%M"))
        if session is None:
            raise DoctorNotAvailable(f"{doctor.name} does not see patients at {slot_time:%H:%M} today")
        if not_before > time.fromisoformat(session.last_slot):
            raise SessionOver(f"the {session.session} session is over; please choose a later time")
        if demo_schedule_store.places_taken(tx, doctor_id, day, session.first_slot, session.last_slot) >= session.places:
            raise SlotFull(f"{doctor.name} has no places left this {session.session}; please choose another time")
        # Time moves on while the patient reads: the appointment gets the first time not yet past.
        booked_time = max(slot_time, time.fromisoformat(session.first_slot), not_before)
        number = 1 + demo_schedule_store.registrations_on(tx, day)
        appointment_id, charge_id = f"A{day:%Y%m%d}-R{number:04d}", f"C{day:%Y%m%d}-R{number:04d}"
        item_class, zh, en, category = REGISTRATION_ITEM
        demo_store.add_appointment(tx, appointment_id, patient_id, doctor.department_code, doctor_id, doctor.name, day,
                                   booked_time, AppointmentStatus.BOOKED)
        demo_billing_store.add_charge(tx, NewCharge(
            charge_id, patient_id, day, item_class, f"{zh}（{doctor.department_zh}）", f"{en} ({doctor.department_en})",
            doctor.fee_fen, category), ChargeStatus.UNPAID)
        demo_schedule_store.add_registration(tx, idempotency_key, patient_id, appointment_id, charge_id, clock.now())
        return appointment_id
