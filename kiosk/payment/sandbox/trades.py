"""The sandbox's trades and what each gateway method does to them (no HTTP here).

Behaves like Alipay face-to-face payment: a precreated trade is invisible to ``query`` until the
customer scans it (``ACQ.TRADE_NOT_EXIST``), cancel closes an unpaid trade and refunds a paid one
(``action=refund``), refunds are idempotent per ``out_request_no`` and never exceed the amount.
"""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from kiosk.payment.signing import fen_from_text, yuan_text

WAIT, SUCCESS, CLOSED = "WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_CLOSED"
SELLER_ID = "2088000000000001"  # the sandbox merchant's partner id (Alipay's seller_id)


@dataclass
class SandboxTrade:
    out_trade_no: str
    amount_fen: int
    subject: str
    notify_url: str
    scanned: bool = False
    status: str = WAIT
    trade_no: str = ""
    paid_at: float | None = None
    refunds: dict[str, int] = field(default_factory=dict)  # out_request_no -> fen, pending ones included
    refunds_moved_at: dict[str, float] = field(default_factory=dict)  # when each refund's money moves
    cancelled: bool = False
    created_at: float = field(default_factory=time.time)
    buyer_id: str = ""
    gateway: str = "alipay"  # or "wechat": which protocol created it and is notified about it

    def refund_moved(self, request_no: str) -> bool:
        return time.time() >= self.refunds_moved_at.get(request_no, 0.0)

    def summary(self) -> dict[str, Any]:
        return {"out_trade_no": self.out_trade_no, "amount_fen": self.amount_fen, "status": self.status,
                "scanned": self.scanned, "trade_no": self.trade_no, "paid": self.paid_at is not None,
                "refunded_fen": sum(fen for no, fen in self.refunds.items() if self.refund_moved(no)),
                "refunds_pending_fen": sum(fen for no, fen in self.refunds.items() if not self.refund_moved(no)),
                "cancelled": self.cancelled, "gateway": self.gateway}


def _ok(**fields: Any) -> dict[str, Any]:
    return {"code": "10000", "msg": "Success", **fields}


def _failed(sub_code: str, sub_msg: str, code: str = "40004") -> dict[str, Any]:
    return {"code": code, "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg}


class TradeBook:
    """All trades, payment codes and faults; every method takes the one lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.trades: dict[str, SandboxTrade] = {}
        self.payment_codes: set[str] = set()
        self.faults: dict[str, Any] = {}
        self.paid_events: list[SandboxTrade] = []  # trades paid since the notifier last looked
        self.refund_events: list[tuple[SandboxTrade, str]] = []  # (trade, out_request_no) refunded since then

    # Gateway methods --------------------------------------------------------------------------------

    def precreate(self, biz: dict[str, Any], notify_url: str, qr_base: str) -> dict[str, Any]:
        out_trade_no = str(biz.get("out_trade_no", ""))
        try:
            amount = fen_from_text(biz["total_amount"])
        except (KeyError, ValueError, ArithmeticError):
            return _failed("ACQ.INVALID_PARAMETER", "total_amount is missing or not an amount", "40002")
        if not out_trade_no or amount <= 0:
            return _failed("ACQ.INVALID_PARAMETER", "out_trade_no and a positive amount are required", "40002")
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is not None and (trade.amount_fen != amount or trade.status != WAIT):
                return _failed("ACQ.CONTEXT_INCONSISTENT", "this out_trade_no was used for another order")
            if trade is None:
                trade = self.trades[out_trade_no] = SandboxTrade(out_trade_no, amount, str(biz.get("subject", "")),
                                                                 notify_url)
            if self.faults.get("visible_before_scan"):
                trade.scanned = True
        return _ok(out_trade_no=out_trade_no, qr_code=f"{qr_base}/qr/{out_trade_no}")

    def query(self, biz: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            trade = self.trades.get(str(biz.get("out_trade_no", "")))
            if trade is None or not trade.scanned:
                return _failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
            amount = trade.amount_fen + int(self.faults.get("amount_mismatch_fen", 0))
            return _ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, trade_status=trade.status,
                       total_amount=yuan_text(amount), buyer_logon_id="sandbox***@example.com")

    def cancel(self, biz: dict[str, Any]) -> dict[str, Any]:
        out_trade_no = str(biz.get("out_trade_no", ""))
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is None:  # cancelling an order nobody scanned: Alipay records it closed
                trade = self.trades[out_trade_no] = SandboxTrade(out_trade_no, 0, "", "", status=CLOSED)
                trade.cancelled = True
                return _ok(out_trade_no=out_trade_no, retry_flag="N", action="close")
            if self.faults.get("cancel_races_payment") and trade.status == WAIT:
                self.pay(out_trade_no)  # the customer's payment lands just before the cancel
            trade.cancelled = True
            if self.faults.get("paid_after_cancel") and trade.status == WAIT:
                self.pay(out_trade_no)  # answered "closed", yet the customer's payment is taken after all
                return _ok(out_trade_no=out_trade_no, retry_flag="N", action="close")
            if trade.status == SUCCESS:
                trade.refunds[f"cancel-{out_trade_no}"] = trade.amount_fen - sum(trade.refunds.values())
                trade.status = CLOSED
                return _ok(out_trade_no=out_trade_no, trade_no=trade.trade_no, retry_flag="N", action="refund")
            trade.status = CLOSED
            return _ok(out_trade_no=out_trade_no, retry_flag="N", action="close")

    def close(self, biz: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            trade = self.trades.get(str(biz.get("out_trade_no", "")))
            if trade is None or not trade.scanned:
                return _failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
            if trade.status != WAIT:
                return _failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            trade.status = CLOSED
            return _ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no)

    def pay_with_code(self, biz: dict[str, Any], notify_url: str) -> dict[str, Any]:
        out_trade_no, auth_code = str(biz.get("out_trade_no", "")), str(biz.get("auth_code", ""))
        try:
            amount = fen_from_text(biz["total_amount"])
        except (KeyError, ValueError, ArithmeticError):
            return _failed("ACQ.INVALID_PARAMETER", "total_amount is missing or not an amount", "40002")
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is not None:
                if trade.status == SUCCESS and trade.amount_fen == amount:
                    return _ok(out_trade_no=out_trade_no, trade_no=trade.trade_no, total_amount=yuan_text(amount))
                return _failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
            if auth_code not in self.payment_codes:
                return _failed("ACQ.PAYMENT_AUTH_CODE_INVALID", "支付失败，获取顾客账户信息失败")
            self.payment_codes.discard(auth_code)  # a payment code pays once
            self.trades[out_trade_no] = SandboxTrade(out_trade_no, amount, str(biz.get("subject", "")), notify_url,
                                                     scanned=True)
            paid = self.pay(out_trade_no)
        return _ok(out_trade_no=out_trade_no, trade_no=paid["trade_no"], total_amount=yuan_text(amount))

    def refund(self, biz: dict[str, Any]) -> dict[str, Any]:
        request_no = str(biz.get("out_request_no") or biz.get("out_trade_no", ""))
        try:
            amount = fen_from_text(biz["refund_amount"])
        except (KeyError, ValueError, ArithmeticError):
            return _failed("ACQ.INVALID_PARAMETER", "refund_amount is missing or not an amount", "40002")
        with self.lock:
            trade = self.trades.get(str(biz.get("out_trade_no", "")))
            if trade is None or trade.paid_at is None:
                return _failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
            if request_no in trade.refunds:
                if trade.refunds[request_no] != amount:
                    return _failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "同一退款请求号的金额不一致")
                return _ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no, fund_change="N",
                           refund_fee=yuan_text(sum(trade.refunds.values())))
            if amount <= 0 or sum(trade.refunds.values()) + amount > trade.amount_fen:
                return _failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
            trade.refunds[request_no] = amount
            pending_s = float(self.faults.get("refund_pending_s", 0))  # accepted now, the money moves later
            trade.refunds_moved_at[request_no] = time.time() + pending_s
            self.refund_events.append((trade, request_no))
            if sum(trade.refunds.values()) == trade.amount_fen:
                trade.status = CLOSED
            return _ok(out_trade_no=trade.out_trade_no, trade_no=trade.trade_no,
                       fund_change="N" if pending_s > 0 else "Y", refund_fee=yuan_text(sum(trade.refunds.values())))

    def refund_query(self, biz: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            trade = self.trades.get(str(biz.get("out_trade_no", "")))
            request_no = str(biz.get("out_request_no", ""))
            if trade is None or request_no not in trade.refunds:
                return _ok(out_trade_no=str(biz.get("out_trade_no", "")))
            moved = {"refund_status": "REFUND_SUCCESS"} if trade.refund_moved(request_no) else {}
            return _ok(out_trade_no=trade.out_trade_no, out_request_no=request_no, **moved,
                       refund_amount=yuan_text(trade.refunds[request_no]), total_amount=yuan_text(trade.amount_fen))

    # Controls (the customer's side) ------------------------------------------------------------------

    def scan(self, out_trade_no: str) -> dict[str, Any]:
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is None or trade.status == CLOSED:
                return {"ok": False, "error": "no open order with this number (closed or never created)"}
            trade.scanned = True
            return {"ok": True, **trade.summary()}

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        """The customer scans (if not yet) and confirms payment on the phone."""
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is None or trade.status != WAIT:
                status = "missing" if trade is None else trade.status
                return {"ok": False, "error": f"this order cannot be paid (it is {status})"}
            trade.scanned = True
            trade.status = SUCCESS
            trade.trade_no = time.strftime("%Y%m%d") + secrets.token_hex(8)
            trade.paid_at = time.time()
            trade.buyer_id = "2088" + "".join(secrets.choice("0123456789") for _ in range(12))
            self.paid_events.append(trade)
            return {"ok": True, **trade.summary()}

    def new_payment_code(self, gateway: str = "alipay") -> str:
        """A payment code as the customer's phone shows it: WeChat 18 digits from 10–15, Alipay from 25–30."""
        code = ("13" if gateway == "wechat" else "28") + "".join(secrets.choice("0123456789") for _ in range(16))
        with self.lock:
            self.payment_codes.add(code)
        return code

    def take_paid_events(self) -> list[SandboxTrade]:
        with self.lock:
            events, self.paid_events = self.paid_events, []
            return events

    def take_refund_events(self) -> list[tuple[SandboxTrade, str]]:
        with self.lock:
            events, self.refund_events = self.refund_events, []
            return events
