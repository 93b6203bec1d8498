"""Builds the payment side of the kiosk from the config (called by ``kiosk.bootstrap``).

The gateways are opened through ``kiosk.adapters`` from ``payment.gateway`` (Alipay, kind
``payment_gateway``) and ``payment.wechat`` (WeChat Pay, kind ``wechat_gateway``), each ``"off"``,
``"sandbox"`` (the demo's choice: one sandbox process speaks both, started with fresh keys and stopped on
``close()``) or the gateway's URL with the key files named in the config
(``kiosk.payment.gateway_config``). Both off: no mobile payment. A production kiosk never falls back to
the sandbox silently: ``sandbox`` is refused outside demo mode. Insurance and e-invoices come from
``kiosk.adapters.open_hospital`` (``hospital.insurance``, ``hospital.billing``).

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


from kiosk.adapters import AdapterContext, HospitalLink
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.insurance.port import InsurancePort
from kiosk.money import Fen
from kiosk.payment.billing import BillingPort
from kiosk.payment.credit import CreditDesk
from kiosk.payment.gateway import GatewayUnavailable
from kiosk.payment.gateway_config import PaymentConfigError, gateways_from_config, payment_settings
from kiosk.payment.notifications import NotificationListener
from kiosk.payment.reconciliation import DailyReconciliation, parse_reconcile_at
from kiosk.payment.refunds import RefundRecord, refund, retry_requested_refunds
from kiosk.payment.sandbox.process import SandboxControl, SandboxProcess
from kiosk.payment.service import PaymentService
from kiosk.storage import Database

log = logging.getLogger(__name__)
RECOVER_EVERY_S = 30.0


@dataclass
class PaymentSystem:
    service: PaymentService
    credit: CreditDesk
    billing: BillingPort
    insurance: InsurancePort
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


def build_payments(config: KioskConfig, db: Database, clock: Clock, hospital: HospitalLink,
                   audit: AuditLog) -> PaymentSystem:
    payment = config.payment
    kinds = {payment.gateway, payment.wechat} - {"off"}
    settings = payment_settings(payment)
    sandbox = listener = None
    notify_url = payment.notify_url
    if "sandbox" in kinds and config.mode != "demo":
        raise PaymentConfigError('payment.gateway / payment.wechat = "sandbox" is only allowed with kiosk.mode = "demo"')
    try:
        if kinds and not notify_url:
            if config.mode != "demo":
                raise PaymentConfigError("payment.notify_url is missing: set it to the public https address of "
                                         "`onevisit payment-notify`, or the gateway cannot tell this kiosk about "
                                         "payments")
            listener = NotificationListener(  # demo: the kiosk's own listener on 127.0.0.1
                lambda form: service.handle_notification(form),
                wechat=lambda headers, body: service.handle_wechat_notification(headers, body)).start()
            notify_url = listener.url
        if "sandbox" in kinds:
            sandbox = SandboxProcess(payment.app_id)
            sandbox.start()
        gateway = gateways_from_config(AdapterContext(config, db, clock, hospital.his, notify_url, sandbox))
    except BaseException:
        if listener is not None:
            listener.stop()
        if sandbox is not None:
            sandbox.stop()
        raise
    service = PaymentService(db, clock, hospital.his, hospital.insurance, gateway or _NoGateway(),  # type: ignore[arg-type]
                             hospital.billing, audit, settings)
    daily = DailyReconciliation(service, parse_reconcile_at(payment.reconcile_at))
    kind = "off" if not kinds else "sandbox" if kinds == {"sandbox"} else "url"
    return PaymentSystem(service, CreditDesk(service), hospital.billing, hospital.insurance, kind, sandbox,
                         listener, daily)
