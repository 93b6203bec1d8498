"""The demo hospital's clinic timetable: doctors' sessions (morning, afternoon) with their places, the
places booked, and same-day registrations with their idempotency keys.

Session times are the ``HH:MM`` text the tables hold. Every write runs inside the caller's
``write_transaction`` (registration holds its day's ``lock`` there); nothing here reads the clock.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.clock import to_utc_text
from kiosk.his.port import AppointmentStatus
from kiosk.storage import Database

_SESSION_ORDER = "CASE s.session WHEN 'morning' THEN 0 ELSE 1 END"


@dataclass(frozen=True)
class ClinicSession:
    """One doctor's session of a day in a clinic, with what a patient choosing a slot sees."""

    doctor_id: str
    doctor_name: str
    department_code: str
    title_zh: str
    title_en: str
    session: str  # morning | afternoon
    first_slot: str  # HH:MM
    last_slot: str
    fee_fen: int
    places: int


@dataclass(frozen=True)
class SessionHours:
    session: str
    first_slot: str  # HH:MM
    last_slot: str
    places: int


@dataclass(frozen=True)
class DoctorSession:
    """A session of a day in any department, as the FHIR loader publishes it."""

    doctor_id: str
    department_code: str
    session: str
    first_slot: str  # HH:MM
    last_slot: str
    places: int


@dataclass(frozen=True)
class RegistrationDoctor:
    name: str
    department_code: str
    fee_fen: int
    department_zh: str
    department_en: str
    is_clinic: bool


@dataclass(frozen=True)
class EarlierRegistration:
    patient_id: str
    appointment_id: str


def clinic_sessions_on(db: Database, department_code: str, day: date) -> list[ClinicSession]:
    """The day's sessions in this department if it is a clinic, morning first, by doctor."""
    rows = db.execute(
        "SELECT s.doctor_id, d.name, d.department_code, d.title_zh, d.title_en, s.session, s.first_slot, "
        "s.last_slot, d.registration_fee_fen, s.places FROM doctor_sessions s JOIN doctors d ON d.id = s.doctor_id "
        "JOIN departments p ON p.code = d.department_code "
        f"WHERE d.department_code = ? AND s.day = ? AND p.is_clinic = 1 ORDER BY {_SESSION_ORDER}, s.doctor_id",
        (department_code, day.isoformat()),
    ).fetchall()
    return [ClinicSession(*row) for row in rows]


def sessions_on(db: Database, day: date) -> list[DoctorSession]:
    rows = db.execute(
        "SELECT s.doctor_id, d.department_code, s.session, s.first_slot, s.last_slot, s.places FROM doctor_sessions s "
        "JOIN doctors d ON d.id = s.doctor_id WHERE s.day = ? ORDER BY s.doctor_id, s.session", (day.isoformat(),))
    return [DoctorSession(*row) for row in rows.fetchall()]


def session_at(db: Database, doctor_id: str, day: date, slot_text: str) -> SessionHours | None:
    """The doctor's session of ``day`` that ``slot_text`` (HH:MM) falls in."""
    row = db.execute(
        "SELECT session, first_slot, last_slot, places FROM doctor_sessions "
        "WHERE doctor_id = ? AND day = ? AND first_slot <= ? AND last_slot >= ?",
        (doctor_id, day.isoformat(), slot_text, slot_text),
    ).fetchone()
    return SessionHours(*row) if row else None


def last_slot_of_department(db: Database, department_code: str, day: date) -> str | None:
    """The latest slot (HH:MM) any of the department's doctors works on ``day``; None with no session."""
    return db.execute(
        "SELECT max(s.last_slot) FROM doctor_sessions s JOIN doctors d ON d.id = s.doctor_id "
        "WHERE d.department_code = ? AND s.day = ?", (department_code, day.isoformat())).fetchone()[0]


def has_doctor_sessions_on(db: Database, day: date) -> bool:
    return db.execute("SELECT 1 FROM doctor_sessions WHERE day = ?", (day.isoformat(),)).fetchone() is not None


def add_doctor_sessions(db: Database, rows: Iterable[dict]) -> None:
    db["doctor_sessions"].insert_all(rows)


def places_taken(db: Database, doctor_id: str, day: date, first: str, last: str) -> int:
    """Appointments booked or checked in with the doctor between two slot times (HH:MM) of ``day``."""
    return int(db.execute(
        "SELECT count(*) FROM appointments WHERE doctor_id = ? AND day = ? AND status != ? "
        "AND slot_time BETWEEN ? AND ?",
        (doctor_id, day.isoformat(), AppointmentStatus.CANCELLED.value, first, last),
    ).fetchone()[0])


def has_appointment_in_department(db: Database, patient_id: str, day: date, department_code: str) -> bool:
    """Whether the patient has an appointment (not cancelled) in the department on ``day``."""
    return db.execute(
        "SELECT 1 FROM appointments WHERE patient_id = ? AND day = ? AND department_code = ? AND status != ?",
        (patient_id, day.isoformat(), department_code, AppointmentStatus.CANCELLED.value)).fetchone() is not None


def doctor_for_registration(db: Database, doctor_id: str) -> RegistrationDoctor | None:
    row = db.execute(
        "SELECT d.name, d.department_code, d.registration_fee_fen, p.name_zh, p.name_en, p.is_clinic "
        "FROM doctors d JOIN departments p ON p.code = d.department_code WHERE d.id = ?", (doctor_id,)
    ).fetchone()
    if row is None:
        return None
    name, department_code, fee, name_zh, name_en, is_clinic = row
    return RegistrationDoctor(name, department_code, fee, name_zh, name_en, bool(is_clinic))


def registration_by_key(db: Database, idempotency_key: str) -> EarlierRegistration | None:
    row = db.execute("SELECT patient_id, appointment_id FROM registrations WHERE idempotency_key = ?",
                     (idempotency_key,)).fetchone()
    return EarlierRegistration(*row) if row else None


def registrations_on(db: Database, day: date) -> int:
    """How many same-day registrations ``day`` has (the next one's number is one more)."""
    return db.execute("SELECT count(*) FROM registrations r JOIN appointments a ON a.id = r.appointment_id "
                      "WHERE a.day = ?", (day.isoformat(),)).fetchone()[0]


def add_registration(db: Database, idempotency_key: str, patient_id: str, appointment_id: str, charge_id: str,
                     created_at: datetime) -> None:
    db["registrations"].insert({
        "idempotency_key": idempotency_key, "patient_id": patient_id, "appointment_id": appointment_id,
        "charge_id": charge_id, "created_utc": to_utc_text(created_at),
    })
