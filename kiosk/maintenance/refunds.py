"""Partial refunds by finance staff at the kiosk, with a second staff member's PIN above a limit.

The amount is typed in yuan (``parse_yuan``: at most two decimals, never floats) and checked against
what is still refundable. Above ``maintenance.second_pin_above_yuan`` a second member — finance or
admin, not the one signed in — types their staff number and PIN; ``StaffDirectory.verify_pin`` checks it
(it counts towards their own PIN lock but signs nobody in) and the approval is audited
(``maintenance.refund_approved``) before the gateway is called.
The request number is made once per refund form, so pressing twice, or retrying after a gateway
outage, never refunds twice (``kiosk.payment.refunds.refund`` is idempotent per request number).
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from kiosk.audit import AuditLog
from kiosk.money import Fen
from kiosk.payment.refunds import RefundRecord
from kiosk.payment.system import PaymentSystem
from kiosk.staff import StaffDirectory, role_can

_YUAN = re.compile(r"(\d{1,7})(?:\.(\d{1,2}))?")
REFUND_REASONS = ("patient_asked", "charged_twice", "service_not_given", "wrong_amount")


class RefundNotAllowed(Exception):
    """Refused before any money moved; ``code`` picks the plain words on the screen."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code  # bad_amount, too_much, needs_approver, same_staff, approver_refused, approver_role
        self.detail = detail


@dataclass(frozen=True)
class Approver:
    staff_id: str
    pin: str


def parse_yuan(text: str) -> Fen | None:
    """``"12.5"`` → 1250 fen; None for anything that is not a positive amount with at most 2 decimals."""
    match = _YUAN.fullmatch((text or "").strip())
    if match is None:
        return None
    fen = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    return fen if fen > 0 else None


def new_request_number(out_trade_no: str) -> str:
    return f"RF-{out_trade_no}-{uuid.uuid4().hex[:8]}"


def needs_second_pin(amount_fen: Fen, second_pin_above_yuan: int) -> bool:
    return amount_fen > second_pin_above_yuan * 100


def check_amount(amount_fen: Fen | None, refundable_fen: Fen) -> Fen:
    if amount_fen is None:
        raise RefundNotAllowed("bad_amount")
    if amount_fen > refundable_fen:
        raise RefundNotAllowed("too_much")
    return amount_fen


def refund_partly(payments: PaymentSystem, staff: StaffDirectory, audit: AuditLog, *, out_trade_no: str,
                  amount_fen: Fen | None, refundable_fen: Fen, reason: str, request_no: str, staff_id: str,
                  second_pin_above_yuan: int, approver: Approver | None = None) -> RefundRecord:
    """Blocking (scrypt, gateway): check, get the second PIN when needed, then refund once."""
    amount = check_amount(amount_fen, refundable_fen)
    if reason not in REFUND_REASONS:
        raise ValueError(f"unknown refund reason {reason!r}")
    approved_by = ""
    if needs_second_pin(amount, second_pin_above_yuan):
        if approver is None:
            raise RefundNotAllowed("needs_approver")
        if approver.staff_id == staff_id:
            raise RefundNotAllowed("same_staff")
        result = staff.verify_pin(approver.staff_id, approver.pin, purpose="refund_approval")
        if not result.ok or result.member is None:
            raise RefundNotAllowed("approver_refused", result.reason)
        if not role_can(result.member.role, "refunds"):
            raise RefundNotAllowed("approver_role")
        approved_by = result.member.staff_id
        audit.record(f"staff:{staff_id}", "maintenance.refund_approved",
                     {"out_trade_no": out_trade_no, "out_request_no": request_no, "amount_fen": amount,
                      "approved_by": approved_by})
    text = f"{reason}; approved by staff {approved_by}" if approved_by else reason
    return payments.refund(out_trade_no, amount, request_no, staff_id, text)
