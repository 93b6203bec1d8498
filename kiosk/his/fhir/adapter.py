"""``HisPort`` over a hospital's FHIR R4 server (``hospital.his = "fhir+https://his.example.cn/fhir"``).

Each port call maps to FHIR interactions:

- patients: ``Patient`` search by identifier (``fhir.id_number_system``) or by ``phone`` + ``birthdate``,
  with ``_revinclude=Account:subject`` for overdue debt (active ``Account`` of type overdue-debt);
  a new file is a conditional create (``If-None-Exist: identifier=<id number>``);
- appointments: ``Appointment`` search by patient and date; check-in is one transaction of an
  ``Encounter`` (conditional create on ``appointment=``: one per appointment) and the ``Appointment`` set ``arrived`` with
  ``If-Match`` on the version just read;
- same-day registration: ``Schedule`` + free ``Slot`` search; booking is one transaction of the
  ``Appointment`` (``If-None-Exist`` on the kiosk's idempotency key), the ``Slot`` made busy
  (``If-Match``) and the registration ``ChargeItem`` (``If-None-Exist``);
- the bill: ``ChargeItem`` search by patient, filtered in the client (R4 has no ``status`` search
  parameter for ChargeItem); settling or reopening is one transaction of version-checked updates;
  a wheelchair fee is a conditional create;
- messages: ``Communication`` (conditional create on the message key).

A changed version (412) is read again and retried; an outage is ``HisUnavailable`` and nothing is
half-written because every write is a single conditional interaction or one transaction.
"""
from __future__ import annotations

import hashlib
import threading
import time as wall
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.clock import Clock, to_utc_text
from kiosk.his.catalog import REGISTRATION_ITEM
from kiosk.his.demo_registration import earliest_slot_time
from kiosk.his.fhir import mapping as m
from kiosk.his.fhir.client import FhirClient, PreconditionFailed
from kiosk.his.id_numbers import normalise_id_number
from kiosk.his.port import (
    AlreadyRegistered,
    AmbiguousPatient,
    Appointment,
    AppointmentNotFound,
    AppointmentStatus,
    Charge,
    ChargeStatus,
    CheckInRefused,
    Department,
    DepartmentClosed,
    DoctorNotAvailable,
    HisError,
    NewCharge,
    NewPatientFile,
    OverdueHisDebt,
    Patient,
    PatientNotFound,
    SessionOver,
    Slot,
    SlotFull,
)

NEW_FILE_CREDIT_SCORE = 0  # a new file has no credit history
REFERENCE_TTL_S = 600.0  # departments and doctors change rarely: read again after ten minutes
VERSION_RETRIES = 3
PAGE = "500"


def open_fhir_hospital(address: str, context) -> "FhirHospital":
    """The ``fhir+https://…`` (or ``fhir+http://`` for a local test server) adapter; connects lazily."""
    from kiosk.config import ConfigError

    fhir = context.config.fhir
    try:
        client = FhirClient(address.split("+", 1)[1], fhir.timeout_s, fhir.token_file, fhir.client_cert_file,
                            fhir.client_key_file, fhir.ca_file)
    except HisError as exc:  # a wrong address or certificate: the installer's to fix, one line, exit 2
        raise ConfigError(f"hospital.his = {address!r}: {exc}") from None
    return FhirHospital(client, context.clock, fhir.id_number_system)


class FhirHospital:
    def __init__(self, client: FhirClient, clock: Clock, id_number_system: str) -> None:
        self.client = client
        self._clock = clock
        self._id_system = id_number_system
        self._lock = threading.Lock()
        self._locations: tuple[float, dict[str, Department]] = (0.0, {})  # location id → department
        self._doctors: dict[str, dict[str, Any]] = {}

    def close(self) -> None:
        self.client.close()

    # Patients -----------------------------------------------------------------------------------------

    def _patients(self, **params: str) -> list[Patient]:
        found = self.client.search("Patient", _revinclude="Account:subject", _count=PAGE, **params).resources
        accounts = [r for r in found if r["resourceType"] == "Account"]
        return [m.patient_of(p, self._id_system, [a for a in accounts if any(
            m.reference_id(s, "Patient") == p["id"] for s in a.get("subject", []))])
            for p in found if p["resourceType"] == "Patient"]

    def find_patient_by_id_number(self, id_number: str) -> Patient | None:
        found = self._patients(identifier=f"{self._id_system}|{normalise_id_number(id_number)}")
        if len(found) > 1:
            raise AmbiguousPatient("more than one patient file has this ID number; please ask at the desk")
        return found[0] if found else None

    def find_patient_by_phone(self, phone: str, birth_date: date) -> Patient | None:
        found = self._patients(phone=phone.strip().replace(" ", "").replace("-", ""),
                               birthdate=birth_date.isoformat())
        if len(found) > 1:
            raise AmbiguousPatient("more than one patient has this phone number and birth date")
        return found[0] if found else None

    def patient(self, patient_id: str) -> Patient:
        found = self._patients(_id=patient_id)
        if not found:
            raise PatientNotFound(f"no patient with id {patient_id}")
        return found[0]

    def create_patient(self, new_file: NewPatientFile) -> Patient:
        """Conditional create on the ID number: a retry, or another kiosk, gets the same file."""
        number = normalise_id_number(new_file.id_number)
        resource = m.patient_resource(new_file, self._id_system, NEW_FILE_CREDIT_SCORE)
        resource["identifier"][0]["value"] = number
        created = self.client.create(resource, f"identifier={self._id_system}|{number}")
        return self.patient(created.body["id"])

    def overdue_debts(self) -> list[OverdueHisDebt]:
        system, code = m.ACCOUNT_TYPE_OVERDUE
        accounts = self.client.search("Account", type=f"{system}|{code}", status="active", _count=PAGE).resources
        totals: dict[str, int] = {}
        for account in accounts:
            for subject in account.get("subject", []):
                patient_id = m.reference_id(subject, "Patient")
                if patient_id:
                    totals[patient_id] = totals.get(patient_id, 0) + m.fen_of(m.ext(account, "overdue-amount",
                                                                                       "valueMoney"))
        return [OverdueHisDebt(p, fen) for p, fen in sorted(totals.items()) if fen > 0]

    # Departments and doctors --------------------------------------------------------------------------

    def _departments_by_location(self) -> dict[str, Department]:
        with self._lock:
            read_at, cached = self._locations
            if cached and wall.monotonic() - read_at < REFERENCE_TTL_S:
                return cached
        locations = self.client.search("Location", _count=PAGE).resources
        fresh = {loc["id"]: m.department_of(loc) for loc in locations if m.identifier(loc, m.DEPARTMENT_SYSTEM)}
        with self._lock:
            self._locations = (wall.monotonic(), fresh)
        return fresh

    def _location_of(self, department_code: str) -> str | None:
        return next((lid for lid, d in self._departments_by_location().items() if d.code == department_code), None)

    def departments(self) -> list[Department]:
        return sorted(self._departments_by_location().values(), key=lambda d: (d.floor, d.room))

    def _doctor(self, practitioner_id: str) -> dict[str, Any]:
        with self._lock:
            known = self._doctors.get(practitioner_id)
        if known is None:
            answer = self.client.read("Practitioner", practitioner_id)
            if answer is None:
                raise DoctorNotAvailable(f"there is no doctor {practitioner_id} in this hospital")
            known = answer.body
            with self._lock:
                self._doctors[practitioner_id] = known
        return known

    # Appointments -------------------------------------------------------------------------------------

    def _codes(self) -> dict[str, str]:
        return {lid: d.code for lid, d in self._departments_by_location().items()}

    def appointments_on(self, patient_id: str, day: date) -> list[Appointment]:
        found = self.client.search("Appointment", patient=f"Patient/{patient_id}", _count=PAGE,
                                   date=[f"ge{m.local_instant(day, time(0))}",
                                         f"lt{m.local_instant(day + timedelta(days=1), time(0))}"]).resources
        codes = self._codes()
        return sorted((m.appointment_of(a, codes) for a in found), key=lambda a: (a.slot_time, a.id))

    def check_in(self, appointment_id: str) -> Appointment:
        """Appointment ``arrived`` (If-Match) plus its Encounter, in one transaction; idempotent."""
        for _ in range(VERSION_RETRIES):
            answer = self.client.read("Appointment", appointment_id)
            if answer is None:
                raise AppointmentNotFound(f"no appointment with id {appointment_id}")
            resource = answer.body
            appointment = m.appointment_of(resource, self._codes())
            if appointment.status is AppointmentStatus.CHECKED_IN:
                return appointment
            if appointment.status is AppointmentStatus.CANCELLED:
                raise CheckInRefused("this appointment was cancelled; please ask at the registration desk")
            today = self._clock.today()
            if appointment.day != today:
                raise CheckInRefused(f"this appointment is for {appointment.day.isoformat()}, not today "
                                     f"({today.isoformat()})")
            now = to_utc_text(self._clock.now())
            arrived = dict(resource, status="arrived",
                           extension=[*resource.get("extension", []), m.extension("arrived-at", "valueDateTime", now)])
            encounter = {
                "resourceType": "Encounter", "status": "arrived",
                "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                "identifier": [{"system": m.CHECKIN_SYSTEM, "value": appointment_id}],
                "subject": {"reference": f"Patient/{appointment.patient_id}"},
                "appointment": [{"reference": f"Appointment/{appointment_id}"}], "period": {"start": now},
            }
            try:
                self.client.transaction([
                    {"resource": encounter, "request": {"method": "POST", "url": "Encounter",
                                                        "ifNoneExist": f"appointment=Appointment/{appointment_id}"}},
                    {"resource": arrived, "request": {"method": "PUT", "url": f"Appointment/{appointment_id}",
                                                      "ifMatch": f'W/"{answer.etag}"'}},
                ])
            except PreconditionFailed:
                continue  # changed meanwhile (another kiosk checked it in, a clerk moved it): read again
            return m.appointment_of(arrived, self._codes())
        raise HisError("the appointment kept changing while checking in; please try again")

    # Same-day registration ----------------------------------------------------------------------------

    def _free_slots(self, actor: str, day: date) -> list[dict[str, Any]]:
        schedules = self.client.search("Schedule", actor=actor, date=day.isoformat(), _count=PAGE).resources
        if not schedules:
            return []
        return self.client.search("Slot", schedule=",".join(f"Schedule/{s['id']}" for s in schedules),
                                  status="free", _count=PAGE).resources

    def open_slots(self, department_code: str, day: date) -> list[Slot]:
        today = self._clock.today()
        location = self._location_of(department_code)
        department = self._departments_by_location().get(location or "")
        if day < today or department is None or not department.is_clinic:
            return []
        not_before = earliest_slot_time(self._clock.now()) if day == today else time(0, 0)
        sessions: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for slot in self._free_slots(f"Location/{location}", day):
            sessions.setdefault((m.ext(slot, "practitioner", "valueString", ""), _session(slot)), []).append(slot)
        slots = []
        for (doctor_id, session), free in sorted(sessions.items(), key=lambda kv: (kv[0][1] != "morning", kv[0][0])):
            first, last = _session_times(free[0])
            if not_before > last:
                continue
            doctor = self._doctor(doctor_id)
            slots.append(Slot(doctor_id, _doctor_name(doctor), department_code,
                              m.ext(doctor, "title-zh", "valueString", ""), m.ext(doctor, "title-en", "valueString", ""),
                              session, max(first, not_before), m.fen_of(m.ext(doctor, "registration-fee", "valueMoney")),
                              len(free)))
        return slots

    def register(self, patient_id: str, doctor_id: str, day: date, slot_time: time,
                 idempotency_key: str) -> Appointment:
        """Appointment (If-None-Exist on the key) + the Slot made busy (If-Match) + the registration charge."""
        earlier = self.client.search("Appointment", identifier=f"{m.REGISTRATION_SYSTEM}|{idempotency_key}").resources
        if earlier:
            appointment = m.appointment_of(earlier[0], self._codes())
            if appointment.patient_id != patient_id:
                raise HisError("this registration request belongs to another patient")
            return appointment
        self.patient(patient_id)
        doctor = self._doctor(doctor_id)
        location = m.reference_id(m.ext(doctor, "department", "valueReference"), "Location") or ""
        department = self._departments_by_location().get(location)
        if department is None or not department.is_clinic:
            raise DepartmentClosed("this department takes no registrations at the kiosk; please ask at the desk")
        today = self._clock.today()
        if day != today:
            raise DoctorNotAvailable(f"registration here is for today ({today.isoformat()}) only")
        if any(a.department_code == department.code and a.status is not AppointmentStatus.CANCELLED
               for a in self.appointments_on(patient_id, day)):
            raise AlreadyRegistered(f"you already have an appointment with {department.name_en} today")
        not_before = earliest_slot_time(self._clock.now())
        for _ in range(VERSION_RETRIES):
            free = [s for s in self._free_slots(f"Practitioner/{doctor_id}", day)
                    if _session_times(s)[0] <= slot_time <= _session_times(s)[1]]
            if not free:
                raise SlotFull(f"{_doctor_name(doctor)} has no places left at {slot_time:%H:%M}; "
                               "please choose another time")
            slot = free[0]
            first, last = _session_times(slot)
            if not_before > last:
                raise SessionOver(f"the {_session(slot)} session is over; please choose a later time")
            try:
                return self._book(patient_id, doctor, department, day, max(slot_time, first, not_before), slot,
                                  idempotency_key)
            except PreconditionFailed:
                continue  # another kiosk took this place a moment ago: try the next one
        raise SlotFull("the places are going fast; please choose another time")

    def _book(self, patient_id: str, doctor: dict[str, Any], department: Department, day: date, at: time,
              slot: dict[str, Any], key: str) -> Appointment:
        location = self._location_of(department.code)
        digest = hashlib.sha256(key.encode()).hexdigest()[:12].upper()
        start = m.local_instant(day, at)
        appointment = {
            "resourceType": "Appointment", "status": "booked", "start": start,
            "end": m.local_instant(day, (datetime.combine(day, at) + timedelta(minutes=30)).time()),
            "identifier": [{"system": m.REGISTRATION_SYSTEM, "value": key}],
            "slot": [{"reference": f"Slot/{slot['id']}"}],
            "participant": [
                {"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"},
                {"actor": {"reference": f"Practitioner/{doctor['id']}", "display": _doctor_name(doctor)},
                 "status": "accepted"},
                {"actor": {"reference": f"Location/{location}"}, "status": "accepted"}],
        }
        item_class, zh, en, category = REGISTRATION_ITEM
        charge = m.charge_resource(NewCharge(f"REG-{digest}", patient_id, day, item_class, f"{zh}（{department.name_zh}）",
                                             f"{en} ({department.name_en})",
                                             m.fen_of(m.ext(doctor, "registration-fee", "valueMoney")), category))
        busy = dict(slot, status="busy")
        answer = self.client.transaction([
            {"fullUrl": "urn:uuid:" + _uuid(key), "resource": appointment,
             "request": {"method": "POST", "url": "Appointment",
                         "ifNoneExist": f"identifier={m.REGISTRATION_SYSTEM}|{key}"}},
            {"resource": busy, "request": {"method": "PUT", "url": f"Slot/{slot['id']}",
                                           "ifMatch": f'W/"{slot["meta"]["versionId"]}"'}},
            {"resource": charge, "request": {"method": "POST", "url": "ChargeItem",
                                             "ifNoneExist": f"identifier={m.CHARGE_SYSTEM}|REG-{digest}"}},
        ])
        booked = answer.body["entry"][0]["resource"]
        return m.appointment_of(booked, self._codes())

    # The bill -----------------------------------------------------------------------------------------

    def _charge_items(self, **params: str) -> list[dict[str, Any]]:
        return self.client.search("ChargeItem", _count=PAGE, **params).resources

    def unpaid_charges(self, patient_id: str) -> list[Charge]:
        # R4 has no ChargeItem status search parameter (a ?status= is silently ignored): filter here.
        charges = [m.charge_of(r) for r in self._charge_items(subject=f"Patient/{patient_id}")]
        return sorted((c for c in charges if c.status is ChargeStatus.UNPAID), key=lambda c: c.id)

    def post_charge(self, charge: NewCharge) -> Charge:
        self.patient(charge.patient_id)
        created = self.client.create(m.charge_resource(charge), f"identifier={m.CHARGE_SYSTEM}|{charge.id}")
        posted = m.charge_of(created.body)
        if posted.patient_id != charge.patient_id:
            raise HisError(f"charge {charge.id} already belongs to another patient")
        return posted

    def _change_charges(self, charge_ids: list[str], status: ChargeStatus, allowed: set[ChargeStatus]) -> int:
        if not charge_ids:
            return 0
        for _ in range(VERSION_RETRIES):
            items = self._charge_items(identifier=",".join(f"{m.CHARGE_SYSTEM}|{c}" for c in charge_ids))
            changes = [r for r in items if m.charge_of(r).status in allowed and m.charge_of(r).status is not status]
            if not changes:
                return 0
            try:
                self.client.transaction([
                    {"resource": m.with_charge_status(r, status),
                     "request": {"method": "PUT", "url": f"ChargeItem/{r['id']}",
                                 "ifMatch": f'W/"{r["meta"]["versionId"]}"'}} for r in changes])
            except PreconditionFailed:
                continue
            return len(changes)
        raise HisError("the bill kept changing while it was being settled; please try again")

    def mark_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        return self._change_charges(charge_ids, status, {ChargeStatus.UNPAID, ChargeStatus.PAY_LATER})

    def reopen_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        if status not in (ChargeStatus.UNPAID, ChargeStatus.PAY_LATER):
            return 0
        return self._change_charges(charge_ids, status, {ChargeStatus.PAID})

    # Messages -----------------------------------------------------------------------------------------

    def send_patient_message(self, patient_id: str, text_zh: str, text_en: str, key: str = "") -> None:
        self.patient(patient_id)
        key = key or f"unkeyed:{_uuid(patient_id + text_zh + to_utc_text(self._clock.now()))}"
        self.client.create({
            "resourceType": "Communication", "status": "in-progress",
            "identifier": [{"system": m.MESSAGE_SYSTEM, "value": key}],
            "subject": {"reference": f"Patient/{patient_id}"}, "recipient": [{"reference": f"Patient/{patient_id}"}],
            "medium": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode",
                                    "code": "SMSWRIT"}]}],
            "sent": to_utc_text(self._clock.now()),
            "payload": [{"contentString": text_zh}, {"contentString": text_en}],
        }, f"identifier={m.MESSAGE_SYSTEM}|{key}")


def _session(slot: dict[str, Any]) -> str:
    return m.ext(slot, "session", "valueCode", "morning")


def _session_times(slot: dict[str, Any]) -> tuple[time, time]:
    """(first, last) bookable time of the slot's session, hospital wall clock."""
    first = m.parse_instant(slot["start"]).astimezone(m.HOSPITAL_ZONE)
    end = m.parse_instant(slot["end"]).astimezone(m.HOSPITAL_ZONE)
    return first.time().replace(second=0, microsecond=0), (end - timedelta(minutes=30)).time().replace(second=0,
                                                                                                         microsecond=0)


def _doctor_name(doctor: dict[str, Any]) -> str:
    return next((n.get("text", "") for n in doctor.get("name", [])), "")


def _uuid(text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
