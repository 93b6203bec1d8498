"""The demo hospital's e-invoice platform (``hospital.billing = "demo:"``): tables ``e_invoices`` and
``e_invoice_reversals`` in the kiosk's database.

Invoice numbers and check codes look like a provincial e-invoice's (``33`` + date + 8 digits; a
6-character check code). The verification link comes from ``hospital.invoice_verify_url``
(``{number}``, ``{check_code}``); without one the invoice carries no link and no QR is printed.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date


from kiosk.clock import Clock, from_utc_text, to_local, to_utc_text
from kiosk.his.port import HisPort, ItemClass, Patient
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
            if db.execute("SELECT 1 FROM e_invoices WHERE intent_id = ?", (intent_id,)).fetchone() is None:
                issued_at = self._clock.now()
                seed = f"{intent_id}|{settlement.setl_id}|{to_utc_text(issued_at)}"
                number = invoice_number(issued_at, seed)
                check_code = hashlib.sha256(seed.encode()).hexdigest()[8:14].upper()
                lines = [{"item_class": item.item_class.value, "zh": descriptions[item.charge_id][0],
                          "en": descriptions[item.charge_id][1], "amount_fen": item.amount_fen}
                         for item in settlement.items]
                db["e_invoices"].insert({
                    "invoice_number": number, "intent_id": intent_id, "patient_id": patient.id,
                    "setl_id": settlement.setl_id, "check_code": check_code,
                    "verification_url": verification_link(self._verify_url, number, check_code),
                    "total_fen": settlement.medfee_sumamt, "fund_fen": settlement.fund_pay_sumamt,
                    "account_fen": settlement.acct_pay, "self_pay_fen": settlement.psn_cash_pay,
                    "lines_json": json.dumps(lines, ensure_ascii=False), "issued_utc": to_utc_text(issued_at),
                })
        invoice = self.invoice_for(intent_id)
        assert invoice is not None
        return invoice

    def reverse_invoice(self, intent_id: str, refund_request_no: str) -> str | None:
        with write_transaction(self._db) as db:
            lock(db, f"e-invoice:{intent_id}")
            original = db.execute("SELECT invoice_number, self_pay_fen FROM e_invoices WHERE intent_id = ?",
                                  (intent_id,)).fetchone()
            if original is None:
                return None
            number, self_pay_fen = original
            existing = self.red_invoice_for(intent_id)
            if existing is not None:
                return existing
            issued_at = self._clock.now()
            red_number = invoice_number(issued_at, f"red|{number}|{refund_request_no}")
            db.execute("INSERT INTO e_invoice_reversals (red_invoice_number, invoice_number, intent_id, "
                       "refund_request_no, self_pay_fen, issued_utc) VALUES (?, ?, ?, ?, ?, ?)",
                       (red_number, number, intent_id, refund_request_no, -self_pay_fen, to_utc_text(issued_at)))
            return red_number

    def red_invoice_for(self, intent_id: str) -> str | None:
        row = self._db.execute("SELECT r.red_invoice_number FROM e_invoices e JOIN e_invoice_reversals r "
                               "ON r.invoice_number = e.invoice_number WHERE e.intent_id = ?", (intent_id,)).fetchone()
        return row[0] if row else None

    def invoice_for(self, intent_id: str) -> Invoice | None:
        row = self._db.execute(
            "SELECT invoice_number, check_code, verification_url, fund_fen, account_fen, self_pay_fen, lines_json, "
            "issued_utc, patient_id FROM e_invoices WHERE intent_id = ?", (intent_id,)).fetchone()
        if row is None:
            return None
        number, check_code, url, fund, account, self_pay, lines_json, issued, patient_id = row
        patient = self._his.patient(patient_id)
        lines = tuple(InvoiceLine(ItemClass(line["item_class"]), line["zh"], line["en"], line["amount_fen"])
                      for line in json.loads(lines_json))
        return Invoice(self._hospital, patient.name, patient.id_number, lines, fund, account, self_pay, number,
                       check_code, url, from_utc_text(issued))

    def invoices_issued_on(self, day: date) -> list[tuple[str, str, Fen]]:
        rows = self._db.execute("SELECT invoice_number, intent_id, self_pay_fen, issued_utc FROM e_invoices "
                                "ORDER BY issued_utc").fetchall()
        return [(number, intent, fen) for number, intent, fen, issued in rows
                if to_local(from_utc_text(issued)).date() == day]
