"""Same-day registration (当日挂号) in the demo hospital: doctor sessions, places, and the registration charge.

A doctor works a session (morning 08:00-11:30, afternoon 13:30-16:30 as slot times) with a number
of places; every booked or checked-in appointment in that session takes one. The time offered is the
next half hour not yet past on the hospital's wall clock, so at 11:40 only afternoons are open and
after 16:30 the clinics are closed for the day. A registration is written in one transaction with
its idempotency key, so a retried request returns the first appointment and never charges twice.
"""
from __future__ import annotations

from datetime import date, datetime, time


from kiosk.clock import Clock, to_local, to_utc_text
from kiosk.his.catalog import REGISTRATION_ITEM, SLOT_MINUTES
from kiosk.his.port import (
    AlreadyRegistered,
    AppointmentStatus,
    ChargeStatus,
    DepartmentClosed,
    DoctorNotAvailable,
    HisError,
    PatientNotFound,
    SessionOver,
    Slot,
    SlotFull,
)
from kiosk.storage import Database, lock, write_transaction

_SESSION_ORDER = "CASE s.session WHEN 'morning' THEN 0 ELSE 1 END"


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
    rows = db.execute(
        "SELECT s.doctor_id, d.name, d.department_code, d.title_zh, d.title_en, s.session, s.first_slot, "
        "s.last_slot, d.registration_fee_fen, s.places FROM doctor_sessions s JOIN doctors d ON d.id = s.doctor_id "
        "JOIN departments p ON p.code = d.department_code "
        f"WHERE d.department_code = ? AND s.day = ? AND p.is_clinic = 1 ORDER BY {_SESSION_ORDER}, s.doctor_id",
        (department_code, day.isoformat()),
    ).fetchall()
    slots = []
    for doctor_id, name, code, title_zh, title_en, session, first, last, fee, places in rows:
        offered = max(time.fromisoformat(first), not_before)
        if offered > time.fromisoformat(last):
            continue
        remaining = places - _taken(db, doctor_id, day, first, last)
        if remaining > 0:
            slots.append(Slot(doctor_id, name, code, title_zh, title_en, session, offered, fee, remaining))
    return slots


def register(db: Database, clock: Clock, patient_id: str, doctor_id: str, day: date,
             slot_time: time, idempotency_key: str) -> str:
    """Book and charge in one transaction; returns the appointment id (the same one for a repeated key).

    The day's registrations take turns (``lock``): the places left, "already registered" and the
    registration's number are read and then written, which kiosks sharing one database must not interleave."""
    with write_transaction(db) as tx:
        lock(tx, f"demo-registration:{day.isoformat()}")
        earlier = tx.execute("SELECT patient_id, appointment_id FROM registrations WHERE idempotency_key = ?",
                             (idempotency_key,)).fetchone()
        if earlier is not None:
            if earlier[0] != patient_id:
                raise HisError("this registration request belongs to another patient")
            return earlier[1]
        if tx.execute("SELECT 1 FROM patients WHERE id = ?", (patient_id,)).fetchone() is None:
            raise PatientNotFound(f"no patient with id {patient_id}")
        doctor = tx.execute(
            "SELECT d.name, d.department_code, d.registration_fee_fen, p.name_zh, p.name_en, p.is_clinic "
            "FROM doctors d JOIN departments p ON p.code = d.department_code WHERE d.id = ?", (doctor_id,)
        ).fetchone()
        if doctor is None:
            raise DoctorNotAvailable(f"there is no doctor {doctor_id} in this hospital")
        doctor_name, department_code, fee, name_zh, name_en, is_clinic = doctor
        today = clock.today()
        if day != today:
            raise DoctorNotAvailable(f"registration here is for today ({today.isoformat()}) only")
        not_before = earliest_slot_time(clock.now())
        department_last = tx.execute(
            "SELECT max(s.last_slot) FROM doctor_sessions s JOIN doctors d ON d.id = s.doctor_id "
            "WHERE d.department_code = ? AND s.day = ?", (department_code, day.isoformat())).fetchone()[0]
        if not is_clinic or department_last is None or not_before > time.fromisoformat(department_last):
            raise DepartmentClosed(f"{name_en} takes no more registrations today; please come back tomorrow")
        if tx.execute("SELECT 1 FROM appointments WHERE patient_id = ? AND day = ? AND department_code = ? "
                      "AND status != ?", (patient_id, day.isoformat(), department_code,
                                          AppointmentStatus.CANCELLED.value)).fetchone() is not None:
            raise AlreadyRegistered(f"you already have an appointment with {name_en} today")
        session = tx.execute(
            "SELECT session, first_slot, last_slot, places FROM doctor_sessions "
            "WHERE doctor_id = ? AND day = ? AND first_slot <= ? AND last_slot >= ?",
            (doctor_id, day.isoformat(), slot_time.strftime("%H:%M"), slot_time.strftime("%H:%M")),
        ).fetchone()
        if session is None:
            raise DoctorNotAvailable(f"{doctor_name} does not see patients at {slot_time:%H:%M} today")
        session_name, first, last, places = session
        if not_before > time.fromisoformat(last):
            raise SessionOver(f"the {session_name} session is over; please choose a later time")
        if _taken(tx, doctor_id, day, first, last) >= places:
            raise SlotFull(f"{doctor_name} has no places left this {session_name}; please choose another time")
        # Time moves on while the patient reads: the appointment gets the first time not yet past.
        booked_time = max(slot_time, time.fromisoformat(first), not_before)
        number = 1 + tx.execute("SELECT count(*) FROM registrations r JOIN appointments a ON a.id = r.appointment_id "
                                "WHERE a.day = ?", (day.isoformat(),)).fetchone()[0]
        appointment_id, charge_id = f"A{day:%Y%m%d}-R{number:04d}", f"C{day:%Y%m%d}-R{number:04d}"
        item_class, zh, en, category = REGISTRATION_ITEM
        tx["appointments"].insert({
            "id": appointment_id, "patient_id": patient_id, "department_code": department_code,
            "doctor_id": doctor_id, "doctor_name": doctor_name, "day": day.isoformat(),
            "slot_time": booked_time.strftime("%H:%M"), "status": AppointmentStatus.BOOKED.value,
            "checked_in_utc": None,
        })
        tx["charges"].insert({
            "id": charge_id, "patient_id": patient_id, "service_day": day.isoformat(),
            "item_class": item_class.value, "description_zh": f"{zh}（{name_zh}）",
            "description_en": f"{en} ({name_en})", "amount_fen": fee, "insurance_category": category.value,
            "status": ChargeStatus.UNPAID.value,
        })
        tx["registrations"].insert({
            "idempotency_key": idempotency_key, "patient_id": patient_id, "appointment_id": appointment_id,
            "charge_id": charge_id, "created_utc": to_utc_text(clock.now()),
        })
        return appointment_id


def _taken(db: Database, doctor_id: str, day: date, first: str, last: str) -> int:
    return int(db.execute(
        "SELECT count(*) FROM appointments WHERE doctor_id = ? AND day = ? AND status != ? "
        "AND slot_time BETWEEN ? AND ?",
        (doctor_id, day.isoformat(), AppointmentStatus.CANCELLED.value, first, last),
    ).fetchone()[0])
