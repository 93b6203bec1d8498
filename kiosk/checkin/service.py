"""Check-in after identification: today's appointments → check in at the HIS → queue number →
ticket → "your visit today" (where to go now, how many are ahead, what comes after, what is unpaid).

Each step can be repeated safely: the HIS check-in is idempotent, the queue number is one row per
appointment (written before printing; drawn from the department's atomic day counter, so a hospital's
kiosks sharing one database never hand out the same number), and the ticket prints through the journal under the key
``ticket:<appointment id>``, so a second tap or a restart never hands out a second number or ticket.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from kiosk.audit import AuditLog
from kiosk.checkin import store
from kiosk.checkin.registration import SameDayRegistration
from kiosk.checkin.window import CheckInWindow, WindowState
from kiosk.clock import Clock
from kiosk.his.masking import mask_name
from kiosk.his.port import Appointment, AppointmentStatus, Charge, Department, HisPort, ItemClass, Patient
from kiosk.printing.blocks import ScreenFallback
from kiosk.printing.journal import PrintService
from kiosk.printing.layouts import Hospital, QueueTicket, queue_ticket
from kiosk.storage import Database, write_transaction

log = logging.getLogger(__name__)

# Where an unpaid item sends the patient after paying.
SERVICE_DEPARTMENT = {
    ItemClass.LABORATORY: "LAB",
    ItemClass.EXAMINATION: "RAD",
    ItemClass.WESTERN_MEDICINE: "PHARM",
    ItemClass.CHINESE_MEDICINE: "PHARM",
}


class CheckInError(Exception):
    """The appointment cannot be checked in here; the message is plain words."""


class OutsideCheckInWindow(CheckInError):
    """Too early (``opens_at``, hospital-local) or too late for this appointment's check-in."""

    def __init__(self, state: WindowState, opens_at: datetime) -> None:
        super().__init__(f"check-in is {state.value.replace('_', ' ')} (it opens at {opens_at:%H:%M})")
        self.state = state
        self.opens_at = opens_at


@dataclass(frozen=True)
class AppointmentView:
    appointment: Appointment
    department: Department
    queue_number: str | None  # set once checked in at a kiosk
    window: WindowState = WindowState.OPEN  # may it be checked in now (see kiosk/checkin/window.py)
    opens_at: datetime | None = None  # hospital-local time check-in opens

    @property
    def checked_in(self) -> bool:
        return self.appointment.status is AppointmentStatus.CHECKED_IN


@dataclass(frozen=True)
class VisitToday:
    patient_id: str
    masked_name: str
    appointments: tuple[AppointmentView, ...]  # booked or checked in, by time
    unpaid_fen: int  # what the patient pays for today's unpaid charges after insurance (as the bill will ask)
    after: tuple[Department, ...]  # service departments waiting for this patient (tests, pharmacy)

    @property
    def open_appointments(self) -> tuple[AppointmentView, ...]:
        return tuple(a for a in self.appointments if not a.checked_in)


@dataclass(frozen=True)
class CheckInResult:
    ticket: QueueTicket
    appointment: AppointmentView
    printed: bool  # the paper came out (now or on an earlier tap)
    fallback: ScreenFallback | None  # show this on screen when the paper did not come out
    visit: VisitToday


class CheckInService:
    def __init__(self, db: Database, clock: Clock, his: HisPort, printing: PrintService,
                 hospital: Hospital, audit: AuditLog, status_url: str = "",
                 window: CheckInWindow | None = None) -> None:
        """``status_url``: the hospital's queue-status page, ``{number}`` and ``{token}`` filled in per
        ticket (``hospital.queue_status_url``); "" prints no QR. ``window``: when check-in is open."""
        self._db, self._clock, self._his, self._printing = db, clock, his, printing
        self._hospital, self._audit = hospital, audit
        self.status_url = status_url  # the queue-status page template ("" = no QR on tickets)
        self.window = window or CheckInWindow()
        # A same-day registration is checked in at once, whatever its slot time: the number is the point.
        self.registration = SameDayRegistration(clock, his, audit, self._check_in_now)
        # (patient, charges) -> the patient's cash share after insurance; bootstrap sets the insurance's.
        # Without it the ticket would state the amount before insurance, which the bill never asks.
        self.cash_estimate: Callable[[Patient, list[Charge]], int] | None = None

    def visit_today(self, patient_id: str) -> VisitToday:
        patient = self._his.patient(patient_id)
        departments = {d.code: d for d in self._his.departments()}
        today = self._clock.today()
        now = self._clock.now()
        views = tuple(
            AppointmentView(a, departments[a.department_code], store.number_of(self._db, a.id),
                            self.window.state(a, now), self.window.opens_at(a))
            for a in self._his.appointments_on(patient_id, today)
            if a.status is not AppointmentStatus.CANCELLED and a.department_code in departments
        )
        charges = self._his.unpaid_charges(patient_id)
        after_codes = []
        for charge in charges:
            code = SERVICE_DEPARTMENT.get(charge.item_class)
            if code and code in departments and code not in after_codes:
                after_codes.append(code)
        unpaid = (self.cash_estimate(patient, charges) if self.cash_estimate is not None and charges
                  else sum(c.amount_fen for c in charges))
        return VisitToday(patient_id, mask_name(patient.name), views, unpaid, tuple(departments[c] for c in after_codes))

    def check_in(self, patient_id: str, appointment_id: str) -> CheckInResult:
        """Blocking (HIS, database, printer): call from a worker thread. Refused outside the check-in
        window (``OutsideCheckInWindow``); an appointment already checked in shows its number again."""
        mine = {a.id: a for a in self._his.appointments_on(patient_id, self._clock.today())}
        if appointment_id not in mine:
            raise CheckInError("this appointment is not one of yours for today")
        appointment = mine[appointment_id]
        state = self.window.state(appointment, self._clock.now())
        if appointment.status is not AppointmentStatus.CHECKED_IN and state is not WindowState.OPEN:
            self._audit.record("patient", "checkin.outside_window", {"appointment": appointment_id, "state": state.value})
            raise OutsideCheckInWindow(state, self.window.opens_at(appointment))
        return self._check_in_now(patient_id, appointment_id)

    def _check_in_now(self, patient_id: str, appointment_id: str) -> CheckInResult:
        mine = {a.id: a for a in self._his.appointments_on(patient_id, self._clock.today())}
        if appointment_id not in mine:
            raise CheckInError("this appointment is not one of yours for today")
        appointment = self._his.check_in(appointment_id)
        department = {d.code: d for d in self._his.departments()}[appointment.department_code]
        number, sequence = self._assign_number(patient_id, appointment)
        patient = self._his.patient(patient_id)
        ticket = QueueTicket(
            number=number, department_zh=department.name_zh, department_en=department.name_en,
            floor=department.floor, room=department.room, people_ahead=self.people_ahead(appointment.id),
            issued_at=self._clock.now(), patient_name=patient.name,
            status_url=self.status_url.format(number=number, token=_token(appointment.id)),
            doctor_name=appointment.doctor_name,
        )
        outcome = self._printing.print_receipt(queue_ticket(self._hospital, ticket), key=f"ticket:{appointment.id}")
        if outcome.fallback is not None:
            log.warning("queue ticket %s not printed: %s", number, outcome.error)
        self._audit.record("patient", "checkin.checked_in", {
            "appointment": appointment.id, "number": number, "sequence": sequence,
            "printed": outcome.printed or outcome.already_printed,
        })
        return CheckInResult(ticket, AppointmentView(appointment, department, number),
                             outcome.printed or outcome.already_printed, outcome.fallback, self.visit_today(patient_id))

    def people_ahead(self, appointment_id: str) -> int:
        return store.people_ahead(self._db, appointment_id)

    def mark_called(self, appointment_id: str) -> None:
        """The clinic called this number (the calling system's hook; the demo and tests use it)."""
        with write_transaction(self._db) as db:
            store.mark_called(db, appointment_id, self._clock.now())

    def _assign_number(self, patient_id: str, appointment: Appointment) -> tuple[str, int]:
        """The appointment's number, drawn once: the department's counter for the day goes up by one in
        a single statement, so kiosks sharing the hospital's database never hand out the same number."""
        day = appointment.day.isoformat()
        with write_transaction(self._db) as db:
            store.lock_appointment_number(db, appointment.id)  # two kiosks checking in the same appointment: one draws
            issued = store.issued_number(db, appointment.id)
            if issued is not None:
                return issued.number, issued.sequence
            sequence = store.next_sequence(db, appointment.department_code, day)
            issued = store.IssuedNumber(f"{self._prefix(appointment.department_code)}{sequence:03d}", sequence)
            store.add_number(db, appointment.id, patient_id, appointment.department_code, day, issued,
                             self._clock.now())
            return issued.number, issued.sequence

    def _prefix(self, department_code: str) -> str:
        """One letter per clinic (A, B, …) in the HIS's order, so numbers of two clinics never look alike."""
        clinics = sorted(d.code for d in self._his.departments() if d.is_clinic)
        index = clinics.index(department_code) if department_code in clinics else len(clinics)
        return chr(ord("A") + index % 26)


def _token(appointment_id: str) -> str:
    return hashlib.sha256(appointment_id.encode("utf-8")).hexdigest()[:4].upper()
