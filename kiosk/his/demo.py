"""The embedded demo hospital: ``HisPort`` over tables in the kiosk's own database (SQLite, or the
hospital's shared PostgreSQL, where every kiosk sees the same demo patients), with synthetic data.

``open_demo_hospital`` (the ``demo:`` address of ``hospital.his``) seeds it, in demo mode only, and
returns ``DemoHospital(db, clock)``; tests may call ``seed_demo_hospital(db, today)`` themselves.
Everything is generated from a seed (default 20261122): about 200 patients (mostly aged 60-95) with
well-formed ID numbers, 13 departments, 30 doctors, and per day about half the patients booked.

Fixed demo patients, the same every day (appointment ids count from ``A<yyyymmdd>-0001`` in this
order; each clinic's doctor ``<CODE>-1`` is its chief physician):

=========  ======  =========================  =====================================================
id         name    ID number / phone          today
=========  ======  =========================  =====================================================
DEMO-001   张建华  330102195001011236 /       exactly one appointment: Cardiology (CARD) 09:00;
                   13800000001                unpaid: registration 50.00, ECG 25.00, blood count 20.00
DEMO-002   李秀英  330106194803152445 /       two appointments: Internal Medicine (IM) 08:30 and
                   13800000002                Ophthalmology (OPH) 14:00; unpaid: 2 registrations,
                                              fundus examination 30.00
DEMO-003   王国强  310104195607200153 /       no appointment today; unpaid pharmacy refill:
                   13800000003                amlodipine 24.80, metformin 12.50
DEMO-004   陈美玲  330203194511080802 /       one appointment: Orthopaedics (ORTH) 10:00; overdue
                   13800000004                pay-later debt of 128.00 元, credit score 480
=========  ======  =========================  =====================================================

(The ID numbers above are asserted by the tests, so this table cannot silently go stale.)
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, time


from kiosk.clock import Clock, from_utc_text, to_utc_text
from kiosk.his import demo_charges, demo_registration
from kiosk.his.id_numbers import is_valid_id_number, normalise_id_number
from kiosk.his.port import (
    AmbiguousPatient,
    Appointment,
    AppointmentNotFound,
    AppointmentStatus,
    Charge,
    ChargeStatus,
    CheckInRefused,
    Department,
    Doctor,
    InsuranceCategory,
    InsuranceType,
    ItemClass,
    NewCharge,
    NewPatientFile,
    OverdueHisDebt,
    Patient,
    PatientFileRefused,
    PatientNotFound,
    Sex,
    Slot,
)
from kiosk.his.seed import DEFAULT_SEED, DEMO_PATIENTS, seed_demo_hospital
from kiosk.storage import Database, lock, write_transaction

__all__ = ["DEFAULT_SEED", "DEMO_PATIENTS", "DemoHospital", "open_demo_hospital", "seed_demo_hospital"]


def open_demo_hospital(address: str, context) -> "DemoHospital":
    """The ``demo:`` adapter: seed today's demo data (idempotent) and serve it. Demo mode only: a
    production kiosk must never get 200 made-up patients in its database."""
    from kiosk.config import ConfigError

    if context.config.mode != "demo":
        raise ConfigError('hospital.his = "demo:" is the demo hospital; it is only allowed with kiosk.mode = "demo"')
    seed_demo_hospital(context.db, context.clock.today())
    return DemoHospital(context.db, context.clock)

_PATIENT_COLUMNS = "id, name, id_number, phone, birth_date, sex, insurance_type, credit_score, overdue_debt_fen"
_APPOINTMENT_COLUMNS = "id, patient_id, department_code, doctor_name, day, slot_time, status, checked_in_utc"
_CHARGE_COLUMNS = (
    "id, patient_id, item_class, description_zh, description_en, amount_fen, insurance_category, status"
)


class DemoHospital:
    """``HisPort`` backed by the demo tables; 'today' for check-in comes from the injected clock."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def find_patient_by_id_number(self, id_number: str) -> Patient | None:
        row = self._db.execute(
            f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id_number = ?", (normalise_id_number(id_number),)
        ).fetchone()
        return _patient(row) if row else None

    def find_patient_by_phone(self, phone: str, birth_date: date) -> Patient | None:
        rows = self._db.execute(
            f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE phone = ? AND birth_date = ?",
            (phone.strip().replace(" ", "").replace("-", ""), birth_date.isoformat()),
        ).fetchall()
        if len(rows) > 1:
            raise AmbiguousPatient("more than one patient has this phone number and birth date")
        return _patient(rows[0]) if rows else None

    def patient(self, patient_id: str) -> Patient:
        row = self._db.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id = ?", (patient_id,)).fetchone()
        if row is None:
            raise PatientNotFound(f"no patient with id {patient_id}")
        return _patient(row)

    def create_patient(self, new_file: NewPatientFile) -> Patient:
        """One INSERT in one write transaction (never half-created); the same ID number again returns
        the patient already on file. New files are self-pay with no credit history."""
        id_number = normalise_id_number(new_file.id_number)
        if not is_valid_id_number(id_number):
            raise PatientFileRefused("the ID number is not well-formed")
        if not new_file.name.strip():
            raise PatientFileRefused("a patient file needs the name on the card")
        with write_transaction(self._db) as db:
            # The same card at two kiosks at once makes one file: ON CONFLICT on the unique ID number.
            db.execute(
                "INSERT INTO patients (id, name, id_number, phone, birth_date, sex, insurance_type, credit_score, "
                "overdue_debt_fen) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT (id_number) DO NOTHING",
                ("P-" + uuid.uuid4().hex[:10].upper(), new_file.name.strip(), id_number, new_file.phone,
                 new_file.birth_date.isoformat(), new_file.sex.value, new_file.insurance_type.value),
            )
            return _patient(db.execute(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id_number = ?",
                                       (id_number,)).fetchone())

    def departments(self) -> list[Department]:
        rows = self._db.execute(
            "SELECT code, name_zh, name_en, floor, room, is_clinic FROM departments ORDER BY floor, room"
        ).fetchall()
        return [Department(code, zh, en, floor, room, bool(is_clinic)) for code, zh, en, floor, room, is_clinic in rows]

    def doctors(self, department_code: str | None = None) -> list[Doctor]:
        """Not part of ``HisPort``: the demo's staff list, for screens and tests."""
        sql = "SELECT id, name, department_code, title_zh, title_en, registration_fee_fen FROM doctors"
        params: tuple = ()
        if department_code is not None:
            sql += " WHERE department_code = ?"
            params = (department_code,)
        return [Doctor(*row) for row in self._db.execute(sql + " ORDER BY id", params).fetchall()]

    def appointments_on(self, patient_id: str, day: date) -> list[Appointment]:
        rows = self._db.execute(
            f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE patient_id = ? AND day = ? "
            "ORDER BY slot_time, id",
            (patient_id, day.isoformat()),
        ).fetchall()
        return [_appointment(row) for row in rows]

    def unpaid_charges(self, patient_id: str) -> list[Charge]:
        rows = self._db.execute(
            f"SELECT {_CHARGE_COLUMNS} FROM charges WHERE patient_id = ? AND status = ? ORDER BY id",
            (patient_id, ChargeStatus.UNPAID.value),
        ).fetchall()
        return [_charge(row) for row in rows]

    def check_in(self, appointment_id: str) -> Appointment:
        """Mark a booked appointment for today as arrived; checking in twice (at two kiosks at once,
        too) returns the same result."""
        with write_transaction(self._db) as db:
            lock(db, f"appointment:{appointment_id}")
            row = db.execute(
                f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?", (appointment_id,)
            ).fetchone()
            if row is None:
                raise AppointmentNotFound(f"no appointment with id {appointment_id}")
            appointment = _appointment(row)
            if appointment.status is AppointmentStatus.CHECKED_IN:
                return appointment
            if appointment.status is AppointmentStatus.CANCELLED:
                raise CheckInRefused("this appointment was cancelled; please ask at the registration desk")
            today = self._clock.today()
            if appointment.day != today:
                raise CheckInRefused(
                    f"this appointment is for {appointment.day.isoformat()}, not today ({today.isoformat()})"
                )
            checked_in_utc = to_utc_text(self._clock.now())
            db.execute(
                "UPDATE appointments SET status = ?, checked_in_utc = ? WHERE id = ?",
                (AppointmentStatus.CHECKED_IN.value, checked_in_utc, appointment_id),
            )
            row = db.execute(
                f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?", (appointment_id,)
            ).fetchone()
            return _appointment(row)

    def open_slots(self, department_code: str, day: date) -> list[Slot]:
        """Today's sessions with places left; a time already past is never offered."""
        return demo_registration.open_slots(self._db, self._clock, department_code, day)

    def register(self, patient_id: str, doctor_id: str, day: date, slot_time: time,
                 idempotency_key: str) -> Appointment:
        """Same-day registration: a booked appointment plus its unpaid registration charge, once per key."""
        appointment_id = demo_registration.register(self._db, self._clock, patient_id, doctor_id, day, slot_time,
                                                    idempotency_key)
        row = self._db.execute(f"SELECT {_APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?",
                               (appointment_id,)).fetchone()
        return _appointment(row)

    def send_patient_message(self, patient_id: str, text_zh: str, text_en: str, key: str = "") -> None:
        """The demo hospital has no SMS gateway: it records the message (once per key) for tests and demos."""
        self.patient(patient_id)  # PatientNotFound for an unknown patient, as a real HIS would refuse
        with write_transaction(self._db) as db:
            db.execute("INSERT INTO his_patient_messages (message_key, patient_id, text_zh, text_en, received_utc) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_key) DO NOTHING",
                       (key or f"unkeyed:{uuid.uuid4().hex}", patient_id, text_zh, text_en,
                        to_utc_text(self._clock.now())))

    def post_charge(self, charge: NewCharge) -> Charge:
        demo_charges.post_charge(self._db, charge)
        row = self._db.execute(f"SELECT {_CHARGE_COLUMNS} FROM charges WHERE id = ?", (charge.id,)).fetchone()
        return _charge(row)

    def mark_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        return demo_charges.mark_charges(self._db, charge_ids, status)

    def reopen_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        return demo_charges.reopen_charges(self._db, charge_ids, status)

    def overdue_debts(self) -> list[OverdueHisDebt]:
        return demo_charges.overdue_debts(self._db)

    def charge(self, charge_id: str) -> Charge | None:
        """Not part of ``HisPort``: one charge whatever its status, for tests and demos."""
        row = self._db.execute(f"SELECT {_CHARGE_COLUMNS} FROM charges WHERE id = ?", (charge_id,)).fetchone()
        return _charge(row) if row else None

    def patient_messages(self, patient_id: str) -> list[tuple[str, str]]:
        """Not part of ``HisPort``: the (Chinese, English) messages sent to a patient, oldest first."""
        return [tuple(row) for row in self._db.execute(
            "SELECT text_zh, text_en FROM his_patient_messages WHERE patient_id = ? ORDER BY id", (patient_id,))]


def _patient(row: tuple) -> Patient:
    patient_id, name, id_number, phone, birth_date, sex, insurance_type, credit_score, overdue = row
    return Patient(patient_id, name, id_number, phone, date.fromisoformat(birth_date), Sex(sex),
                   InsuranceType(insurance_type), credit_score, overdue)


def _appointment(row: tuple) -> Appointment:
    appointment_id, patient_id, department_code, doctor_name, day, slot_time, status, checked_in_utc = row
    checked_in_at: datetime | None = from_utc_text(checked_in_utc) if checked_in_utc else None
    return Appointment(appointment_id, patient_id, department_code, doctor_name, date.fromisoformat(day),
                       time.fromisoformat(slot_time), AppointmentStatus(status), checked_in_at)


def _charge(row: tuple) -> Charge:
    charge_id, patient_id, item_class, zh, en, amount_fen, category, status = row
    return Charge(charge_id, patient_id, ItemClass(item_class), zh, en, amount_fen,
                  InsuranceCategory(category), ChargeStatus(status))
