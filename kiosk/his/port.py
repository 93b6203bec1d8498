"""The HIS port: what the kiosk asks of the hospital information system, and the shapes it gets back.

The embedded default is ``kiosk.his.demo.DemoHospital`` (SQLite, demo mode only); the real adapter is
``kiosk.his.fhir.adapter.FhirHospital`` (FHIR R4). Nothing outside ``kiosk/his/`` reads or writes the
hospital's data except through this port (``tests/kiosk/test_his_boundary.py`` checks it).
Money is integer fen, days are hospital-local dates, instants are aware UTC datetimes.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol, runtime_checkable

from kiosk.money import Fen


class Sex(str, enum.Enum):
    MALE = "M"
    FEMALE = "F"


class InsuranceType(str, enum.Enum):
    EMPLOYEE = "employee"  # 城镇职工基本医疗保险
    RESIDENT = "resident"  # 城乡居民基本医疗保险
    SELF_PAY = "self_pay"  # 自费


class AppointmentStatus(str, enum.Enum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"


class ItemClass(str, enum.Enum):
    REGISTRATION = "registration"
    EXAMINATION = "examination"
    LABORATORY = "laboratory"
    WESTERN_MEDICINE = "western_medicine"
    CHINESE_MEDICINE = "chinese_medicine"
    MATERIALS = "materials"
    WHEELCHAIR = "wheelchair"


class InsuranceCategory(str, enum.Enum):
    """医保目录 class: A fully eligible, B partly (patient pays a share first), C self-pay."""

    A = "A"
    B = "B"
    C = "C"


class ChargeStatus(str, enum.Enum):
    UNPAID = "unpaid"
    PAID = "paid"
    PAY_LATER = "pay_later"
    REFUNDED = "refunded"
    VOIDED = "voided"  # an unpaid order that lapsed (the demo voids yesterday's at the next day's seeding)


@dataclass(frozen=True)
class Patient:
    id: str
    name: str
    id_number: str
    phone: str
    birth_date: date
    sex: Sex
    insurance_type: InsuranceType
    credit_score: int
    overdue_debt_fen: Fen = 0

    @property
    def has_overdue_debt(self) -> bool:
        """Pay-later is refused while an earlier pay-later bill is overdue."""
        return self.overdue_debt_fen > 0

    def age_on(self, day: date) -> int:
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


@dataclass(frozen=True)
class Department:
    code: str
    name_zh: str
    name_en: str
    floor: int
    room: str
    is_clinic: bool = True  # False for service departments (laboratory, radiology, pharmacy)


@dataclass(frozen=True)
class Doctor:
    id: str
    name: str
    department_code: str
    title_zh: str
    title_en: str
    registration_fee_fen: Fen


@dataclass(frozen=True)
class Appointment:
    id: str
    patient_id: str
    department_code: str
    doctor_name: str
    day: date
    slot_time: time
    status: AppointmentStatus
    checked_in_at: datetime | None = None


@dataclass(frozen=True)
class Slot:
    """An open place for same-day registration (当日挂号): one doctor, one session, the time offered."""

    doctor_id: str
    doctor_name: str
    department_code: str
    title_zh: str
    title_en: str
    session: str  # "morning" | "afternoon"
    time: time  # the earliest time still open in that session, hospital wall clock
    fee_fen: Fen
    remaining: int  # places left in the session


@dataclass(frozen=True)
class Charge:
    id: str
    patient_id: str
    item_class: ItemClass
    description_zh: str
    description_en: str
    amount_fen: Fen
    insurance_category: InsuranceCategory
    status: ChargeStatus


@dataclass(frozen=True)
class NewCharge:
    """A charge the kiosk puts on a patient's bill (a wheelchair fee); ``id`` makes posting idempotent."""

    id: str
    patient_id: str
    service_day: date
    item_class: ItemClass
    description_zh: str
    description_en: str
    amount_fen: Fen
    insurance_category: InsuranceCategory


@dataclass(frozen=True)
class NewPatientFile:
    """What the kiosk sends to open a patient file (建档): the card's name, sex, birth date and ID
    number, and the mobile number the patient typed ("" when the hospital allows none)."""

    name: str
    sex: Sex
    birth_date: date
    id_number: str
    phone: str = ""

    def __repr__(self) -> str:  # never a patient's details in a log line
        return "NewPatientFile(…)"


@dataclass(frozen=True)
class OverdueHisDebt:
    """A patient's overdue debt as the hospital system keeps it (from before the kiosk)."""

    patient_id: str
    amount_fen: Fen


class HisError(Exception):
    """The HIS could not answer; the message is plain words for the screen or the log."""


class HisUnavailable(HisError):
    """The hospital system did not answer (network, timeout, server error); nothing was changed that the
    kiosk does not know of. Screens say "医院系统暂时连不上，请到一楼服务台"."""


class PatientNotFound(HisError):
    """No patient has this id."""


class AmbiguousPatient(HisError):
    """More than one patient matches (e.g. a shared phone); ask for the ID card instead."""


class AppointmentNotFound(HisError):
    """No appointment has this id."""


class CheckInRefused(HisError):
    """The appointment exists but cannot be checked in now (cancelled, another day)."""


class RegistrationRefused(HisError):
    """Same-day registration was refused; subclasses say why, so a screen can give the next step."""


class SlotFull(RegistrationRefused):
    """No places are left with this doctor in this session."""


class AlreadyRegistered(RegistrationRefused):
    """The patient already has an appointment with this department today."""


class DepartmentClosed(RegistrationRefused):
    """The department takes no more registrations today (its afternoon session is over, or it is not a clinic)."""


class SessionOver(RegistrationRefused):
    """The session of the chosen time has ended (e.g. the morning, after 11:30); another session may be open."""


class DoctorNotAvailable(RegistrationRefused):
    """The doctor does not see patients at that time today, or the day is not today."""


@runtime_checkable
class HisPort(Protocol):
    def find_patient_by_id_number(self, id_number: str) -> Patient | None: ...

    def find_patient_by_phone(self, phone: str, birth_date: date) -> Patient | None: ...

    def patient(self, patient_id: str) -> Patient: ...

    def departments(self) -> list[Department]: ...

    def appointments_on(self, patient_id: str, day: date) -> list[Appointment]: ...

    def unpaid_charges(self, patient_id: str) -> list[Charge]: ...

    def check_in(self, appointment_id: str) -> Appointment: ...

    def open_slots(self, department_code: str, day: date) -> list[Slot]: ...

    def register(self, patient_id: str, doctor_id: str, day: date, slot_time: time,
                 idempotency_key: str) -> Appointment:
        """Book a same-day appointment and put its unpaid registration charge on the bill.

        The same ``idempotency_key`` always returns the same appointment and never charges twice.
        """
        ...

    def send_patient_message(self, patient_id: str, text_zh: str, text_en: str, key: str = "") -> None:
        """Ask the hospital to send the patient a message (its SMS / app channel). ``key`` names the
        message: the same key again is not sent twice (an outbox retrying after a crash)."""
        ...

    def post_charge(self, charge: NewCharge) -> Charge:
        """Put an unpaid charge on the patient's bill; the same ``charge.id`` again returns the first one."""
        ...

    def mark_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        """Unpaid (or pay-later) charges become ``status`` (paid, pay-later); settled ones are left alone.
        Returns how many changed; repeating the call changes nothing more."""
        ...

    def reopen_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        """After a full refund: paid charges become ``status`` (unpaid, or pay-later again); idempotent."""
        ...

    def overdue_debts(self) -> list[OverdueHisDebt]:
        """Every patient with overdue debt in the hospital system, for the staff list."""
        ...

    def create_patient(self, new_file: NewPatientFile) -> Patient:
        """Open a patient file, all of it or nothing. Idempotent by ID number: when a patient with
        this ID number exists already, that patient is returned and nothing changes."""
        ...
