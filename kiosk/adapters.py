"""Opens the hospital's outside systems from their config addresses, the way ``devices.registry`` opens drivers.

Kinds: ``his`` (patients, appointments, charges), ``insurance`` (settlement), ``billing`` (e-invoices)
``payment_gateway`` (Alipay) and ``wechat_gateway`` (WeChat Pay). The scheme of the address picks the adapter: ``demo:``, ``embedded:``,
``fhir+https://his.example/fhir`` (``fhir+http://`` for a local test server), and for gateways
``sandbox`` or the gateway's ``https://`` URL (``off`` opens nothing). Three sources, in this order:

1. adapters registered in-process with ``register_adapter(kind, scheme, factory)``;
2. the built-in table below (imported lazily, so an adapter's missing library only matters when used);
3. third-party adapters in the entry-point group ``onevisit.adapters``, named ``kind.scheme``
   (``his.hl7v2 = "acme_his:open_hl7v2"``). Built-ins win over plug-ins.

A factory is called as ``factory(address, context)`` with the full address and an ``AdapterContext``
and returns an object satisfying the kind's port. An unknown scheme is an ``AdapterNotFound``: a
config problem, reported in one line naming the key.
"""
from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from kiosk.clock import Clock
from kiosk.config import ConfigError, KioskConfig

ENTRY_POINT_GROUP = "onevisit.adapters"
KINDS = {"his": "hospital.his", "insurance": "hospital.insurance", "billing": "hospital.billing",
         "payment_gateway": "payment.gateway", "wechat_gateway": "payment.wechat"}

BUILTIN_ADAPTERS: dict[tuple[str, str], str] = {
    ("his", "demo"): "kiosk.his.demo:open_demo_hospital",
    ("his", "fhir+https"): "kiosk.his.fhir.adapter:open_fhir_hospital",
    ("his", "fhir+http"): "kiosk.his.fhir.adapter:open_fhir_hospital",
    ("insurance", "embedded"): "kiosk.insurance.embedded:open_embedded_insurance",
    ("billing", "demo"): "kiosk.his.demo_invoices:open_demo_invoices",
    ("billing", "fhir+https"): "kiosk.his.fhir.invoices:open_fhir_invoices",
    ("billing", "fhir+http"): "kiosk.his.fhir.invoices:open_fhir_invoices",
    ("payment_gateway", "sandbox"): "kiosk.payment.gateway_config:open_sandbox_alipay",
    ("payment_gateway", "https"): "kiosk.payment.gateway_config:open_alipay",
    ("payment_gateway", "http"): "kiosk.payment.gateway_config:open_alipay",
    ("wechat_gateway", "sandbox"): "kiosk.payment.gateway_config:open_sandbox_wechat",
    ("wechat_gateway", "https"): "kiosk.payment.gateway_config:open_wechat",
    ("wechat_gateway", "http"): "kiosk.payment.gateway_config:open_wechat",
}

AdapterFactory = Callable[[str, "AdapterContext"], Any]
_registered: dict[tuple[str, str], AdapterFactory] = {}


class AdapterNotFound(ConfigError):
    """No adapter serves this address (one plain line naming the config key)."""


@dataclass
class AdapterContext:
    """What an adapter may need to open: the config, the kiosk's database and clock, and for billing
    and gateways the adapters opened before them."""

    config: KioskConfig
    db: sqlite_utils.Database
    clock: Clock
    his: Any = None  # the HisPort, once open (billing needs patients' names for invoices)
    notify_url: str = ""  # the payment notification listener's address (gateways)
    sandbox: Any = None  # the demo's sandbox gateway process, shared by both gateways' "sandbox" adapters


def scheme_of(address: str) -> str:
    """ "fhir+https://x/fhir" → "fhir+https"; "demo:" → "demo"; "sandbox" → "sandbox"."""
    return address.split(":", 1)[0].strip().lower()


def register_adapter(kind: str, scheme: str, factory: AdapterFactory, replace: bool = False) -> None:
    """Register an adapter factory in this process (tests, embedding); built-ins need ``replace=True``."""
    _check_kind(kind)
    key = (kind, scheme.lower())
    if not replace and (key in BUILTIN_ADAPTERS or key in _registered):
        raise ValueError(f"a {kind} adapter for scheme '{scheme}' already exists; pass replace=True")
    _registered[key] = factory


def unregister_adapter(kind: str, scheme: str) -> None:
    _registered.pop((kind, scheme.lower()), None)


def available_schemes(kind: str) -> list[str]:
    _check_kind(kind)
    schemes = {s for (k, s) in _registered if k == kind} | {s for (k, s) in BUILTIN_ADAPTERS if k == kind}
    schemes |= {s for (k, s) in _plugin_entries() if k == kind}
    return sorted(schemes)


def adapter_factory(kind: str, address: str) -> AdapterFactory:
    _check_kind(kind)
    key = (kind, scheme_of(address))
    if key in _registered:
        return _registered[key]
    target = BUILTIN_ADAPTERS.get(key)
    if target is None:
        entry = _plugin_entries().get(key)
        if entry is None:
            raise AdapterNotFound(f"{KINDS[kind]} = {address!r}: no adapter for '{key[1]}:'; known: "
                                  + ", ".join(f"{s}:" for s in available_schemes(kind)))
        return entry.load()
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def open_adapter(kind: str, address: str, context: AdapterContext) -> Any:
    return adapter_factory(kind, address)(address, context)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown adapter kind {kind!r}; known: {', '.join(KINDS)}")


def _plugin_entries() -> dict[tuple[str, str], importlib.metadata.EntryPoint]:
    entries = {}
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        kind, _, scheme = entry.name.partition(".")
        if kind in KINDS and scheme:
            entries[(kind, scheme.lower())] = entry
    return entries


@dataclass
class HospitalLink:
    """The hospital's systems as the kiosk sees them: HIS, insurance and e-invoices (``BillingPort``)."""

    his: Any
    insurance: Any
    billing: Any

    def close(self) -> None:
        for adapter in (self.billing, self.insurance, self.his):
            close = getattr(adapter, "close", None)
            if close is not None:
                close()


def open_hospital(config: KioskConfig, db: sqlite_utils.Database, clock: Clock) -> HospitalLink:
    """Open ``hospital.his``, ``hospital.insurance`` and ``hospital.billing`` (the demo hospital seeds
    its made-up patients here, in demo mode only)."""
    systems = config.systems
    context = AdapterContext(config, db, clock)
    his = open_adapter("his", systems.his, context)
    context.his = his
    try:
        insurance = open_adapter("insurance", systems.insurance, context)
        billing = open_adapter("billing", systems.billing_address, context)
    except BaseException:
        HospitalLink(his, None, None).close()
        raise
    return HospitalLink(his, insurance, billing)
