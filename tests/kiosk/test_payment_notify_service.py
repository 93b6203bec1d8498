"""``onevisit payment-notify`` as a separate process on the same database file as a kiosk: the real
sandbox gateway posts to it (Alipay and WeChat Pay), it books the payment, and the kiosk showing the
QR sees the bill paid without asking the gateway. A production kiosk without ``payment.notify_url`` does not start."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.adapters import open_hospital
from kiosk.payment.store import AttemptState, IntentState
from kiosk.payment.system import PaymentConfigError, build_payments
from kiosk.storage import open_database
from payment_world import make_world, wait_until

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(tmp_path: Path, sandbox, payment_lines: str, database: object = None) -> Path:
    (tmp_path / "app_private.pem").write_text(sandbox.app_private_key)
    (tmp_path / "app_private.pem").chmod(0o600)
    (tmp_path / "gateway_public.pem").write_text(sandbox.gateway_public_key)
    (tmp_path / "wechat_apiv3.key").write_text(sandbox.wechat_apiv3_key)
    (tmp_path / "wechat_apiv3.key").chmod(0o600)
    text = DEMO_CONFIG.read_text()
    text = text.replace('wechat = "sandbox"', "")
    text = text.replace('mode = "demo"', 'mode = "production"')
    text = text.replace('his = "demo:"', 'his = "fhir+http://127.0.0.1:9/fhir"')  # production names its HIS
    text = text.replace('database = "~/.local/state/onevisit/demo.db"', f'database = "{database or tmp_path / "shared.db"}"')
    text = text.replace('gateway = "sandbox"', payment_lines)
    path = tmp_path / "kiosk.toml"
    path.write_text(text)
    return path


def payment_lines(sandbox, notify_url: str = "", listen: str = "") -> str:
    lines = [f'gateway = "{sandbox.gateway_url}"', f'app_id = "{sandbox.app_id}"',
             'app_private_key_file = "app_private.pem"', 'gateway_public_key_file = "gateway_public.pem"',
             f'wechat = "{sandbox.url}"', f'wechat_mchid = "{sandbox.wechat_mchid}"',
             f'wechat_appid = "{sandbox.wechat_appid}"', 'wechat_serial_no = "SANDBOX-MERCHANT-SERIAL"',
             'wechat_private_key_file = "app_private.pem"', 'wechat_apiv3_key_file = "wechat_apiv3.key"',
             'wechat_public_key_file = "gateway_public.pem"', f'wechat_public_key_id = "{sandbox.wechat_public_key_id}"']
    if notify_url:
        lines += [f'notify_url = "{notify_url}"', f'notify_listen = "{listen}"']
    return "\n".join(lines)


def start_service(config: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "payment-notify", "--config", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(20)
    if not lines or not lines[0].startswith("listening on"):
        process.kill()
        raise AssertionError(f"the service did not start: {process.stderr.read()[-800:]}")
    return process, lines[0]


def test_the_notify_service_books_the_payment_and_the_kiosk_sees_it_without_asking_the_gateway(tmp_path, database_target, sandbox):
    port = free_port()
    notify_url = f"http://127.0.0.1:{port}/onevisit/notify/alipay"  # what the reverse proxy forwards
    config = write_config(tmp_path, sandbox, payment_lines(sandbox, notify_url, f"127.0.0.1:{port}"), database_target)
    kiosk = make_world(database_target, sandbox, notify_url=notify_url,  # no listener of its own
                       gateways=("wechat", "alipay"))
    service, ready = start_service(config)
    try:
        assert f"127.0.0.1:{port}" in ready and notify_url in ready
        intent = kiosk.service.open_bill("DEMO-001")
        attempt = kiosk.service.start_qr(intent.id, "alipay")
        kiosk.control.pay(attempt.out_trade_no)
        # the QR screen's tick reads the database (ask_gateway=False): the service's write is all it sees
        assert wait_until(lambda: kiosk.service.check_attempt(attempt.out_trade_no).state is AttemptState.PAID)
        assert wait_until(lambda: kiosk.service.intent(intent.id).state is IntentState.SETTLED)
        assert kiosk.ledger() == [("gateway_in", attempt.out_trade_no, 1350)]
        assert kiosk.db.execute("SELECT outcome FROM payment_notifications").fetchall() == [("accepted",)]
        assert kiosk.service.billing.invoice_for(intent.id).self_pay_fen == 1350
        # WeChat Pay: signed headers and an encrypted resource, to the same service at …/wechat
        by_wechat = kiosk.service.open_bill("DEMO-002")
        order = kiosk.service.start_qr(by_wechat.id, "wechat")
        assert order.qr_code.startswith("weixin://wxpay/bizpayurl?pr=")
        kiosk.control.pay(order.out_trade_no)
        assert wait_until(lambda: kiosk.service.check_attempt(order.out_trade_no).state is AttemptState.PAID)
        assert wait_until(lambda: kiosk.service.intent(by_wechat.id).state is IntentState.SETTLED)
        assert kiosk.db.execute("SELECT count(*) FROM payment_notifications").fetchone() == (2,)
        # a forged notification straight to the service is refused and changes nothing
        forged = f"notify_id=x&out_trade_no={attempt.out_trade_no}&sign=AAAA".encode()
        with urllib.request.urlopen(notify_url, data=forged, timeout=10) as reply:
            assert reply.read() == b"fail"
        assert [row[1] for row in kiosk.ledger()] == [attempt.out_trade_no, order.out_trade_no]
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=10) == 0
        service.stdout.close()
        service.stderr.close()
        kiosk.close()


def test_the_notify_service_refuses_to_start_without_a_notify_url(tmp_path, sandbox):
    config = write_config(tmp_path, sandbox, payment_lines(sandbox))
    finished = subprocess.run([sys.executable, "-m", "kiosk", "payment-notify", "--config", str(config)],
                              capture_output=True, text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1 and "payment.notify_url is missing" in finished.stderr


def test_a_production_kiosk_without_a_notify_url_does_not_start(production_config, tmp_path, sandbox):
    (tmp_path / "app_private.pem").write_text(sandbox.app_private_key)
    (tmp_path / "app_private.pem").chmod(0o600)
    (tmp_path / "gateway_public.pem").write_text(sandbox.gateway_public_key)
    payment = replace(production_config.payment, gateway=sandbox.gateway_url, app_id=sandbox.app_id,
                      app_private_key_file=tmp_path / "app_private.pem",
                      gateway_public_key_file=tmp_path / "gateway_public.pem")
    config = replace(production_config, payment=payment)
    db, clock = open_database(tmp_path / "kiosk.db"), Clock()
    link = open_hospital(config, db, clock)
    try:
        with pytest.raises(PaymentConfigError) as refused:
            build_payments(config, db, clock, link, AuditLog(db, clock))
        assert "payment.notify_url is missing" in str(refused.value) and "\n" not in str(refused.value)
        live_config = replace(config, payment=replace(payment, notify_url="https://pay.hospital.example/notify/alipay"))
        live = build_payments(live_config, db, clock, link, AuditLog(db, clock))
        try:
            assert live.listener is None  # the hospital's service receives; the kiosk polls as the fallback
            assert live.service.gateway.notify_url == "https://pay.hospital.example/notify/alipay"
        finally:
            live.close()
    finally:
        link.close()
        db.close()
