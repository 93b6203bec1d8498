"""The demo hospital's people and places: patients, departments, doctors, appointments, the messages
the hospital sent, and which days the generator has seeded (``kiosk.his.seed`` fills them in bulk).

Doctors' sessions and same-day registrations are in ``demo_schedule_store``, charges and e-invoices in
``demo_billing_store``. Every write runs inside the caller's ``write_transaction``; nothing here reads
the clock or calls the outside.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from kiosk.clock import from_utc_text, to_utc_text
from kiosk.his.port import (
    Appointment,
    AppointmentStatus,
    Department,
    Doctor,
    InsuranceType,
    OverdueHisDebt,
    Patient,
    Sex,
)
from kiosk.storage import Database

_PATIENT_COLUMNS = "id, name, id_number, phone, birth_date, sex, insurance_type, credit_score, overdue_debt_fen"
_APPOINTMENT_COLUMNS = "id, patient_id, department_code, doctor_name, day, slot_time, status, checked_in_utc"


@dataclass(frozen=True)
class DayAppointment:
    """An appointment with its doctor's id, as the FHIR loader publishes it."""

    id: str
    patient_id: str
    department_code: str
    doctor_id: str
    doctor_name: str
    slot_time: time
    status: AppointmentStatus


# Patients

def patient_by_id(db: Database, patient_id: str) -> Patient | None:
    row = db.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id = ?", (patient_id,)).fetchone()
    return _patient(row) if row else None


def patient_by_id_number(db: Database, id_number: str) -> Patient | None:
    """``id_number`` as normalised (upper-case X, no spaces)."""
    row = db.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id_number = ?", (id_number,)).fetchone()
    return _patient(row) if row else None


def patients_by_phone(db: Database, phone: str, birth_date: date) -> list[Patient]:
    rows = db.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE phone = ? AND birth_date = ?",
                      (phone, birth_date.isoformat())).fetchall()
    return [_patient(row) for row in rows]


def all_patients(db: Database) -> list[Patient]:
    return [_patient(row) for row in db.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients ORDER BY id").fetchall()]


def patient_exists(db: Database, patient_id: str) -> bool:
    return db.execute("SELECT 1 FROM patients WHERE id = ?", (patient_id,)).fetchone() is not None


def add_patient_file(db: Database, patient_id: str, name: str, id_number: str, phone: str, birth_date: date,
                     sex: Sex, insurance_type: InsuranceType) -> None:
    """A new file with no credit history and no debt; nothing when the ID number is already on file
    (the same card at two kiosks at once makes one file)."""
    db.execute(
        "INSERT INTO patients (id, name, id_number, phone, birth_date, sex, insurance_type, credit_score, "
        "overdue_debt_fen) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT (id_number) DO NOTHING",
        (patient_id, name, id_number, phone, birth_date.isoformat(), sex.value, insurance_type.value),
    )


def overdue_debts(db: Database) -> list[OverdueHisDebt]:
    rows = db.execute("SELECT id, overdue_debt_fen FROM patients WHERE overdue_debt_fen > 0 ORDER BY id").fetchall()
    return [OverdueHisDebt(patient_id, amount) for patient_id, amount in rows]


def patient_ids(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT id FROM patients ORDER BY id").fetchall()]


# Departments and doctors

def departments(db: Database) -> list[Department]:
    """In the order a patient walks the building: by floor, then room."""
    return _departments(db.execute(
        "SELECT code, name_zh, name_en, floor, room, is_clinic FROM departments ORDER BY floor, room").fetchall())


def departments_by_code(db: Database) -> list[Department]:
    return _departments(db.execute(
        "SELECT code, name_zh, name_en, floor, room, is_clinic FROM departments ORDER BY code").fetchall())


def doctors(db: Database, department_code: str | None = None) -> list[Doctor]:
    sql = "SELECT id, name, department_code, title_zh, title_en, registration_fee_fen FROM doctors"
    params: tuple = ()
    if department_code is not None:
        sql += " WHERE department_code = ?"
        params = (department_code,)
    return [Doctor(*row) for row in db.execute(sql + " ORDER BY id", params).fetchall()]


# Appointments

def appointment_by_id(db: Database, appointment_id: str) -> Appointment | None:
    row = db.execute(f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?", (appointment_id,)).fetchone()
    return _appointment(row) if row else None


def appointments_of_patient_on(db: Database, patient_id: str, day: date) -> list[Appointment]:
    rows = db.execute(
        f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE patient_id = ? AND day = ? ORDER BY slot_time, id",
        (patient_id, day.isoformat()),
    ).fetchall()
    return [_appointment(row) for row in rows]


def appointments_on(db: Database, day: date) -> list[DayAppointment]:
    rows = db.execute("SELECT id, patient_id, department_code, doctor_id, doctor_name, slot_time, status "
                      "FROM appointments WHERE day = ? ORDER BY id", (day.isoformat(),)).fetchall()
    return [DayAppointment(aid, pid, code, doctor_id, doctor_name, time.fromisoformat(slot), AppointmentStatus(status))
            for aid, pid, code, doctor_id, doctor_name, slot, status in rows]


def mark_checked_in(db: Database, appointment_id: str, checked_in_at: datetime) -> None:
    db.execute("UPDATE appointments SET status = ?, checked_in_utc = ? WHERE id = ?",
               (AppointmentStatus.CHECKED_IN.value, to_utc_text(checked_in_at), appointment_id))


def add_appointment(db: Database, appointment_id: str, patient_id: str, department_code: str, doctor_id: str,
                    doctor_name: str, day: date, slot_time: time, status: AppointmentStatus) -> None:
    db["appointments"].insert({
        "id": appointment_id, "patient_id": patient_id, "department_code": department_code,
        "doctor_id": doctor_id, "doctor_name": doctor_name, "day": day.isoformat(),
        "slot_time": slot_time.strftime("%H:%M"), "status": status.value, "checked_in_utc": None,
    })


# Messages the hospital sent to patients (the demo has no SMS gateway)

def add_patient_message(db: Database, message_key: str, patient_id: str, text_zh: str, text_en: str,
                        received_at: datetime) -> None:
    """Once per key: the same key again is left as it was."""
    db.execute("INSERT INTO his_patient_messages (message_key, patient_id, text_zh, text_en, received_utc) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_key) DO NOTHING",
               (message_key, patient_id, text_zh, text_en, to_utc_text(received_at)))


def patient_messages(db: Database, patient_id: str) -> list[tuple[str, str]]:
    """(Chinese, English) of each message to the patient, oldest first."""
    return [tuple(row) for row in db.execute(
        "SELECT text_zh, text_en FROM his_patient_messages WHERE patient_id = ? ORDER BY id", (patient_id,))]


# Seeding: the generator's rows, written in bulk, and the days done

def base_is_seeded(db: Database) -> bool:
    return db.execute("SELECT 1 FROM patients WHERE id = 'DEMO-001'").fetchone() is not None


def day_is_seeded(db: Database, day: date) -> bool:
    return db.execute("SELECT 1 FROM demo_seed_days WHERE day = ?", (day.isoformat(),)).fetchone() is not None


def mark_day_seeded(db: Database, day: date, seed: int, seeded_at: datetime) -> None:
    db["demo_seed_days"].insert({"day": day.isoformat(), "seed": seed, "seeded_utc": to_utc_text(seeded_at)})


def add_departments(db: Database, rows: Iterable[dict]) -> None:
    db["departments"].insert_all(rows)


def add_doctors(db: Database, rows: Iterable[dict]) -> None:
    db["doctors"].insert_all(rows)


def add_patients(db: Database, rows: Iterable[dict]) -> None:
    db["patients"].insert_all(rows)


def add_appointments(db: Database, rows: Iterable[dict]) -> None:
    db["appointments"].insert_all(rows)


def _departments(rows: list[tuple]) -> list[Department]:
    return [Department(code, zh, en, floor, room, bool(is_clinic)) for code, zh, en, floor, room, is_clinic in rows]


def _patient(row: tuple) -> Patient:
    patient_id, name, id_number, phone, birth_date, sex, insurance_type, credit_score, overdue = row
    return Patient(patient_id, name, id_number, phone, date.fromisoformat(birth_date), Sex(sex),
                   InsuranceType(insurance_type), credit_score, overdue)


def _appointment(row: tuple) -> Appointment:
    appointment_id, patient_id, department_code, doctor_name, day, slot_time, status, checked_in_utc = row
    checked_in_at: datetime | None = from_utc_text(checked_in_utc) if checked_in_utc else None
    return Appointment(appointment_id, patient_id, department_code, doctor_name, date.fromisoformat(day),
                       time.fromisoformat(slot_time), AppointmentStatus(status), checked_in_at)
