"""``onevisit payment-notify [--config kiosk.toml]``: the hospital's payment notification receiver.

One per hospital, run as a service behind the hospital's HTTPS reverse proxy: the proxy forwards the
public ``payment.notify_url`` to ``payment.notify_listen`` (default 127.0.0.1:8090). Each notification
is verified with the gateway's public key, checked against the replay window and the order it names,
and written to the configured (shared) database exactly as a kiosk would write it: the money is
booked and the bill marked paid, so the kiosk showing that QR sees it on its next screen tick and
settles the bill (insurance, charges, invoice) itself. Money arriving for an order already cancelled
is queried and refunded here. Kiosks keep polling the gateway as the fallback.

Config problems end with one line on stderr and exit code 2; SIGTERM or Ctrl-C stops it cleanly.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import urllib.parse

from kiosk.adapters import AdapterContext
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.config import DEFAULT_CONFIG, ConfigError, KioskConfig, load_config
from kiosk.payment.notifications import NotificationListener
from kiosk.payment.orders import GatewayOrders
from kiosk.payment.store import PaymentIntent, intent_by_id
from kiosk.payment.gateway_config import PaymentConfigError, gateways_from_config, payment_settings
from kiosk.storage import StorageError, open_database

log = logging.getLogger(__name__)


class NotifyService:
    """The listener and the order book it writes to; ``start`` / ``stop``."""

    def __init__(self, config: KioskConfig, clock: Clock | None = None) -> None:
        payment = config.payment
        notify_url = payment.notify_url
        if not any("://" in address for address in (payment.gateway, payment.wechat)):
            raise PaymentConfigError("payment-notify needs payment.gateway or payment.wechat set to the gateway's "
                                     "URL; the demo's sandbox posts to the kiosk itself")
        if not notify_url:
            raise PaymentConfigError("payment.notify_url is missing: set it to the public https address the "
                                     "reverse proxy forwards to this service")
        host, port = payment.notify_listen.rsplit(":", 1)
        clock = clock or Clock()
        gateway = gateways_from_config(AdapterContext(config, None, clock, None, notify_url))  # type: ignore[arg-type]
        self.public_url = notify_url
        self.db = open_database(config.database, kiosk_id=config.kiosk_id)
        self.orders = GatewayOrders(self.db, clock, gateway, AuditLog(self.db, clock, f"{config.kiosk_id}:payment-notify"), payment_settings(payment),
                                    finalize=self._left_to_the_kiosk)
        try:
            self.listener = NotificationListener(self.orders.handle_notification, host, int(port),
                                                 path=urllib.parse.urlsplit(notify_url).path or "/",
                                                 wechat=self.orders.handle_wechat_notification)
        except OSError as exc:
            self.db.close()
            raise PaymentConfigError(f"payment.notify_listen = {host}:{port} cannot be used ({exc.strerror})") from None

    def _left_to_the_kiosk(self, intent_id: str) -> PaymentIntent:
        """The bill is marked paid; the kiosk that showed the QR (or its recovery) settles it."""
        return intent_by_id(self.db, intent_id)

    @property
    def address(self) -> str:
        host, port = self.listener.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> "NotifyService":
        self.listener.start()
        log.info("payment notifications: listening on %s for %s", self.address, self.public_url)
        return self

    def stop(self) -> None:
        self.listener.stop()
        self.db.close()


def notify_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="onevisit payment-notify",
                                     description="Receive the payment gateway's notifications for this hospital")
    parser.add_argument("--config", default=os.environ.get("ONEVISIT_CONFIG", DEFAULT_CONFIG),
                        help=f"the TOML file (default: $ONEVISIT_CONFIG or {DEFAULT_CONFIG})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        service = NotifyService(load_config(args.config)).start()
    except (ConfigError, StorageError) as exc:
        print(f"onevisit payment-notify: {exc}", file=sys.stderr)
        return 2
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    print(f"listening on {service.address} for {service.public_url}", flush=True)
    stopped.wait()
    service.stop()
    return 0
