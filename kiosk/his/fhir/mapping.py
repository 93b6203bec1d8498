"""FHIR R4 resources ↔ the HIS port's shapes.

What R4 has no element for travels in extensions under ``EXT`` (insurance type and credit score of a
Patient, Chinese/English texts, floor and room of a department, a doctor's title and registration
fee, the kiosk's own status of a charge); code systems under ``CS``. The identifier systems of the ID
number and the hospital's patient number come from the config (``[fhir]``). Money is ``Money`` in
CNY with two decimals; the port's integer fen is converted exactly.
"""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from kiosk.clock import HOSPITAL_ZONE
from kiosk.his.port import (
    Appointment,
    AppointmentStatus,
    Charge,
    ChargeStatus,
    Department,
    InsuranceCategory,
    InsuranceType,
    ItemClass,
    NewCharge,
    NewPatientFile,
    Patient,
    Sex,
)
from kiosk.money import Fen

BASE = "http://onevisit.org/fhir"
EXT = f"{BASE}/StructureDefinition/"
CS = f"{BASE}/CodeSystem/"
DEPARTMENT_SYSTEM = f"{CS}department"
DOCTOR_SYSTEM = f"{CS}doctor"
CHARGE_SYSTEM = f"{BASE}/charge"  # ChargeItem.identifier: the charge id the kiosk and the bill share
APPOINTMENT_SYSTEM = f"{BASE}/appointment"
REGISTRATION_SYSTEM = f"{BASE}/registration"  # same-day registration idempotency keys
CHECKIN_SYSTEM = f"{BASE}/checkin"  # Encounter.identifier: one encounter per checked-in appointment
MESSAGE_SYSTEM = f"{BASE}/message"
ACCOUNT_TYPE_OVERDUE = (f"{CS}account-type", "overdue-debt")
ITEM_CLASS_SYSTEM = f"{CS}item-class"

FHIR_CHARGE_STATUS = {ChargeStatus.UNPAID: "billable", ChargeStatus.PAID: "billed", ChargeStatus.PAY_LATER: "billed",
                      ChargeStatus.REFUNDED: "not-billable", ChargeStatus.VOIDED: "aborted"}
FHIR_APPOINTMENT_STATUS = {"booked": AppointmentStatus.BOOKED, "pending": AppointmentStatus.BOOKED,
                           "proposed": AppointmentStatus.BOOKED, "arrived": AppointmentStatus.CHECKED_IN,
                           "checked-in": AppointmentStatus.CHECKED_IN, "fulfilled": AppointmentStatus.CHECKED_IN,
                           "cancelled": AppointmentStatus.CANCELLED, "noshow": AppointmentStatus.CANCELLED,
                           "entered-in-error": AppointmentStatus.CANCELLED}


def money(fen: Fen) -> dict[str, Any]:
    return {"value": float(Decimal(fen) / 100), "currency": "CNY"}


def fen_of(value: dict[str, Any] | None) -> Fen:
    return int((Decimal(str((value or {}).get("value", 0))) * 100).to_integral_value())


def ext(resource: dict[str, Any], name: str, kind: str, default: Any = None) -> Any:
    for extension in resource.get("extension", []):
        if extension.get("url") == EXT + name:
            return extension.get(kind, default)
    return default


def extension(name: str, kind: str, value: Any) -> dict[str, Any]:
    return {"url": EXT + name, kind: value}


def identifier(resource: dict[str, Any], system: str) -> str | None:
    return next((i.get("value") for i in resource.get("identifier", []) if i.get("system") == system), None)


def reference_id(reference: dict[str, Any] | None, resource_type: str) -> str | None:
    text = (reference or {}).get("reference", "")
    prefix = f"{resource_type}/"
    return text[len(prefix):].split("/_history")[0] if text.startswith(prefix) else None


def local_instant(day: date, at: time) -> str:
    return datetime.combine(day, at, HOSPITAL_ZONE).isoformat()


def parse_instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# Patients -----------------------------------------------------------------------------------------------

def patient_of(resource: dict[str, Any], id_system: str, accounts: list[dict[str, Any]]) -> Patient:
    name = next((n.get("text") or "".join(n.get("family", "") + "".join(n.get("given", [])))
                 for n in resource.get("name", [])), "")
    phone = next((t.get("value", "") for t in resource.get("telecom", []) if t.get("system") == "phone"), "")
    overdue = sum(fen_of(ext(a, "overdue-amount", "valueMoney")) for a in accounts if a.get("status") == "active")
    return Patient(
        id=resource["id"], name=name, id_number=identifier(resource, id_system) or "", phone=phone,
        birth_date=date.fromisoformat(resource["birthDate"]),
        sex=Sex.FEMALE if resource.get("gender") == "female" else Sex.MALE,
        insurance_type=InsuranceType(ext(resource, "insurance-type", "valueCode", InsuranceType.SELF_PAY.value)),
        credit_score=int(ext(resource, "credit-score", "valueInteger", 0)), overdue_debt_fen=overdue)


def patient_resource(new: NewPatientFile, id_system: str, credit_score: int) -> dict[str, Any]:
    return {
        "resourceType": "Patient", "active": True,
        "identifier": [{"system": id_system, "value": new.id_number,
                        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "NI"}]}}],
        "name": [{"text": new.name}],
        "telecom": [{"system": "phone", "value": new.phone, "use": "mobile"}] if new.phone else [],
        "gender": "female" if new.sex is Sex.FEMALE else "male", "birthDate": new.birth_date.isoformat(),
        "extension": [extension("insurance-type", "valueCode", InsuranceType.SELF_PAY.value),  # until insured
                      extension("credit-score", "valueInteger", credit_score)],
    }


# Departments and appointments -----------------------------------------------------------------------------

def department_of(location: dict[str, Any]) -> Department:
    kinds = {c.get("code") for t in location.get("type", []) for c in t.get("coding", [])}
    return Department(identifier(location, DEPARTMENT_SYSTEM) or location["id"], location.get("name", ""),
                      (location.get("alias") or [""])[0], int(ext(location, "floor", "valueInteger", 1)),
                      ext(location, "room", "valueString", ""), "service" not in kinds)


def appointment_of(resource: dict[str, Any], department_codes: dict[str, str]) -> Appointment:
    patient_id = doctor_name = department = ""
    for participant in resource.get("participant", []):
        actor = participant.get("actor", {})
        patient_id = reference_id(actor, "Patient") or patient_id
        if reference_id(actor, "Practitioner"):
            doctor_name = actor.get("display", "")
        location = reference_id(actor, "Location")
        if location:
            department = department_codes.get(location, "")
    start = parse_instant(resource["start"]).astimezone(HOSPITAL_ZONE)
    arrived = ext(resource, "arrived-at", "valueDateTime")
    return Appointment(resource["id"], patient_id, department, doctor_name, start.date(),
                       start.time().replace(second=0, microsecond=0),
                       FHIR_APPOINTMENT_STATUS.get(resource.get("status", ""), AppointmentStatus.CANCELLED),
                       parse_instant(arrived) if arrived else None)


# Charges --------------------------------------------------------------------------------------------------

def charge_of(resource: dict[str, Any]) -> Charge:
    status = ext(resource, "charge-status", "valueCode")
    if status is None:
        status = next((s.value for s, fhir in FHIR_CHARGE_STATUS.items() if fhir == resource.get("status")),
                      ChargeStatus.VOIDED.value)
    code = resource.get("code", {})
    item_class = next((c["code"] for c in code.get("coding", []) if c.get("system") == ITEM_CLASS_SYSTEM),
                      ItemClass.MATERIALS.value)
    return Charge(identifier(resource, CHARGE_SYSTEM) or resource["id"],
                  reference_id(resource.get("subject"), "Patient") or "", ItemClass(item_class), code.get("text", ""),
                  ext(resource, "description-en", "valueString", code.get("text", "")),
                  fen_of(resource.get("priceOverride")),
                  InsuranceCategory(ext(resource, "insurance-category", "valueCode", "C")), ChargeStatus(status))


def charge_resource(charge: NewCharge, status: ChargeStatus = ChargeStatus.UNPAID) -> dict[str, Any]:
    return {
        "resourceType": "ChargeItem", "status": FHIR_CHARGE_STATUS[status],
        "identifier": [{"system": CHARGE_SYSTEM, "value": charge.id}],
        "subject": {"reference": f"Patient/{charge.patient_id}"},
        "code": {"coding": [{"system": ITEM_CLASS_SYSTEM, "code": charge.item_class.value}],
                 "text": charge.description_zh},
        "occurrenceDateTime": charge.service_day.isoformat(), "quantity": {"value": 1},
        "priceOverride": money(charge.amount_fen),
        "extension": [extension("charge-status", "valueCode", status.value),
                      extension("description-en", "valueString", charge.description_en),
                      extension("insurance-category", "valueCode", charge.insurance_category.value)],
    }


def with_charge_status(resource: dict[str, Any], status: ChargeStatus) -> dict[str, Any]:
    changed = dict(resource, status=FHIR_CHARGE_STATUS[status])
    changed["extension"] = [e for e in resource.get("extension", []) if e.get("url") != EXT + "charge-status"]
    changed["extension"].append(extension("charge-status", "valueCode", status.value))
    return changed
