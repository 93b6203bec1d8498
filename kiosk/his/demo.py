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
from datetime import date, time

from kiosk.clock import Clock
from kiosk.his import demo_billing_store, demo_charges, demo_registration, demo_store
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
    NewCharge,
    NewPatientFile,
    OverdueHisDebt,
    Patient,
    PatientFileRefused,
    PatientNotFound,
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


class DemoHospital:
    """``HisPort`` backed by the demo tables; 'today' for check-in comes from the injected clock."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def find_patient_by_id_number(self, id_number: str) -> Patient | None:
        return demo_store.patient_by_id_number(self._db, normalise_id_number(id_number))

    def find_patient_by_phone(self, phone: str, birth_date: date) -> Patient | None:
        patients = demo_store.patients_by_phone(self._db, phone.strip().replace(" ", "").replace("-", ""), birth_date)
        if len(patients) > 1:
            raise AmbiguousPatient("more than one patient has this phone number and birth date")
        return patients[0] if patients else None

    def patient(self, patient_id: str) -> Patient:
        patient = demo_store.patient_by_id(self._db, patient_id)
        if patient is None:
            raise PatientNotFound(f"no patient with id {patient_id}")
        return patient

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
            demo_store.add_patient_file(db, "P-" + uuid.uuid4().hex[:10].upper(), new_file.name.strip(), id_number,
                                        new_file.phone, new_file.birth_date, new_file.sex, new_file.insurance_type)
            patient = demo_store.patient_by_id_number(db, id_number)
            assert patient is not None  # just written, or already on file
            return patient

    def departments(self) -> list[Department]:
        return demo_store.departments(self._db)

    def doctors(self, department_code: str | None = None) -> list[Doctor]:
        """Not part of ``HisPort``: the demo's staff list, for screens and tests."""
        return demo_store.doctors(self._db, department_code)

    def appointments_on(self, patient_id: str, day: date) -> list[Appointment]:
        return demo_store.appointments_of_patient_on(self._db, patient_id, day)

    def unpaid_charges(self, patient_id: str) -> list[Charge]:
        return demo_billing_store.unpaid_charges(self._db, patient_id)

    def check_in(self, appointment_id: str) -> Appointment:
        """Mark a booked appointment for today as arrived; checking in twice (at two kiosks at once,
        too) returns the same result."""
        with write_transaction(self._db) as db:
            lock(db, f"appointment:{appointment_id}")
            appointment = demo_store.appointment_by_id(db, appointment_id)
            if appointment is None:
                raise AppointmentNotFound(f"no appointment with id {appointment_id}")
            if appointment.status is AppointmentStatus.CHECKED_IN:
                return appointment
            if appointment.status is AppointmentStatus.CANCELLED:
                raise CheckInRefused("this appointment was cancelled; please ask at the registration desk")
            today = self._clock.today()
            if appointment.day != today:
                raise CheckInRefused(
                    f"this appointment is for {appointment.day.isoformat()}, not today ({today.isoformat()})"
                )
            demo_store.mark_checked_in(db, appointment_id, self._clock.now())
            return demo_store.appointment_by_id(db, appointment_id)

    def open_slots(self, department_code: str, day: date) -> list[Slot]:
        """Today's sessions with places left; a time already past is never offered."""
        return demo_registration.open_slots(self._db, self._clock, department_code, day)

    def register(self, patient_id: str, doctor_id: str, day: date, slot_time: time,
                 idempotency_key: str) -> Appointment:
        """Same-day registration: a booked appointment plus its unpaid registration charge, once per key."""
        appointment_id = demo_registration.register(self._db, self._clock, patient_id, doctor_id, day, slot_time,
                                                    idempotency_key)
        return demo_store.appointment_by_id(self._db, appointment_id)

    def send_patient_message(self, patient_id: str, text_zh: str, text_en: str, key: str = "") -> None:
        """The demo hospital has no SMS gateway: it records the message (once per key) for tests and demos."""
        self.patient(patient_id)  # PatientNotFound for an unknown patient, as a real HIS would refuse
        with write_transaction(self._db) as db:
            demo_store.add_patient_message(db, key or f"unkeyed:{uuid.uuid4().hex}", patient_id, text_zh, text_en,
                                           self._clock.now())

    def post_charge(self, charge: NewCharge) -> Charge:
        demo_charges.post_charge(self._db, charge)
        return demo_billing_store.charge_by_id(self._db, charge.id)

    def mark_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        return demo_charges.mark_charges(self._db, charge_ids, status)

    def reopen_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        return demo_charges.reopen_charges(self._db, charge_ids, status)

    def overdue_debts(self) -> list[OverdueHisDebt]:
        return demo_store.overdue_debts(self._db)

    def charge(self, charge_id: str) -> Charge | None:
        """Not part of ``HisPort``: one charge whatever its status, for tests and demos."""
        return demo_billing_store.charge_by_id(self._db, charge_id)

    def patient_messages(self, patient_id: str) -> list[tuple[str, str]]:
        """Not part of ``HisPort``: the (Chinese, English) messages sent to a patient, oldest first."""
        return demo_store.patient_messages(self._db, patient_id)
