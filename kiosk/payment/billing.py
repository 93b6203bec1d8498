"""The billing port: the medical e-invoice of a settled bill, and its red-letter reversal (红字发票) when the
payment is refunded in full.

The charges themselves are the hospital system's (``HisPort.mark_charges`` / ``reopen_charges``); this
port only issues and reverses invoices. The adapter is chosen by ``hospital.billing`` (default: the
hospital system's own address): ``kiosk.his.demo_invoices`` for the demo, ``kiosk.his.fhir.invoices``
(FHIR ``Invoice``) for a real hospital. Every call is idempotent per payment intent, so the payment
service can repeat it after a crash.
"""
from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable

from kiosk.his.port import Patient
from kiosk.insurance.port import PreSettlement
from kiosk.money import Fen
from kiosk.printing.invoice import Invoice


@runtime_checkable
class BillingPort(Protocol):
    def issue_invoice(self, intent_id: str, patient: Patient, settlement: PreSettlement,
                      descriptions: dict[str, tuple[str, str]]) -> Invoice:
        """The intent's e-invoice (the same one when asked again)."""
        ...

    def invoice_for(self, intent_id: str) -> Invoice | None: ...

    def reverse_invoice(self, intent_id: str, refund_request_no: str) -> str | None:
        """The red-letter invoice number cancelling the intent's e-invoice (None when it has none);
        idempotent: a second call returns the same number."""
        ...

    def red_invoice_for(self, intent_id: str) -> str | None:
        """The red-letter invoice number of the intent's e-invoice, None while it stands (or has none)."""
        ...

    def invoices_issued_on(self, day: date) -> list[tuple[str, str, Fen]]:
        """(invoice number, intent id, self-pay fen) of every invoice issued on a hospital-local day."""
        ...
