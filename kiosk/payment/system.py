"""Builds the payment side of the kiosk from the config (called by ``kiosk.bootstrap``).

``payment.gateway`` (Alipay) and ``payment.wechat`` (WeChat Pay) = ``"sandbox"`` (the demo's choice)
start the sandbox gateway process, which speaks both, with fresh keys and stop it on ``close()``; a
URL talks to that gateway with the key files named in the config (``kiosk.payment.gateway_config``);
``"off"`` offers no mobile payment on it. A production kiosk never falls back to
the sandbox silently: bootstrap refuses ``sandbox`` outside demo mode.

Notifications: with ``payment.notify_url`` (the public address of ``onevisit payment-notify``, one per
hospital behind its HTTPS reverse proxy) the gateway is told that URL and the service writes each
payment into the shared database, where the kiosk showing the QR sees it on its next tick; without it
(demo only) the kiosk runs its own listener on 127.0.0.1. Either way the kiosk keeps polling.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.his.port import HisPort
from kiosk.insurance.embedded import EmbeddedInsurance
from kiosk.money import Fen
from kiosk.payment.billing import DemoBilling
from kiosk.payment.credit import CreditDesk
from kiosk.payment.gateway import GatewayUnavailable, PaymentGateway
from kiosk.payment.gateway_config import PaymentConfigError, gateways_from_config, payment_settings
from kiosk.payment.notifications import NotificationListener
from kiosk.payment.reconciliation import DailyReconciliation, parse_reconcile_at
from kiosk.payment.refunds import RefundRecord, refund, retry_requested_refunds
from kiosk.payment.sandbox.process import SandboxControl, SandboxProcess
from kiosk.payment.service import PaymentService
from kiosk.printing.layouts import Hospital

log = logging.getLogger(__name__)
RECOVER_EVERY_S = 30.0


@dataclass
class PaymentSystem:
    service: PaymentService
    credit: CreditDesk
    billing: DemoBilling
    insurance: EmbeddedInsurance
    gateway_kind: str  # sandbox | url | off
    sandbox: SandboxProcess | None = None
    listener: NotificationListener | None = None
    reconciliation: DailyReconciliation | None = None  # yesterday's report after payment.reconcile_at

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.reconciliation is None:
            self.reconciliation = DailyReconciliation(self.service)

    @property
    def mobile_pay_available(self) -> bool:
        return self.gateway_kind != "off"

    @property
    def sandbox_control(self) -> SandboxControl | None:
        """The "customer scans and pays" side of the sandbox (demo button, tests)."""
        return SandboxControl(self.sandbox.endpoint().url) if self.sandbox is not None else None

    def refund(self, out_trade_no: str, amount_fen: Fen, out_request_no: str, staff_id: str,
               reason: str) -> RefundRecord:
        return refund(self.service, out_trade_no, amount_fen, out_request_no, staff_id, reason)

    def start_background(self, every_s: float = RECOVER_EVERY_S) -> None:
        """Recover once now, then every ``every_s`` seconds (resumes polling, cancels stale orders,
        finishes refunds) and run the daily reconciliation when it is due."""
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.service.recover()
                    retry_requested_refunds(self.service)
                except Exception:  # a bad round is logged; the next one tries again
                    log.exception("payment recovery round failed")
                if self._stop.wait(every_s):
                    return
                try:  # after the first pause: start-up stays quick and its own audit entry comes first
                    self.reconciliation.run_due()
                except Exception:
                    log.exception("daily reconciliation failed; it is tried again next round")

        self._thread = threading.Thread(target=loop, name="payment-recovery", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.listener is not None:
            self.listener.stop()
        if self.sandbox is not None:
            self.sandbox.stop()


class _NoGateway:
    """``payment.gateway = "off"``: every call says plainly that mobile payment is not offered."""

    app_id = ""

    def __getattr__(self, name: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise GatewayUnavailable("mobile payment is switched off on this kiosk")
        return refuse


def build_payments(payment: dict[str, Any], mode: str, db: sqlite_utils.Database, clock: Clock, his: HisPort,
                   audit: AuditLog, hospital: Hospital) -> PaymentSystem:
    kinds = {str(payment.get("gateway", "off")), str(payment.get("wechat", "off"))} - {"off"}
    notify_url = str(payment.get("notify_url") or "")
    settings = payment_settings(payment)
    insurance = EmbeddedInsurance(db, clock)
    billing = DemoBilling(db, clock, hospital)
    sandbox = listener = None
    gateway: PaymentGateway
    if not kinds:
        gateway = _NoGateway()  # type: ignore[assignment]
    else:
        if "sandbox" in kinds and mode != "demo":
            raise PaymentConfigError('payment.gateway / payment.wechat = "sandbox" is only allowed with '
                                     'kiosk.mode = "demo"')
        if not notify_url and mode != "demo":
            raise PaymentConfigError("payment.notify_url is missing: set it to the public https address of "
                                     "`onevisit payment-notify`, or the gateway cannot tell this kiosk about payments")
        if not notify_url:  # demo: the kiosk's own listener on 127.0.0.1
            listener = NotificationListener(
                lambda form: service.handle_notification(form),
                wechat=lambda headers, body: service.handle_wechat_notification(headers, body)).start()
            notify_url = listener.url
        if "sandbox" in kinds:
            sandbox = SandboxProcess(str(payment.get("app_id") or "2021000000000001"))
            sandbox.start()
        try:
            gateway = gateways_from_config(payment, notify_url, sandbox)
        except PaymentConfigError:
            if listener is not None:
                listener.stop()
            if sandbox is not None:
                sandbox.stop()
            raise
    service = PaymentService(db, clock, his, insurance, gateway, billing, audit, settings)
    daily = DailyReconciliation(service, parse_reconcile_at(str(payment.get("reconcile_at", "02:30"))))
    kind = "off" if not kinds else "sandbox" if kinds == {"sandbox"} else "url"
    return PaymentSystem(service, CreditDesk(service), billing, insurance, kind, sandbox, listener, daily)
