"""The demo hospital's e-invoice platform (``hospital.billing = "demo:"``): tables ``e_invoices`` and
``e_invoice_reversals`` in the kiosk's database.

Invoice numbers and check codes look like a provincial e-invoice's (``33`` + date + 8 digits; a
6-character check code). The verification link comes from ``hospital.invoice_verify_url``
(``{number}``, ``{check_code}``); without one the invoice carries no link and no QR is printed.
"""
from __future__ import annotations

import hashlib
from datetime import date

from kiosk.clock import Clock, to_local, to_utc_text
from kiosk.his import demo_billing_store
from kiosk.his.port import HisPort, Patient
from kiosk.insurance.port import PreSettlement
from kiosk.money import Fen
from kiosk.printing.invoice import Invoice, InvoiceLine
from kiosk.printing.layouts import Hospital
from kiosk.storage import Database, lock, write_transaction


def open_demo_invoices(address: str, context) -> "DemoInvoices":
    config = context.config
    hospital = Hospital(config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en)
    return DemoInvoices(context.db, context.clock, hospital, context.his, config.systems.invoice_verify_url)


def invoice_number(issued_at, seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return f"33{to_local(issued_at):%y%m%d}{int(digest[:8], 16) % 10**8:08d}"


def verification_link(template: str, number: str, check_code: str) -> str:
    return template.format(number=number, check_code=check_code) if template else ""


class DemoInvoices:
    def __init__(self, db: Database, clock: Clock, hospital: Hospital, his: HisPort,
                 verify_url_template: str = "") -> None:
        self._db = db
        self._clock = clock
        self._hospital = hospital
        self._his = his
        self._verify_url = verify_url_template

    def issue_invoice(self, intent_id: str, patient: Patient, settlement: PreSettlement,
                      descriptions: dict[str, tuple[str, str]]) -> Invoice:
        with write_transaction(self._db) as db:
            lock(db, f"e-invoice:{intent_id}")  # one invoice per bill, whichever kiosk asks twice
            if not demo_billing_store.invoice_exists(db, intent_id):
                issued_at = self._clock.now()
                seed = f"{intent_id}|{settlement.setl_id}|{to_utc_text(issued_at)}"
                number = invoice_number(issued_at, seed)
                check_code = hashlib.sha256(seed.encode()).hexdigest()[8:14].upper()
                lines = [InvoiceLine(item.item_class, *descriptions[item.charge_id], item.amount_fen)
                         for item in settlement.items]
                demo_billing_store.add_invoice(
                    db, number=number, intent_id=intent_id, patient_id=patient.id, setl_id=settlement.setl_id,
                    check_code=check_code, verification_url=verification_link(self._verify_url, number, check_code),
                    total_fen=settlement.medfee_sumamt, fund_fen=settlement.fund_pay_sumamt,
                    account_fen=settlement.acct_pay, self_pay_fen=settlement.psn_cash_pay, lines=lines,
                    issued_at=issued_at)
        invoice = self.invoice_for(intent_id)
        assert invoice is not None
        return invoice

    def reverse_invoice(self, intent_id: str, refund_request_no: str) -> str | None:
        with write_transaction(self._db) as db:
            lock(db, f"e-invoice:{intent_id}")
            original = demo_billing_store.invoice_paid(db, intent_id)
            if original is None:
                return None
            existing = self.red_invoice_for(intent_id)
            if existing is not None:
                return existing
            issued_at = self._clock.now()
            red_number = invoice_number(issued_at, f"red|{original.number}|{refund_request_no}")
            demo_billing_store.add_red_invoice(db, red_number, original.number, intent_id, refund_request_no,
                                               -original.self_pay_fen, issued_at)
            return red_number

    def red_invoice_for(self, intent_id: str) -> str | None:
        return demo_billing_store.red_invoice_number(self._db, intent_id)

    def invoice_for(self, intent_id: str) -> Invoice | None:
        stored = demo_billing_store.invoice_of(self._db, intent_id)
        if stored is None:
            return None
        patient = self._his.patient(stored.patient_id)
        return Invoice(self._hospital, patient.name, patient.id_number, stored.lines, stored.fund_fen,
                       stored.account_fen, stored.self_pay_fen, stored.number, stored.check_code,
                       stored.verification_url, stored.issued_at)

    def invoices_issued_on(self, day: date) -> list[tuple[str, str, Fen]]:
        return [(issued.number, issued.intent_id, issued.self_pay_fen)
                for issued in demo_billing_store.invoices_by_issue_time(self._db)
                if to_local(issued.issued_at).date() == day]
