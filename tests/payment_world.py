"""A payment world for tests: the demo hospital in the test's database (a SQLite file or PostgreSQL), the real sandbox gateway
process (started once per test module), the Alipay adapter and the kiosk's notification listener (or,
with ``notify_url``, none: notifications go to the hospital's ``onevisit payment-notify``). Two worlds
with two ``kiosk_id``s on one database are two kiosks of one hospital."""
from __future__ import annotations

import time

from dataclasses import dataclass

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.his.demo_invoices import DemoInvoices
from kiosk.insurance.embedded import EmbeddedInsurance
from kiosk.payment.alipay_gateway import AlipayGateway
from kiosk.payment.gateways import Gateways
from kiosk.payment.credit import CreditDesk
from kiosk.payment.notifications import NotificationListener, wechat_sibling
from kiosk.payment.sandbox.process import SandboxControl, SandboxEndpoint
from kiosk.payment.service import PaymentService, PaymentSettings
from kiosk.payment.wechat_gateway import WechatGateway
from kiosk.printing.layouts import Hospital
from kiosk.storage import open_database

HOSPITAL = Hospital("浙一演示医院", "OneVisit Demo Hospital")


@dataclass
class PaymentWorld:
    service: PaymentService
    credit: CreditDesk
    control: SandboxControl
    listener: NotificationListener | None

    @property
    def db(self):
        return self.service.db

    def ledger(self, kind: str | None = None) -> list[tuple]:
        sql = "SELECT kind, ref, amount_fen FROM payment_ledger"
        return self.db.execute(sql + (" WHERE kind = ?" if kind else "") + " ORDER BY id",
                               (kind,) if kind else ()).fetchall()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        self.db.close()


def make_world(path, endpoint: SandboxEndpoint, settings: PaymentSettings | None = None,
               clock: Clock | None = None, notify_url: str = "", gateways: tuple[str, ...] = ("alipay",),
               kiosk_id: str = "") -> PaymentWorld:
    clock = clock or Clock()
    db = open_database(path, kiosk_id=kiosk_id)
    seed_demo_hospital(db, clock.today())
    his = DemoHospital(db, clock)
    holder: list[PaymentService] = []
    listener = None if notify_url else NotificationListener(
        lambda form: holder[0].handle_notification(form),
        wechat=lambda headers, body: holder[0].handle_wechat_notification(headers, body)).start()
    notify_url = notify_url or listener.url
    adapters = {"alipay": AlipayGateway(endpoint.app_id, endpoint.app_private_key, endpoint.gateway_public_key,
                                        endpoint.gateway_url, notify_url, timeout_s=2.0)}
    if "wechat" in gateways:
        adapters["wechat"] = WechatGateway(endpoint.wechat_mchid, endpoint.wechat_appid, endpoint.app_private_key,
                                           "SANDBOX-MERCHANT-SERIAL", endpoint.wechat_apiv3_key,
                                           endpoint.gateway_public_key, endpoint.wechat_public_key_id, endpoint.url,
                                           wechat_sibling(notify_url), timeout_s=2.0)
    gateway = adapters["alipay"] if gateways == ("alipay",) else Gateways({n: adapters[n] for n in gateways})
    service = PaymentService(db, clock, his, EmbeddedInsurance(db, clock), gateway, DemoInvoices(db, clock, HOSPITAL, his),
                             AuditLog(db, clock, kiosk_id), settings or PaymentSettings(qr_timeout_s=60, poll_interval_s=0.5))
    holder.append(service)
    return PaymentWorld(service, CreditDesk(service), SandboxControl(endpoint.url), listener)


def wait_until(condition, timeout: float = 8.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass (gateway and listener threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
