"""Builds the payment side of the kiosk from the config (called by ``kiosk.bootstrap``).

The gateway is opened through ``kiosk.adapters`` (kind ``payment_gateway``, keyed by the scheme of
``payment.gateway``): ``"sandbox"`` (the demo's choice) starts the sandbox gateway process with fresh
keys and stops it on ``close()``; an ``http(s)://…/gateway.do`` URL talks to that gateway with the key
files named in the config; ``"off"`` offers no mobile payment. A production kiosk never falls back to
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

import sqlite_utils

from kiosk.adapters import AdapterContext, HospitalLink, open_adapter
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import ConfigError, KioskConfig, PaymentConfig
from kiosk.insurance.port import InsurancePort
from kiosk.money import Fen
from kiosk.payment.alipay_gateway import AlipayGateway
from kiosk.payment.billing import BillingPort
from kiosk.payment.credit import CreditDesk
from kiosk.payment.gateway import GatewayUnavailable
from kiosk.payment.notifications import NotificationListener
from kiosk.payment.reconciliation import DailyReconciliation, parse_reconcile_at
from kiosk.payment.refunds import RefundRecord, refund, retry_requested_refunds
from kiosk.ops.safe_files import UnsafeFile, read_pem
from kiosk.payment.sandbox.process import SandboxControl, SandboxError, SandboxProcess
from kiosk.payment.service import PaymentService, PaymentSettings

log = logging.getLogger(__name__)
RECOVER_EVERY_S = 30.0


class PaymentConfigError(ConfigError):
    """The [payment] settings cannot work (one plain line)."""


def alipay_from_config(payment: PaymentConfig, notify_url: str) -> AlipayGateway:
    """The Alipay adapter for ``payment.gateway`` = a URL, with the key files the config names."""
    try:
        if payment.app_private_key_file is None or payment.gateway_public_key_file is None:
            raise OSError("not set")
        private = read_pem(payment.app_private_key_file, owner_only=True)
        public = read_pem(payment.gateway_public_key_file, owner_only=False)
    except (OSError, UnsafeFile, UnicodeDecodeError) as exc:
        raise PaymentConfigError(f"payment.gateway is a URL but the key files cannot be read ({exc}); set "
                                 "payment.app_private_key_file and payment.gateway_public_key_file") from None
    return AlipayGateway(payment.app_id, private, public, payment.gateway, notify_url)


def payment_settings(payment: PaymentConfig) -> PaymentSettings:
    return PaymentSettings(qr_timeout_s=payment.qr_timeout_s, poll_interval_s=payment.poll_interval_s,
                           credit_limit_fen=payment.credit_limit_yuan * 100, credit_days=payment.credit_days)


class SandboxGateway:
    """The Alipay adapter pointed at the sandbox process; the process's keys are read on first use."""

    def __init__(self, sandbox: SandboxProcess, notify_url: str, timeout_s: float) -> None:
        self.app_id = sandbox.app_id
        self.sandbox = sandbox
        self._notify_url = notify_url
        self._timeout_s = timeout_s
        self._gateway: AlipayGateway | None = None
        self._lock = threading.Lock()

    def _adapter(self) -> AlipayGateway:
        with self._lock:
            if self._gateway is None:
                try:
                    end = self.sandbox.endpoint()
                except SandboxError as exc:
                    raise GatewayUnavailable(str(exc)) from None
                self._gateway = AlipayGateway(end.app_id, end.app_private_key, end.gateway_public_key,
                                              end.gateway_url, self._notify_url, self._timeout_s)
            return self._gateway

    @property
    def control(self) -> SandboxControl:
        return SandboxControl(self.sandbox.endpoint().url)

    def __getattr__(self, name: str) -> Any:  # precreate, query, cancel, refund, … of the adapter
        return getattr(self._adapter(), name)


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


def open_no_gateway(address: str, context: AdapterContext) -> _NoGateway:
    return _NoGateway()


def open_sandbox_gateway(address: str, context: AdapterContext) -> SandboxGateway:
    """``payment.gateway = "sandbox"``: the kiosk's own signed test gateway process (demo mode only)."""
    if context.config.mode != "demo":
        raise PaymentConfigError('payment.gateway = "sandbox" is only allowed with kiosk.mode = "demo"')
    sandbox = SandboxProcess(context.config.payment.app_id)
    sandbox.start()
    return SandboxGateway(sandbox, context.notify_url, timeout_s=5.0)


def open_alipay_gateway(address: str, context: AdapterContext) -> AlipayGateway:
    return alipay_from_config(context.config.payment, context.notify_url)


def build_payments(config: KioskConfig, db: sqlite_utils.Database, clock: Clock, hospital: HospitalLink,
                   audit: AuditLog) -> PaymentSystem:
    payment = config.payment
    kind = payment.gateway
    settings = payment_settings(payment)
    listener = None
    notify_url = payment.notify_url
    if kind != "off" and not notify_url:
        if config.mode != "demo":
            raise PaymentConfigError("payment.notify_url is missing: set it to the public https address of "
                                     "`onevisit payment-notify`, or the gateway cannot tell this kiosk about payments")
        listener = NotificationListener(lambda form: service.handle_notification(form)).start()  # demo: 127.0.0.1
        notify_url = listener.url
    try:
        gateway = open_adapter("payment_gateway", kind, AdapterContext(config, db, clock, hospital.his, notify_url))
    except BaseException:
        if listener is not None:
            listener.stop()
        raise
    sandbox = gateway.sandbox if isinstance(gateway, SandboxGateway) else None
    service = PaymentService(db, clock, hospital.his, hospital.insurance, gateway, hospital.billing, audit, settings)
    daily = DailyReconciliation(service, parse_reconcile_at(payment.reconcile_at))
    return PaymentSystem(service, CreditDesk(service), hospital.billing, hospital.insurance,
                         "url" if "://" in kind else kind, sandbox, listener, daily)
