"""Same-day registration (当日挂号) at the kiosk, for a patient with no appointment today (or who needs
another department): choose a department, then a doctor and time, then register and check in at once.

The HIS books the appointment and puts the registration fee on today's bill as an unpaid charge;
the patient pays it with the other charges at "Pay". The request carries an idempotency key built
from the patient session, so a second tap or a retry after an error never books or charges twice,
and the check-in after it is itself repeatable (see ``CheckInService.check_in``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Callable

from kiosk.audit import AuditLog
from kiosk.clock import Clock, to_local
from kiosk.his.catalog import CLINIC_SESSIONS
from kiosk.his.port import AppointmentStatus, Department, HisPort, Slot

if TYPE_CHECKING:
    from kiosk.checkin.service import CheckInResult


@dataclass(frozen=True)
class DepartmentChoice:
    department: Department
    open_places: int  # places left today over all its doctors and sessions still open
    already_registered: bool  # the patient has an appointment there today (a second one is refused)


@dataclass(frozen=True)
class RegistrationChoices:
    departments: tuple[DepartmentChoice, ...]  # every clinic, in the HIS's order
    closed_for_today: bool  # the last session of the day is over: nothing can be registered until tomorrow


def registration_key(session_id: str, slot: Slot) -> str:
    """One key per patient session, doctor and session of the day: a double tap books once."""
    return f"kiosk-reg:{session_id}:{slot.doctor_id}:{slot.session}"


class SameDayRegistration:
    def __init__(self, clock: Clock, his: HisPort, audit: AuditLog,
                 check_in: Callable[[str, str], CheckInResult]) -> None:
        self._clock, self._his, self._audit, self._check_in = clock, his, audit, check_in

    def choices(self, patient_id: str) -> RegistrationChoices:
        """Blocking (HIS): the clinics with their open places; call from a worker thread."""
        today = self._clock.today()
        registered = {a.department_code for a in self._his.appointments_on(patient_id, today)
                      if a.status is not AppointmentStatus.CANCELLED}
        departments = tuple(
            DepartmentChoice(d, sum(s.remaining for s in self._his.open_slots(d.code, today)), d.code in registered)
            for d in self._his.departments() if d.is_clinic
        )
        last_slot = max(time.fromisoformat(last) for _, _, last in CLINIC_SESSIONS)
        closed = to_local(self._clock.now()).time() > last_slot and not any(d.open_places for d in departments)
        return RegistrationChoices(departments, closed)

    def slots(self, department_code: str) -> list[Slot]:
        """Blocking (HIS): today's doctors and times of one department that still have places."""
        return self._his.open_slots(department_code, self._clock.today())

    def register_and_check_in(self, patient_id: str, slot: Slot, idempotency_key: str) -> CheckInResult:
        """Blocking (HIS, database, printer): register, then check in, number and ticket as usual.

        Raises the HIS's ``RegistrationRefused`` subclasses (slot full, already registered, closed …)
        unchanged, so the screen can say what to do next.
        """
        self._audit.record("patient", "checkin.registration_requested", {
            "key": idempotency_key, "doctor": slot.doctor_id, "session": slot.session,
        })
        appointment = self._his.register(patient_id, slot.doctor_id, self._clock.today(), slot.time, idempotency_key)
        self._audit.record("patient", "checkin.registered", {
            "key": idempotency_key, "appointment": appointment.id, "fee_fen": slot.fee_fen,
        })
        return self._check_in(patient_id, appointment.id)
