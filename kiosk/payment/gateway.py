"""The payment gateway port: what the kiosk asks of Alipay (or the sandbox that speaks its protocol).

Amounts are integer fen here; adapters convert to the gateway's "12.50" strings. Errors say whether
the outcome is known: ``GatewayUnavailable`` means "no (valid) answer — the call may or may not have
happened", so the caller must query before deciding; ``GatewayRejected`` is a definite no.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from kiosk.money import Fen


class TradeStatus(str, enum.Enum):
    NOT_FOUND = "not_found"  # Alipay face-to-face: the trade exists only once the customer scanned
    WAITING = "waiting"  # WAIT_BUYER_PAY
    PAID = "paid"  # TRADE_SUCCESS
    CLOSED = "closed"  # TRADE_CLOSED: cancelled unpaid, or fully refunded
    FINISHED = "finished"  # TRADE_FINISHED: paid and no longer refundable


@dataclass(frozen=True)
class Trade:
    out_trade_no: str
    status: TradeStatus
    amount_fen: Fen = 0
    trade_no: str = ""


@dataclass(frozen=True)
class CancelOutcome:
    out_trade_no: str
    refunded: bool  # the customer had paid: the gateway returned the money ("action": "refund")


@dataclass(frozen=True)
class RefundOutcome:
    out_trade_no: str
    out_request_no: str
    refund_fen: Fen  # this request's amount
    refunded_total_fen: Fen  # all refunds of the trade so far
    money_moved: bool = True  # Alipay: fund_change = Y, or the refund query says REFUND_SUCCESS


@dataclass(frozen=True)
class Notification:
    """An asynchronous trade notification whose signature has been verified."""

    notify_id: str
    notify_time: datetime  # aware
    app_id: str
    out_trade_no: str
    trade_no: str
    status: TradeStatus
    amount_fen: Fen
    refund_request_no: str = ""  # a refund notification: the refund request it reports (Alipay out_biz_no)
    refunded_total_fen: Fen = 0  # a refund notification: all refunds of the trade so far


class GatewayError(Exception):
    """Base class; the message is plain words for the log and the staff screen."""


class GatewayUnavailable(GatewayError):
    """No answer, a slow answer or an answer we cannot trust: the outcome is unknown."""


class GatewayRejected(GatewayError):
    """A definite refusal from the gateway (``code``/``sub_code`` as the gateway sent them)."""

    def __init__(self, message: str, code: str = "", sub_code: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.sub_code = sub_code


class GatewayMisconfigured(GatewayRejected):
    """The gateway refused the kiosk's own settings (wrong app id, key or clock; a product not signed):
    nothing was done, and repeating the call cannot help until someone fixes the config."""


class BadSignature(GatewayError):
    """A reply or notification whose signature does not verify: treated as never received."""


@runtime_checkable
class PaymentGateway(Protocol):
    app_id: str

    def precreate(self, out_trade_no: str, amount_fen: Fen, subject: str) -> str:
        """Create a face-to-face order; returns the QR payload for the customer's phone."""

    def pay_with_code(self, out_trade_no: str, amount_fen: Fen, subject: str, auth_code: str) -> Trade:
        """Charge the payment code the customer shows (bar code on their phone)."""

    def query(self, out_trade_no: str) -> Trade: ...

    def cancel(self, out_trade_no: str) -> CancelOutcome:
        """Cancel an order: closes it if unpaid, refunds it if the customer paid meanwhile."""

    def refund(self, out_trade_no: str, amount_fen: Fen, out_request_no: str) -> RefundOutcome:
        """Refund part or all of a paid trade; the same ``out_request_no`` never refunds twice."""

    def refund_query(self, out_trade_no: str, out_request_no: str) -> RefundOutcome | None:
        """The refund request as the gateway knows it; None when it never received it."""

    def verify_notification(self, form: dict[str, str]) -> Notification:
        """Check a notification's signature and read it; raises ``BadSignature``."""


def refund_and_confirm(gateway: PaymentGateway, out_trade_no: str, amount_fen: Fen, out_request_no: str) -> RefundOutcome:
    """Ask for a refund and find out whether the money moved: a reply that does not say so (Alipay's
    ``fund_change = N``, e.g. for a repeated request number) is followed by a refund query. The caller
    books the refund only when ``money_moved``; otherwise it asks again later with the same number."""
    outcome = gateway.refund(out_trade_no, amount_fen, out_request_no)
    if outcome.money_moved:
        return outcome
    confirmed = gateway.refund_query(out_trade_no, out_request_no)
    if confirmed is not None and confirmed.money_moved:
        return RefundOutcome(out_trade_no, out_request_no, confirmed.refund_fen,
                             max(confirmed.refunded_total_fen, outcome.refunded_total_fen), True)
    return outcome
