"""Fills a FHIR R4 server with the demo hospital of a day (for the tests, the benchmark and trying the adapter).

The same generator as the embedded demo (``kiosk.his.seed``, same seed) writes into a throwaway
in-memory SQLite database; every row then becomes a FHIR resource under the same id (``DEMO-001``,
``CARD``, ``CARD-1``, ``A20261122-0001`` …), so a journey reads the same on both hospitals. Sent as
batch Bundles of ``PUT``s: loading twice changes nothing.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.his.fhir import mapping as m
from kiosk.his.fhir.client import FhirClient
from kiosk.his import demo_billing_store, demo_schedule_store, demo_store
from kiosk.his.port import AppointmentStatus, Sex
from kiosk.his.seed import seed_demo_hospital
from kiosk.storage import open_database

BATCH = 400


def demo_resources(day: date, id_number_system: str) -> list[dict[str, Any]]:
    db = open_database(":memory:")
    try:
        seed_demo_hospital(db, day)
        return [*_locations(db), *_practitioners(db), *_patients(db, id_number_system), *_accounts(db),
                *_appointments(db, day), *_slots(db, day), *_charges(db)]
    finally:
        db.close()


def load_demo_hospital(client: FhirClient, day: date, id_number_system: str) -> int:
    """PUT every resource of the demo hospital's ``day``; returns how many were sent."""
    resources = demo_resources(day, id_number_system)
    for start in range(0, len(resources), BATCH):
        client.batch([{"resource": r, "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}}
                            for r in resources[start:start + BATCH]])
    return len(resources)


def _locations(db) -> list[dict[str, Any]]:
    return [{
        "resourceType": "Location", "id": d.code, "status": "active", "name": d.name_zh, "alias": [d.name_en],
        "identifier": [{"system": m.DEPARTMENT_SYSTEM, "value": d.code}],
        "type": [{"coding": [{"system": m.CS + "department-kind", "code": "clinic" if d.is_clinic else "service"}]}],
        "extension": [m.extension("floor", "valueInteger", d.floor), m.extension("room", "valueString", d.room)],
    } for d in demo_store.departments_by_code(db)]


def _practitioners(db) -> list[dict[str, Any]]:
    return [{
        "resourceType": "Practitioner", "id": d.id, "active": True, "name": [{"text": d.name}],
        "identifier": [{"system": m.DOCTOR_SYSTEM, "value": d.id}],
        "extension": [m.extension("title-zh", "valueString", d.title_zh),
                      m.extension("title-en", "valueString", d.title_en),
                      m.extension("registration-fee", "valueMoney", m.money(d.registration_fee_fen)),
                      m.extension("department", "valueReference", {"reference": f"Location/{d.department_code}"})],
    } for d in demo_store.doctors(db)]


def _patients(db, id_system: str) -> list[dict[str, Any]]:
    return [{
        "resourceType": "Patient", "id": p.id, "active": True, "name": [{"text": p.name}],
        "identifier": [{"system": id_system, "value": p.id_number}],
        "telecom": [{"system": "phone", "value": p.phone, "use": "mobile"}],
        "gender": "female" if p.sex is Sex.FEMALE else "male", "birthDate": p.birth_date.isoformat(),
        "extension": [m.extension("insurance-type", "valueCode", p.insurance_type.value),
                      m.extension("credit-score", "valueInteger", p.credit_score)],
    } for p in demo_store.all_patients(db)]


def _accounts(db) -> list[dict[str, Any]]:
    system, code = m.ACCOUNT_TYPE_OVERDUE
    return [{
        "resourceType": "Account", "id": f"OVERDUE-{debt.patient_id}", "status": "active",
        "name": "逾期欠费 overdue debt", "type": {"coding": [{"system": system, "code": code}]},
        "subject": [{"reference": f"Patient/{debt.patient_id}"}],
        "extension": [m.extension("overdue-amount", "valueMoney", m.money(debt.amount_fen))],
    } for debt in demo_store.overdue_debts(db)]


def _appointments(db, day: date) -> list[dict[str, Any]]:
    resources = []
    for a in demo_store.appointments_on(db, day):
        start = datetime.combine(day, a.slot_time, m.HOSPITAL_ZONE)
        resources.append({
            "resourceType": "Appointment", "id": a.id,
            "status": "arrived" if a.status is AppointmentStatus.CHECKED_IN else a.status.value,
            "start": start.isoformat(), "end": (start + timedelta(minutes=30)).isoformat(),
            "identifier": [{"system": m.APPOINTMENT_SYSTEM, "value": a.id}],
            "participant": [{"actor": {"reference": f"Patient/{a.patient_id}"}, "status": "accepted"},
                            {"actor": {"reference": f"Practitioner/{a.doctor_id}", "display": a.doctor_name},
                             "status": "accepted"},
                            {"actor": {"reference": f"Location/{a.department_code}"}, "status": "accepted"}],
        })
    return resources


def _slots(db, day: date) -> list[dict[str, Any]]:
    """One Schedule per doctor and day; one Slot per place of each session, busy for the places booked."""
    resources = []
    schedules = set()
    for s in demo_schedule_store.sessions_on(db, day):
        schedule_id = f"SCH-{s.doctor_id}-{day:%Y%m%d}"
        if schedule_id not in schedules:
            schedules.add(schedule_id)
            resources.append({"resourceType": "Schedule", "id": schedule_id, "active": True,
                              "actor": [{"reference": f"Practitioner/{s.doctor_id}"},
                                        {"reference": f"Location/{s.department_code}"}],
                              "planningHorizon": {"start": f"{day.isoformat()}T00:00:00+08:00",
                                                  "end": f"{day.isoformat()}T23:59:59+08:00"}})
        taken = demo_schedule_store.places_taken(db, s.doctor_id, day, s.first_slot, s.last_slot)
        start = datetime.combine(day, time.fromisoformat(s.first_slot), m.HOSPITAL_ZONE)
        end = datetime.combine(day, time.fromisoformat(s.last_slot), m.HOSPITAL_ZONE) + timedelta(minutes=30)
        for place in range(max(s.places, taken)):
            resources.append({
                "resourceType": "Slot", "id": f"SLOT-{s.doctor_id}-{day:%Y%m%d}-{s.session[0].upper()}{place + 1:02d}",
                "schedule": {"reference": f"Schedule/{schedule_id}"}, "status": "busy" if place < taken else "free",
                "start": start.isoformat(), "end": end.isoformat(),
                "extension": [m.extension("session", "valueCode", s.session),
                              m.extension("practitioner", "valueString", s.doctor_id)],
            })
    return resources


def _charges(db) -> list[dict[str, Any]]:
    return [dict(m.charge_resource(c.charge, c.status), id=c.charge.id) for c in demo_billing_store.charges_on_file(db)]
