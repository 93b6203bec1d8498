"""Deterministic synthetic data for the demo hospital (see ``kiosk.his.demo`` for the fixed patients).

The base data (departments, doctors, patients) is written once; each hospital day then gets its own
appointments and charges, drawn from ``random.Random(f"{seed}:{day}")`` so any day can be seeded in
any order and the same (seed, day) always gives the same rows. Unpaid charges of earlier days lapse
(status ``voided``) when a new day is seeded, as outpatient orders do, except wheelchair fees.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from kiosk.clock import utc_now
from kiosk.his import demo_billing_store, demo_schedule_store, demo_store
from kiosk.his.catalog import (AREA_CODES, CHARGE_ITEMS, CLINIC_CODES, CLINIC_SESSIONS, DEPARTMENTS,
                                DOCTOR_TITLES, SESSION_PLACES, SLOT_TIMES)
from kiosk.his.id_numbers import make_id_number
from kiosk.his.port import AppointmentStatus, ChargeStatus, InsuranceCategory, InsuranceType, ItemClass
from kiosk.storage import Database, lock, write_transaction

DEFAULT_SEED = 20261122
SYNTHETIC_PATIENT_COUNT = 196


@dataclass(frozen=True)
class DemoPatient:
    id: str
    name: str
    sex: str
    birth_date: date
    area_code: str
    sequence: int
    phone: str
    insurance_type: InsuranceType
    credit_score: int
    overdue_debt_fen: int
    visits_today: tuple[tuple[str, str], ...]  # (department code, slot time); first doctor of the clinic
    extra_charges_today: tuple[int, ...]  # indexes into CHARGE_ITEMS, quantity 1


DEMO_PATIENTS: tuple[DemoPatient, ...] = (
    DemoPatient("DEMO-001", "张建华", "M", date(1950, 1, 1), "330102", 61, "13800000001",
                InsuranceType.EMPLOYEE, 720, 0, (("CARD", "09:00"),), (6, 0)),
    DemoPatient("DEMO-002", "李秀英", "F", date(1948, 3, 15), "330106", 122, "13800000002",
                InsuranceType.RESIDENT, 680, 0, (("IM", "08:30"), ("OPH", "14:00")), (9,)),
    DemoPatient("DEMO-003", "王国强", "M", date(1956, 7, 20), "310104", 7, "13800000003",
                InsuranceType.EMPLOYEE, 650, 0, (), (11, 12)),
    DemoPatient("DEMO-004", "陈美玲", "F", date(1945, 11, 8), "330203", 40, "13800000004",
                InsuranceType.RESIDENT, 480, 12800, (("ORTH", "10:00"),), ()),
)


def seed_demo_hospital(db: Database, today: date, seed: int = DEFAULT_SEED) -> bool:
    """Make sure the demo hospital exists and has ``today``'s data; returns True if anything was added.

    Safe to call at every start-up and from several kiosks at once: it runs in one write transaction
    that first takes the hospital-wide ``demo-seed`` lock (the kiosks starting together on one
    PostgreSQL database take turns; the later ones find the day seeded), and only fills what is missing.
    """
    with write_transaction(db):
        lock(db, "demo-seed")
        added = False
        if not demo_store.base_is_seeded(db):
            _seed_base(db, today, seed)
            added = True
        if not demo_store.day_is_seeded(db, today):
            _lapse_earlier_unpaid_charges(db, today)
            _seed_day(db, today, seed)
            added = True
        if not demo_schedule_store.has_doctor_sessions_on(db, today):
            _seed_doctor_sessions(db, today, seed)  # its own random stream: the day's other rows stay the same
            added = True
        return added


def _seed_doctor_sessions(db: Database, day: date, seed: int) -> None:
    """Every chief physician works both sessions; the others now and then have the afternoon off."""
    rng = random.Random(f"{seed}:{day.isoformat()}:sessions")
    rows = []
    for doctor in demo_store.doctors(db):
        for session, first_slot, last_slot in CLINIC_SESSIONS:
            places = SESSION_PLACES.get(doctor.title_zh, 12) + rng.randint(-2, 2)
            if session == "afternoon" and doctor.title_zh != "主任医师" and rng.random() < 0.15:
                continue
            rows.append({"doctor_id": doctor.id, "day": day.isoformat(), "session": session,
                         "first_slot": first_slot, "last_slot": last_slot, "places": places})
    demo_schedule_store.add_doctor_sessions(db, rows)


def _seed_base(db: Database, today: date, seed: int) -> None:
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    demo_store.add_departments(db, (
        {"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en, "floor": d.floor, "room": d.room,
         "is_clinic": int(d.is_clinic)}
        for d in DEPARTMENTS
    ))
    doctors = []
    for code in CLINIC_CODES:
        for number in range(1, 4):
            title_zh, title_en, fee = DOCTOR_TITLES[0] if number == 1 else rng.choice(DOCTOR_TITLES[1:])
            name = fake.name_male() if rng.random() < 0.55 else fake.name_female()
            doctors.append({"id": f"{code}-{number}", "name": name, "department_code": code,
                            "title_zh": title_zh, "title_en": title_en, "registration_fee_fen": fee})
    demo_store.add_doctors(db, doctors)
    used_phones = {p.phone for p in DEMO_PATIENTS}
    used_ids = set()
    patients = []
    for demo in DEMO_PATIENTS:
        id_number = make_id_number(demo.area_code, demo.birth_date, demo.sequence, demo.sex == "M")
        used_ids.add(id_number)
        patients.append({"id": demo.id, "name": demo.name, "id_number": id_number, "phone": demo.phone,
                         "birth_date": demo.birth_date.isoformat(), "sex": demo.sex,
                         "insurance_type": demo.insurance_type.value, "credit_score": demo.credit_score,
                         "overdue_debt_fen": demo.overdue_debt_fen})
    for number in range(1, SYNTHETIC_PATIENT_COUNT + 1):
        patients.append(_synthetic_patient(f"P{number:04d}", today, rng, fake, used_phones, used_ids))
    demo_store.add_patients(db, patients)


def _synthetic_patient(patient_id: str, today: date, rng: random.Random, fake: Faker,
                       used_phones: set[str], used_ids: set[str]) -> dict:
    male = rng.random() < 0.47
    # Lobby kiosks serve mostly older patients: about four in five are 60-95, peaking in the 70s.
    age = int(rng.triangular(60, 96, 72)) if rng.random() < 0.8 else rng.randint(18, 59)
    birth_date = date(today.year - age - 1, 1, 1) + timedelta(days=rng.randrange(365))
    name = fake.name_male() if male else fake.name_female()
    phone = fake.phone_number()
    while phone in used_phones:
        phone = fake.phone_number()
    used_phones.add(phone)
    id_number = make_id_number(rng.choice(AREA_CODES), birth_date, rng.randrange(500), male)
    while id_number in used_ids:
        id_number = make_id_number(rng.choice(AREA_CODES), birth_date, rng.randrange(500), male)
    used_ids.add(id_number)
    insurance = rng.choices(list(InsuranceType), weights=(50, 42, 8))[0]
    overdue = rng.randrange(20, 400) * 100 if rng.random() < 0.03 else 0
    return {"id": patient_id, "name": name, "id_number": id_number, "phone": phone,
            "birth_date": birth_date.isoformat(), "sex": "M" if male else "F",
            "insurance_type": insurance.value, "credit_score": rng.randint(550, 850),
            "overdue_debt_fen": overdue}


class _DayWriter:
    """Numbers a day's appointments and charges in the order they are drawn."""

    def __init__(self, day: date, fees: dict[str, int], names: dict[str, str]) -> None:
        self.day = day
        self.fees = fees
        self.names = names
        self.appointments: list[dict] = []
        self.charges: list[dict] = []

    def appointment(self, patient_id: str, doctor_id: str, slot: str, status: AppointmentStatus) -> None:
        self.appointments.append({
            "id": f"A{self.day:%Y%m%d}-{len(self.appointments) + 1:04d}", "patient_id": patient_id,
            "department_code": doctor_id.rsplit("-", 1)[0], "doctor_id": doctor_id,
            "doctor_name": self.names[doctor_id], "day": self.day.isoformat(), "slot_time": slot,
            "status": status.value, "checked_in_utc": None,
        })
        if status is AppointmentStatus.BOOKED:
            self.charge(patient_id, ItemClass.REGISTRATION, "挂号费", "Registration fee",
                        self.fees[doctor_id], InsuranceCategory.A)

    def catalog_charge(self, patient_id: str, item_index: int, quantity: int = 1) -> None:
        item_class, zh, en, price, category = CHARGE_ITEMS[item_index]
        if quantity > 1:
            zh, en = f"{zh} ×{quantity}", f"{en} ×{quantity}"
        self.charge(patient_id, item_class, zh, en, price * quantity, category)

    def charge(self, patient_id: str, item_class: ItemClass, zh: str, en: str, amount_fen: int,
               category: InsuranceCategory) -> None:
        self.charges.append({
            "id": f"C{self.day:%Y%m%d}-{len(self.charges) + 1:04d}", "patient_id": patient_id,
            "service_day": self.day.isoformat(), "item_class": item_class.value, "description_zh": zh,
            "description_en": en, "amount_fen": amount_fen, "insurance_category": category.value,
            "status": ChargeStatus.UNPAID.value,
        })


def _seed_day(db: Database, day: date, seed: int) -> None:
    rng = random.Random(f"{seed}:{day.isoformat()}")
    doctors = demo_store.doctors(db)
    writer = _DayWriter(day, {d.id: d.registration_fee_fen for d in doctors}, {d.id: d.name for d in doctors})
    for demo in DEMO_PATIENTS:
        for department_code, slot in demo.visits_today:
            writer.appointment(demo.id, f"{department_code}-1", slot, AppointmentStatus.BOOKED)
        for item_index in demo.extra_charges_today:
            writer.catalog_charge(demo.id, item_index)
    demo_ids = {demo.id for demo in DEMO_PATIENTS}
    patient_ids = [patient_id for patient_id in demo_store.patient_ids(db) if patient_id not in demo_ids]
    for patient_id in patient_ids:
        if rng.random() >= 0.55:
            continue
        visits = 2 if rng.random() < 0.12 else 1
        for department_code in rng.sample(CLINIC_CODES, visits):
            status = AppointmentStatus.CANCELLED if rng.random() < 0.04 else AppointmentStatus.BOOKED
            writer.appointment(patient_id, f"{department_code}-{rng.randint(1, 3)}", rng.choice(SLOT_TIMES), status)
        for item_index in rng.sample(range(len(CHARGE_ITEMS)), rng.randint(0, 3)):
            medicine = CHARGE_ITEMS[item_index][0] in (ItemClass.WESTERN_MEDICINE, ItemClass.CHINESE_MEDICINE)
            writer.catalog_charge(patient_id, item_index, rng.randint(1, 3) if medicine else 1)
    demo_store.add_appointments(db, writer.appointments)
    demo_billing_store.add_charges(db, writer.charges)
    demo_store.mark_day_seeded(db, day, seed, utc_now())


def _lapse_earlier_unpaid_charges(db: Database, today: date) -> None:
    demo_billing_store.void_unpaid_charges_before(db, today, except_item_class=ItemClass.WHEELCHAIR)
