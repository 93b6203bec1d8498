"""The gateway adapters the ``[payment]`` config asks for: Alipay (``payment.gateway``) and WeChat Pay
(``payment.wechat``), each ``"off"``, ``"sandbox"`` (demo: the sandbox process speaks both) or the
gateway's URL with the key files the config names. Both on: one ``Gateways`` routing by order number.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError
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


def payment_settings(payment: dict[str, Any]) -> PaymentSettings:
    return PaymentSettings(
        qr_timeout_s=int(payment.get("qr_timeout_s", 120)), poll_interval_s=float(payment.get("poll_interval_s", 3.0)),
        credit_limit_fen=int(payment.get("credit_limit_yuan", 1000)) * 100,
        credit_days=int(payment.get("credit_days", 10)))


def _read(payment: dict[str, Any], *keys: str) -> list[str]:
    try:
        return [Path(payment[key]).read_text().strip() + "\n" for key in keys]
    except (KeyError, OSError) as exc:
        raise PaymentConfigError(f"the key files cannot be read ({exc}); set " + " and ".join(
            f"payment.{key}" for key in keys)) from None


def alipay_from_config(payment: dict[str, Any], notify_url: str) -> AlipayGateway:
    """The Alipay adapter for ``payment.gateway`` = a URL."""
    private, public = _read(payment, "app_private_key_file", "gateway_public_key_file")
    return AlipayGateway(str(payment.get("app_id", "")), private, public, str(payment["gateway"]), notify_url)


def wechat_from_config(payment: dict[str, Any], notify_url: str) -> WechatGateway:
    """The WeChat Pay adapter for ``payment.wechat`` = a URL (https://api.mch.weixin.qq.com)."""
    private, apiv3_key, public = _read(payment, "wechat_private_key_file", "wechat_apiv3_key_file",
                                       "wechat_public_key_file")
    missing = [key for key in ("wechat_mchid", "wechat_appid", "wechat_serial_no", "wechat_public_key_id")
               if not payment.get(key)]
    if missing:
        raise PaymentConfigError("payment.wechat is a URL but " + ", ".join(f"payment.{k}" for k in missing) + " not set")
    return WechatGateway(str(payment["wechat_mchid"]), str(payment["wechat_appid"]), private,
                         str(payment["wechat_serial_no"]), apiv3_key.strip(), public,
                         str(payment["wechat_public_key_id"]), str(payment["wechat"]), wechat_sibling(notify_url))


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


def gateways_from_config(payment: dict[str, Any], notify_url: str, sandbox: SandboxProcess | None) -> PaymentGateway:
    """The adapter (one gateway on) or the router (both on) the config asks for."""
    adapters: dict[str, Any] = {}
    for kind, key in ((ALIPAY, "gateway"), (WECHAT, "wechat")):
        value = str(payment.get(key, "off"))
        if value == "off":
            continue
        if value == "sandbox":
            if sandbox is None:
                raise PaymentConfigError(f'payment.{key} = "sandbox" needs the sandbox gateway (demo mode)')
            adapters[kind] = SandboxGateway(sandbox, kind, notify_url)
        else:
            adapters[kind] = (alipay_from_config if kind == ALIPAY else wechat_from_config)(payment, notify_url)
    if list(adapters) == [ALIPAY]:
        return adapters[ALIPAY]
    return Gateways(adapters)  # type: ignore[return-value]
