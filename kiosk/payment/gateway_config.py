"""The gateway adapters the ``[payment]`` config asks for: Alipay (``payment.gateway``) and WeChat Pay
(``payment.wechat``), each ``"off"``, ``"sandbox"`` (demo: the sandbox process speaks both) or the
gateway's URL with the key files the config names. Both on: one ``Gateways`` routing by order number.
"""
from __future__ import annotations

import threading
from typing import Any

from kiosk.adapters import AdapterContext, open_adapter
from kiosk.config import ConfigError, PaymentConfig
from kiosk.ops.safe_files import UnsafeFile, read_pem
from kiosk.payment.alipay_gateway import AlipayGateway
from kiosk.payment.errors import PaymentSettings
from kiosk.payment.gateway import GatewayUnavailable, PaymentGateway
from kiosk.payment.gateways import ALIPAY, WECHAT, Gateways
from kiosk.payment.notifications import wechat_sibling
from kiosk.payment.sandbox.process import SandboxEndpoint, SandboxError, SandboxProcess
from kiosk.payment.sandbox.wechat import APPID as SANDBOX_WECHAT_APPID
from kiosk.payment.wechat_gateway import WechatGateway

SANDBOX_MERCHANT_SERIAL = "SANDBOX-MERCHANT-SERIAL"


class PaymentConfigError(ConfigError):
    """The [payment] settings cannot work (one plain line)."""


def payment_settings(payment: PaymentConfig) -> PaymentSettings:
    return PaymentSettings(qr_timeout_s=payment.qr_timeout_s, poll_interval_s=payment.poll_interval_s,
                           credit_limit_fen=payment.credit_limit_yuan * 100, credit_days=payment.credit_days)


def _read(payment: PaymentConfig, *keys: str) -> list[str]:
    """Key files, each checked before it is read (regular file, size cap; private ones owner-only)."""
    texts = []
    try:
        for key in keys:
            path = getattr(payment, key)
            if path is None:
                raise OSError("not set")
            texts.append(read_pem(path, owner_only="public" not in key).strip() + "\n")
    except (OSError, UnsafeFile, UnicodeDecodeError) as exc:
        raise PaymentConfigError(f"the key files cannot be read ({exc}); set " + " and ".join(
            f"payment.{key}" for key in keys)) from None
    return texts


def alipay_from_config(payment: PaymentConfig, notify_url: str) -> AlipayGateway:
    """The Alipay adapter for ``payment.gateway`` = a URL."""
    private, public = _read(payment, "app_private_key_file", "gateway_public_key_file")
    return AlipayGateway(payment.app_id, private, public, payment.gateway, notify_url)


def wechat_from_config(payment: PaymentConfig, notify_url: str) -> WechatGateway:
    """The WeChat Pay adapter for ``payment.wechat`` = a URL (https://api.mch.weixin.qq.com)."""
    private, apiv3_key, public = _read(payment, "wechat_private_key_file", "wechat_apiv3_key_file",
                                       "wechat_public_key_file")
    missing = [key for key in ("wechat_mchid", "wechat_appid", "wechat_serial_no", "wechat_public_key_id")
               if not getattr(payment, key)]
    if missing:
        raise PaymentConfigError("payment.wechat is a URL but " + ", ".join(f"payment.{k}" for k in missing) + " not set")
    return WechatGateway(payment.wechat_mchid, payment.wechat_appid, private, payment.wechat_serial_no,
                         apiv3_key.strip(), public, payment.wechat_public_key_id, payment.wechat,
                         wechat_sibling(notify_url))


class SandboxGateway:
    """An adapter pointed at the sandbox process; the process's keys are read on first use."""

    def __init__(self, sandbox: SandboxProcess, kind: str, notify_url: str, timeout_s: float = 5.0) -> None:
        self.app_id = SANDBOX_WECHAT_APPID if kind == WECHAT else sandbox.app_id
        self.kind = kind
        self._sandbox = sandbox
        self._notify_url = notify_url
        self._timeout_s = timeout_s
        self._gateway: AlipayGateway | WechatGateway | None = None
        self._lock = threading.Lock()

    def _adapter(self) -> AlipayGateway | WechatGateway:
        with self._lock:
            if self._gateway is None:
                try:
                    end = self._sandbox.endpoint()
                except SandboxError as exc:
                    raise GatewayUnavailable(str(exc)) from None
                self._gateway = _sandbox_adapter(end, self.kind, self._notify_url, self._timeout_s)
            return self._gateway

    def __getattr__(self, name: str) -> Any:  # precreate, query, cancel, refund, … of the adapter
        return getattr(self._adapter(), name)


def _sandbox_adapter(end: SandboxEndpoint, kind: str, notify_url: str, timeout_s: float) -> AlipayGateway | WechatGateway:
    if kind == WECHAT:
        return WechatGateway(end.wechat_mchid, end.wechat_appid, end.app_private_key, SANDBOX_MERCHANT_SERIAL,
                             end.wechat_apiv3_key, end.gateway_public_key, end.wechat_public_key_id, end.url,
                             wechat_sibling(notify_url), timeout_s)
    return AlipayGateway(end.app_id, end.app_private_key, end.gateway_public_key, end.gateway_url, notify_url, timeout_s)


def open_alipay(address: str, context: AdapterContext) -> AlipayGateway:
    return alipay_from_config(context.config.payment, context.notify_url)


def open_wechat(address: str, context: AdapterContext) -> WechatGateway:
    return wechat_from_config(context.config.payment, context.notify_url)


def _sandbox_of(context: AdapterContext) -> SandboxProcess:
    if context.config.mode != "demo" or context.sandbox is None:
        raise PaymentConfigError('payment.gateway / payment.wechat = "sandbox" is only allowed with kiosk.mode = "demo"')
    return context.sandbox


def open_sandbox_alipay(address: str, context: AdapterContext) -> SandboxGateway:
    return SandboxGateway(_sandbox_of(context), ALIPAY, context.notify_url)


def open_sandbox_wechat(address: str, context: AdapterContext) -> SandboxGateway:
    return SandboxGateway(_sandbox_of(context), WECHAT, context.notify_url)


GATEWAY_KINDS = {ALIPAY: ("payment_gateway", "gateway"), WECHAT: ("wechat_gateway", "wechat")}


def gateways_from_config(context: AdapterContext) -> PaymentGateway | None:
    """The adapter (one gateway on), the router (both on) or None (both off), opened through
    ``kiosk.adapters`` from ``payment.gateway`` (Alipay) and ``payment.wechat`` (WeChat Pay)."""
    payment = context.config.payment
    adapters: dict[str, Any] = {}
    for name, (kind, key) in GATEWAY_KINDS.items():
        address = getattr(payment, key)
        if address != "off":
            adapters[name] = open_adapter(kind, address, context)
    if not adapters:
        return None
    if list(adapters) == [ALIPAY]:
        return adapters[ALIPAY]
    return Gateways(adapters)  # type: ignore[return-value]
