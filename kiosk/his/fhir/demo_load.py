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
from kiosk.his.port import ChargeStatus, InsuranceCategory, ItemClass, NewCharge
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
        "resourceType": "Location", "id": code, "status": "active", "name": zh, "alias": [en],
        "identifier": [{"system": m.DEPARTMENT_SYSTEM, "value": code}],
        "type": [{"coding": [{"system": m.CS + "department-kind", "code": "clinic" if is_clinic else "service"}]}],
        "extension": [m.extension("floor", "valueInteger", floor), m.extension("room", "valueString", room)],
    } for code, zh, en, floor, room, is_clinic in db.execute(
        "SELECT code, name_zh, name_en, floor, room, is_clinic FROM departments ORDER BY code")]


def _practitioners(db) -> list[dict[str, Any]]:
    return [{
        "resourceType": "Practitioner", "id": doctor_id, "active": True, "name": [{"text": name}],
        "identifier": [{"system": m.DOCTOR_SYSTEM, "value": doctor_id}],
        "extension": [m.extension("title-zh", "valueString", title_zh), m.extension("title-en", "valueString", title_en),
                      m.extension("registration-fee", "valueMoney", m.money(fee)),
                      m.extension("department", "valueReference", {"reference": f"Location/{code}"})],
    } for doctor_id, name, code, title_zh, title_en, fee in db.execute(
        "SELECT id, name, department_code, title_zh, title_en, registration_fee_fen FROM doctors ORDER BY id")]


def _patients(db, id_system: str) -> list[dict[str, Any]]:
    resources = []
    for pid, name, id_number, phone, birth, sex, insurance, score in db.execute(
            "SELECT id, name, id_number, phone, birth_date, sex, insurance_type, credit_score FROM patients ORDER BY id"):
        resources.append({
            "resourceType": "Patient", "id": pid, "active": True, "name": [{"text": name}],
            "identifier": [{"system": id_system, "value": id_number}],
            "telecom": [{"system": "phone", "value": phone, "use": "mobile"}],
            "gender": "female" if sex == "F" else "male", "birthDate": birth,
            "extension": [m.extension("insurance-type", "valueCode", insurance),
                          m.extension("credit-score", "valueInteger", score)],
        })
    return resources


def _accounts(db) -> list[dict[str, Any]]:
    system, code = m.ACCOUNT_TYPE_OVERDUE
    return [{
        "resourceType": "Account", "id": f"OVERDUE-{pid}", "status": "active", "name": "逾期欠费 overdue debt",
        "type": {"coding": [{"system": system, "code": code}]}, "subject": [{"reference": f"Patient/{pid}"}],
        "extension": [m.extension("overdue-amount", "valueMoney", m.money(fen))],
    } for pid, fen in db.execute("SELECT id, overdue_debt_fen FROM patients WHERE overdue_debt_fen > 0 ORDER BY id")]


def _appointments(db, day: date) -> list[dict[str, Any]]:
    resources = []
    for aid, pid, code, doctor_id, doctor_name, slot, status in db.execute(
            "SELECT id, patient_id, department_code, doctor_id, doctor_name, slot_time, status FROM appointments "
            "WHERE day = ? ORDER BY id", (day.isoformat(),)):
        start = datetime.combine(day, time.fromisoformat(slot), m.HOSPITAL_ZONE)
        resources.append({
            "resourceType": "Appointment", "id": aid, "status": "arrived" if status == "checked_in" else status,
            "start": start.isoformat(), "end": (start + timedelta(minutes=30)).isoformat(),
            "identifier": [{"system": m.APPOINTMENT_SYSTEM, "value": aid}],
            "participant": [{"actor": {"reference": f"Patient/{pid}"}, "status": "accepted"},
                            {"actor": {"reference": f"Practitioner/{doctor_id}", "display": doctor_name},
                             "status": "accepted"},
                            {"actor": {"reference": f"Location/{code}"}, "status": "accepted"}],
        })
    return resources


def _slots(db, day: date) -> list[dict[str, Any]]:
    """One Schedule per doctor and day; one Slot per place of each session, busy for the places booked."""
    resources = []
    rows = db.execute(
        "SELECT s.doctor_id, d.department_code, s.session, s.first_slot, s.last_slot, s.places FROM doctor_sessions s "
        "JOIN doctors d ON d.id = s.doctor_id WHERE s.day = ? ORDER BY s.doctor_id, s.session", (day.isoformat(),))
    schedules = set()
    for doctor_id, code, session, first, last, places in rows.fetchall():
        schedule_id = f"SCH-{doctor_id}-{day:%Y%m%d}"
        if schedule_id not in schedules:
            schedules.add(schedule_id)
            resources.append({"resourceType": "Schedule", "id": schedule_id, "active": True,
                              "actor": [{"reference": f"Practitioner/{doctor_id}"}, {"reference": f"Location/{code}"}],
                              "planningHorizon": {"start": f"{day.isoformat()}T00:00:00+08:00",
                                                  "end": f"{day.isoformat()}T23:59:59+08:00"}})
        taken = db.execute("SELECT count(*) FROM appointments WHERE doctor_id = ? AND day = ? AND status != 'cancelled' "
                           "AND slot_time BETWEEN ? AND ?", (doctor_id, day.isoformat(), first, last)).fetchone()[0]
        start = datetime.combine(day, time.fromisoformat(first), m.HOSPITAL_ZONE)
        end = datetime.combine(day, time.fromisoformat(last), m.HOSPITAL_ZONE) + timedelta(minutes=30)
        for place in range(max(places, taken)):
            resources.append({
                "resourceType": "Slot", "id": f"SLOT-{doctor_id}-{day:%Y%m%d}-{session[0].upper()}{place + 1:02d}",
                "schedule": {"reference": f"Schedule/{schedule_id}"}, "status": "busy" if place < taken else "free",
                "start": start.isoformat(), "end": end.isoformat(),
                "extension": [m.extension("session", "valueCode", session),
                              m.extension("practitioner", "valueString", doctor_id)],
            })
    return resources


def _charges(db) -> list[dict[str, Any]]:
    resources = []
    for cid, pid, day, item_class, zh, en, fen, category, status in db.execute(
            "SELECT id, patient_id, service_day, item_class, description_zh, description_en, amount_fen, "
            "insurance_category, status FROM charges ORDER BY id"):
        charge = NewCharge(cid, pid, date.fromisoformat(day), ItemClass(item_class), zh, en, fen, InsuranceCategory(category))
        resources.append(dict(m.charge_resource(charge, ChargeStatus(status)), id=cid))
    return resources
