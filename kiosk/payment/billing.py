"""The billing port: mark a visit's charges settled, issue the medical e-invoice, and reverse it with a
red-letter invoice (红字发票) when the payment is refunded in full.

The embedded default is the demo hospital's billing (its ``charges`` table and the ``e_invoices``
table). Both calls are idempotent per payment intent, so the payment service can repeat them after
a crash. Invoice numbers, check codes and the verification URL look like a provincial e-invoice's
(``33`` + date + 8 digits; 6-character check code; a short URL that fits a receipt QR).
"""
from __future__ import annotations

import hashlib
import json
from typing import Protocol, runtime_checkable

import sqlite_utils

from kiosk.clock import Clock, from_utc_text, to_local, to_utc_text
from kiosk.his.port import ChargeStatus, ItemClass, Patient
from kiosk.insurance.port import PreSettlement
from kiosk.printing.invoice import Invoice, InvoiceLine
from kiosk.printing.layouts import Hospital
from kiosk.storage import write_transaction

VERIFY_BASE_URL = "https://ov.example/v/"


@runtime_checkable
class BillingPort(Protocol):
    def mark_charges(self, charge_ids: list[str], status: ChargeStatus) -> int: ...

    def reopen_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        """After a full refund: paid charges become ``status`` (unpaid, or pay-later again); idempotent."""

    def issue_invoice(self, intent_id: str, patient: Patient, settlement: PreSettlement,
                      descriptions: dict[str, tuple[str, str]]) -> Invoice: ...

    def invoice_for(self, intent_id: str) -> Invoice | None: ...

    def reverse_invoice(self, intent_id: str, refund_request_no: str) -> str | None:
        """The red-letter invoice number cancelling the intent's e-invoice (None when it has none);
        idempotent: a second call returns the same number."""


class DemoBilling:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, hospital: Hospital) -> None:
        self._db = db
        self._clock = clock
        self._hospital = hospital

    def mark_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        """Unpaid (or pay-later) charges become ``status``; already-settled ones are left alone."""
        if not charge_ids:
            return 0
        marks = ", ".join("?" for _ in charge_ids)
        with write_transaction(self._db) as db:
            cursor = db.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status IN ('unpaid', 'pay_later')"
                                " AND status != ?", (status.value, *charge_ids, status.value))
            return cursor.rowcount

    def reopen_charges(self, charge_ids: list[str], status: ChargeStatus) -> int:
        if not charge_ids or status not in (ChargeStatus.UNPAID, ChargeStatus.PAY_LATER):
            return 0
        marks = ", ".join("?" for _ in charge_ids)
        with write_transaction(self._db) as db:
            cursor = db.execute(f"UPDATE charges SET status = ? WHERE id IN ({marks}) AND status = 'paid'",
                                (status.value, *charge_ids))
            return cursor.rowcount

    def issue_invoice(self, intent_id: str, patient: Patient, settlement: PreSettlement,
                      descriptions: dict[str, tuple[str, str]]) -> Invoice:
        with write_transaction(self._db) as db:
            existing = self.invoice_for(intent_id)
            if existing is not None:
                return existing
            issued_at = self._clock.now()
            digest = hashlib.sha256(f"{intent_id}|{settlement.setl_id}|{to_utc_text(issued_at)}".encode()).hexdigest()
            number = f"33{to_local(issued_at):%y%m%d}{int(digest[:8], 16) % 10**8:08d}"
            check_code = digest[8:14].upper()
            lines = [{"item_class": item.item_class.value, "zh": descriptions[item.charge_id][0],
                      "en": descriptions[item.charge_id][1], "amount_fen": item.amount_fen} for item in settlement.items]
            db["e_invoices"].insert({
                "invoice_number": number, "intent_id": intent_id, "patient_id": patient.id,
                "setl_id": settlement.setl_id, "check_code": check_code,
                "verification_url": f"{VERIFY_BASE_URL}{number}-{check_code}", "total_fen": settlement.medfee_sumamt,
                "fund_fen": settlement.fund_pay_sumamt, "account_fen": settlement.acct_pay,
                "self_pay_fen": settlement.psn_cash_pay, "lines_json": json.dumps(lines, ensure_ascii=False),
                "issued_utc": to_utc_text(issued_at),
            })
        invoice = self.invoice_for(intent_id)
        assert invoice is not None
        return invoice

    def reverse_invoice(self, intent_id: str, refund_request_no: str) -> str | None:
        with write_transaction(self._db) as db:
            original = db.execute("SELECT invoice_number, self_pay_fen FROM e_invoices WHERE intent_id = ?",
                                  (intent_id,)).fetchone()
            if original is None:
                return None
            number, self_pay_fen = original
            existing = db.execute("SELECT red_invoice_number FROM e_invoice_reversals WHERE invoice_number = ?",
                                  (number,)).fetchone()
            if existing is not None:
                return existing[0]
            issued_at = self._clock.now()
            digest = hashlib.sha256(f"red|{number}|{refund_request_no}".encode()).hexdigest()
            red_number = f"33{to_local(issued_at):%y%m%d}{int(digest[:8], 16) % 10**8:08d}"
            db.execute("INSERT INTO e_invoice_reversals (red_invoice_number, invoice_number, intent_id, "
                       "refund_request_no, self_pay_fen, issued_utc) VALUES (?, ?, ?, ?, ?, ?)",
                       (red_number, number, intent_id, refund_request_no, -self_pay_fen, to_utc_text(issued_at)))
            return red_number

    def invoice_for(self, intent_id: str) -> Invoice | None:
        row = self._db.execute(
            "SELECT i.invoice_number, i.check_code, i.verification_url, i.fund_fen, i.account_fen, i.self_pay_fen, "
            "i.lines_json, i.issued_utc, p.name, p.id_number FROM e_invoices i JOIN patients p ON p.id = i.patient_id "
            "WHERE i.intent_id = ?", (intent_id,)).fetchone()
        if row is None:
            return None
        number, check_code, url, fund, account, self_pay, lines_json, issued, name, id_number = row
        lines = tuple(InvoiceLine(ItemClass(line["item_class"]), line["zh"], line["en"], line["amount_fen"])
                      for line in json.loads(lines_json))
        return Invoice(self._hospital, name, id_number, lines, fund, account, self_pay, number, check_code, url,
                       from_utc_text(issued))

    def invoices_issued_on(self, day) -> list[tuple[str, str, int]]:
        """(invoice number, intent id, self-pay fen) of every invoice issued on a hospital-local day."""
        rows = self._db.execute("SELECT invoice_number, intent_id, self_pay_fen, issued_utc FROM e_invoices "
                                "ORDER BY issued_utc").fetchall()
        return [(number, intent, fen) for number, intent, fen, issued in rows
                if to_local(from_utc_text(issued)).date() == day]
