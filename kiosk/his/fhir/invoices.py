"""``BillingPort`` over FHIR ``Invoice`` (``hospital.billing`` = the FHIR address, the default for a FHIR HIS).

An e-invoice is a conditional create (``If-None-Exist`` on the payment intent's identifier) of an
``Invoice`` in status ``issued``: the line items with their Chinese and English texts, ``totalGross``
the bill, ``totalNet`` the self-pay part, fund and personal account in extensions, the invoice number
and check code as identifiers. The red-letter reversal sets it ``cancelled`` with the red-letter
number as another identifier, version-checked (``If-Match``). The verification link comes from
``hospital.invoice_verify_url``; without one no QR is printed.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.clock import Clock, HOSPITAL_ZONE, to_local, to_utc_text
from kiosk.his.demo_invoices import invoice_number, verification_link
from kiosk.his.fhir import mapping as m
from kiosk.his.fhir.client import PreconditionFailed
from kiosk.his.port import HisError, HisPort, ItemClass, Patient
from kiosk.insurance.port import PreSettlement
from kiosk.money import Fen
from kiosk.printing.invoice import Invoice, InvoiceLine
from kiosk.printing.layouts import Hospital

INTENT_SYSTEM = f"{m.BASE}/payment-intent"
NUMBER_SYSTEM = f"{m.BASE}/invoice-number"
CHECK_CODE_SYSTEM = f"{m.BASE}/invoice-check-code"
RED_SYSTEM = f"{m.BASE}/red-letter-invoice-number"


def open_fhir_invoices(address: str, context) -> "FhirInvoices":
    his = context.his
    client = getattr(his, "client", None)
    if client is None:
        raise HisError("FHIR e-invoices need the FHIR hospital system as hospital.his")
    config = context.config
    hospital = Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en)
    return FhirInvoices(client, context.clock, hospital, his, config.systems.invoice_verify_url)


class FhirInvoices:
    def __init__(self, client, clock: Clock, hospital: Hospital, his: HisPort, verify_url_template: str = "") -> None:
        self._client = client
        self._clock = clock
        self._hospital = hospital
        self._his = his
        self._verify_url = verify_url_template

    def _find(self, intent_id: str) -> dict[str, Any] | None:
        found = self._client.search("Invoice", identifier=f"{INTENT_SYSTEM}|{intent_id}").resources
        return found[0] if found else None

    def issue_invoice(self, intent_id: str, patient: Patient, settlement: PreSettlement,
                      descriptions: dict[str, tuple[str, str]]) -> Invoice:
        issued_at = self._clock.now()
        seed = f"{intent_id}|{settlement.setl_id}"
        number = invoice_number(issued_at, seed)
        check_code = hashlib.sha256(seed.encode()).hexdigest()[8:14].upper()
        resource = {
            "resourceType": "Invoice", "status": "issued", "date": to_utc_text(issued_at),
            "identifier": [{"system": INTENT_SYSTEM, "value": intent_id}, {"system": NUMBER_SYSTEM, "value": number},
                           {"system": CHECK_CODE_SYSTEM, "value": check_code}],
            "subject": {"reference": f"Patient/{patient.id}"},
            "lineItem": [{"sequence": n + 1, "chargeItemCodeableConcept": {
                "coding": [{"system": m.ITEM_CLASS_SYSTEM, "code": item.item_class.value}],
                "text": descriptions[item.charge_id][0]},
                "priceComponent": [{"type": "base", "amount": m.money(item.amount_fen)}],
                "extension": [m.extension("description-en", "valueString", descriptions[item.charge_id][1])]}
                for n, item in enumerate(settlement.items)],
            "totalGross": m.money(settlement.medfee_sumamt), "totalNet": m.money(settlement.psn_cash_pay),
            "extension": [m.extension("fund-pay", "valueMoney", m.money(settlement.fund_pay_sumamt)),
                          m.extension("account-pay", "valueMoney", m.money(settlement.acct_pay)),
                          m.extension("setl-id", "valueString", settlement.setl_id),
                          m.extension("verification-url", "valueUrl",
                                      verification_link(self._verify_url, number, check_code))],
        }
        created = self._client.create(resource, f"identifier={INTENT_SYSTEM}|{intent_id}")
        return self._invoice(created.body, patient)

    def invoice_for(self, intent_id: str) -> Invoice | None:
        found = self._find(intent_id)
        if found is None:
            return None
        return self._invoice(found, self._his.patient(m.reference_id(found.get("subject"), "Patient") or ""))

    def _invoice(self, resource: dict[str, Any], patient: Patient) -> Invoice:
        lines = tuple(InvoiceLine(
            ItemClass(next(c["code"] for c in line["chargeItemCodeableConcept"]["coding"])),
            line["chargeItemCodeableConcept"].get("text", ""), m.ext(line, "description-en", "valueString", ""),
            m.fen_of(line["priceComponent"][0]["amount"])) for line in resource.get("lineItem", []))
        return Invoice(self._hospital, patient.name, patient.id_number, lines,
                       m.fen_of(m.ext(resource, "fund-pay", "valueMoney")),
                       m.fen_of(m.ext(resource, "account-pay", "valueMoney")), m.fen_of(resource.get("totalNet")),
                       m.identifier(resource, NUMBER_SYSTEM) or "", m.identifier(resource, CHECK_CODE_SYSTEM) or "",
                       m.ext(resource, "verification-url", "valueUrl", ""), m.parse_instant(resource["date"]))

    def reverse_invoice(self, intent_id: str, refund_request_no: str) -> str | None:
        for _ in range(3):
            found = self._find(intent_id)
            if found is None:
                return None
            existing = m.identifier(found, RED_SYSTEM)
            if existing:
                return existing
            number = m.identifier(found, NUMBER_SYSTEM)
            red = invoice_number(self._clock.now(), f"red|{number}|{refund_request_no}")
            cancelled = dict(found, status="cancelled", cancelledReason=f"refund {refund_request_no}",
                             identifier=[*found["identifier"], {"system": RED_SYSTEM, "value": red}])
            try:
                self._client.update(cancelled, found["meta"]["versionId"])
            except PreconditionFailed:
                continue
            return red
        raise HisError("the e-invoice kept changing while it was being reversed; please try again")

    def red_invoice_for(self, intent_id: str) -> str | None:
        found = self._find(intent_id)
        return m.identifier(found, RED_SYSTEM) if found else None

    def invoices_issued_on(self, day: date) -> list[tuple[str, str, Fen]]:
        start = datetime.combine(day, time(0, 0), HOSPITAL_ZONE)
        found = self._client.search("Invoice", _count="500", date=[f"ge{start.isoformat()}",
                                                                   f"lt{(start + timedelta(days=1)).isoformat()}"])
        return [(m.identifier(r, NUMBER_SYSTEM) or "", m.identifier(r, INTENT_SYSTEM) or "", m.fen_of(r.get("totalNet")))
                for r in found.resources if m.identifier(r, INTENT_SYSTEM)
                and to_local(m.parse_instant(r["date"])).date() == day]
