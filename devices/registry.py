"""Opens a device from its config URL: ``open_device("camera", "opencv:0")``.

The driver is chosen by (device kind, URL scheme). Kinds are the keys of ``DEVICE_KINDS``
(camera, receipt_printer, document_printer, scanner, dock, speaker, id_card_reader). Three sources, in this order:

1. drivers registered in-process with ``register_driver(kind, scheme, cls)``;
2. the built-in table below (imported lazily, so a driver's missing library only matters when used);
3. third-party drivers in the entry-point group ``onevisit.drivers``. An entry's name is either
   ``kind.scheme`` (``camera.gige = "acme_cams:GigECamera"``), or a bare ``scheme``
   (``gige = "acme_cams:GigECamera"``), in which case the class's ``kind`` attribute says which kind
   it serves (bare entries are imported to learn it). A plug-in cannot replace a built-in driver
   silently: built-ins win; ``register_driver(..., replace=True)`` overrides on purpose.

A driver class takes the parsed ``DeviceUrl`` as its only argument and must satisfy the kind's
Protocol. Nothing here falls back to a simulator: an unknown scheme is a ``DriverNotFound``.
"""
from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable

from devices.base import Device, DeviceError, DeviceUrl, DeviceUrlError, DriverNotFound
from devices.protocols import DEVICE_KINDS

ENTRY_POINT_GROUP = "onevisit.drivers"

BUILTIN_DRIVERS: dict[tuple[str, str], str] = {
    ("camera", "sim"): "devices.simulators.camera:SimCamera",
    ("camera", "file"): "devices.drivers.file_camera:FileCamera",
    ("camera", "opencv"): "devices.drivers.opencv_camera:OpenCVCamera",
    ("receipt_printer", "sim"): "devices.simulators.printers:SimReceiptPrinter",
    ("receipt_printer", "escpos+tcp"): "devices.drivers.escpos_printer:EscposReceiptPrinter",
    ("receipt_printer", "escpos+usb"): "devices.drivers.escpos_printer:EscposUsbPrinter",
    ("receipt_printer", "escpos+serial"): "devices.drivers.escpos_printer:EscposSerialPrinter",
    ("receipt_printer", "escpos+file"): "devices.drivers.escpos_printer:EscposFilePrinter",
    ("document_printer", "sim"): "devices.simulators.printers:SimDocumentPrinter",
    ("document_printer", "cups"): "devices.drivers.cups_printer:CupsDocumentPrinter",
    ("scanner", "sim"): "devices.simulators.scanner:SimCodeScanner",
    ("scanner", "serial"): "devices.drivers.serial_scanner:SerialCodeScanner",
    ("scanner", "hid"): "devices.drivers.hid_scanner:HidCodeScanner",
    ("dock", "sim"): "devices.simulators.dock:SimWheelchairDock",
    ("dock", "serial"): "devices.drivers.serial_dock:SerialWheelchairDock",
    ("speaker", "sim"): "devices.simulators.speaker:SimSpeaker",
    ("speaker", "espeak"): "devices.drivers.espeak_speaker:EspeakSpeaker",
    ("id_card_reader", "sim"): "devices.simulators.idcard:SimIdCardReader",
    ("id_card_reader", "idcard+serial"): "devices.drivers.sam_idcard_reader:SerialIdCardReader",
}

_registered: dict[tuple[str, str], type[Device]] = {}


def register_driver(kind: str, scheme: str, driver: type[Device], replace: bool = False) -> None:
    """Register a driver class in this process (tests, embedding); built-ins need ``replace=True``."""
    _check_kind(kind)
    key = (kind, scheme.lower())
    if not replace and (key in BUILTIN_DRIVERS or key in _registered):
        raise DeviceError(f"a {_words(kind)} driver for scheme '{scheme}' already exists; pass replace=True")
    _registered[key] = driver


def unregister_driver(kind: str, scheme: str) -> None:
    _registered.pop((kind, scheme.lower()), None)


def available_schemes(kind: str) -> list[str]:
    """Every scheme a ``kind`` device can be opened with, sorted."""
    _check_kind(kind)
    schemes = {scheme for (k, scheme) in _registered if k == kind}
    schemes |= {scheme for (k, scheme) in BUILTIN_DRIVERS if k == kind}
    schemes |= {scheme for (k, scheme) in _plugin_loaders() if k == kind}
    return sorted(schemes)


def driver_class(kind: str, scheme: str) -> type[Device]:
    """The class that serves ``kind`` devices with URLs of ``scheme``; DriverNotFound when none does."""
    _check_kind(kind)
    key = (kind, scheme.lower())
    if key in _registered:
        return _registered[key]
    if key in BUILTIN_DRIVERS:
        return _import_target(BUILTIN_DRIVERS[key], f"built-in {_words(kind)} driver '{scheme}'")
    loader = _plugin_loaders().get(key)
    if loader is not None:
        return loader()
    raise DriverNotFound(f"no {_words(kind)} driver for scheme '{scheme}'; "
                         f"schemes available for {kind}: {', '.join(available_schemes(kind)) or 'none'}")


def check_device_url(kind: str, url: str) -> Device:
    """Construct (without opening) the driver ``url`` names and return it, refusing what a driver cannot
    take: an unknown scheme (``DriverNotFound``), a value it rejects or a parameter it never read
    (``DeviceUrlError``). Drivers only read their parameters in ``__init__``; I/O waits for ``open()``."""
    _check_kind(kind)
    parsed = DeviceUrl.parse(url)
    try:
        cls = driver_class(kind, parsed.scheme)
    except DriverNotFound as exc:
        raise DriverNotFound(f"cannot open {_words(kind)} '{url}': {exc}") from exc
    try:
        device = cls(parsed)
    except DeviceUrlError:
        raise
    except (DeviceError, ValueError) as exc:  # constructors only read the URL: what fails here is the URL
        raise DeviceUrlError(str(exc) or f"'{url}' is not a URL the {_words(kind)} driver accepts") from None
    unknown = parsed.params.unread()
    if unknown:
        known = sorted(parsed.params.read)
        raise DeviceUrlError(f"'{url}': unknown parameter {unknown[0]}= for a {_words(kind)} '{parsed.scheme}:' driver; "
                             f"it knows {', '.join(known) if known else 'no parameters'}")
    return device


def open_device(kind: str, url: str) -> Device:
    """Parse and check ``url`` (``check_device_url``), then open the driver and return it."""
    device = check_device_url(kind, url)
    cls = type(device)
    missing = _missing_members(device, DEVICE_KINDS[kind])
    if missing:
        raise DeviceError(f"driver {cls.__module__}.{cls.__qualname__} for '{url}' is not a usable "
                          f"{_words(kind)}: it lacks {', '.join(missing)}")
    device.open()
    return device


# Plug-ins -------------------------------------------------------------------------------------------


def _plugin_loaders() -> dict[tuple[str, str], Callable[[], type[Device]]]:
    """(kind, scheme) -> a function importing the plug-in's class; built-in keys are left out."""
    loaders: dict[tuple[str, str], Callable[[], type[Device]]] = {}
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        kind, dot, scheme = entry.name.partition(".")
        if dot:
            key = (kind, scheme.lower())
        else:
            try:
                loaded = entry.load()
            except Exception:  # a broken bare plug-in cannot say its kind; it is reported when asked for
                continue
            key = (str(getattr(loaded, "kind", "")), entry.name.lower())
        if key[0] in DEVICE_KINDS and key not in BUILTIN_DRIVERS:
            loaders.setdefault(key, _entry_loader(entry))
    return loaders


def _entry_loader(entry: importlib.metadata.EntryPoint) -> Callable[[], type[Device]]:
    def load() -> type[Device]:
        return _import_target(entry.value, f"driver plug-in '{entry.name}' ({entry.value})", entry.load)
    return load


def _import_target(target: str, what: str, loader: Callable[[], object] | None = None) -> type[Device]:
    try:
        if loader is not None:
            loaded = loader()
        else:
            module_name, _, attribute = target.partition(":")
            loaded = getattr(importlib.import_module(module_name), attribute)
    except ImportError as exc:
        package = exc.name or "a package it needs"
        raise DriverNotFound(f"the {what} cannot be loaded: {package} is not installed — install it") from exc
    except Exception as exc:
        raise DriverNotFound(f"the {what} failed to load: {exc}") from exc
    if not isinstance(loaded, type):
        raise DriverNotFound(f"the {what} is not a class")
    return loaded


# Helpers --------------------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in DEVICE_KINDS:
        raise DriverNotFound(f"unknown device kind '{kind}'; known kinds: {', '.join(DEVICE_KINDS)}")


def _words(kind: str) -> str:
    return kind.replace("_", " ")


def _missing_members(device: object, protocol: type) -> list[str]:
    """Names the protocol declares (methods and attributes) that ``device`` does not have."""
    names: set[str] = set()
    for cls in protocol.__mro__:
        if not getattr(cls, "_is_protocol", False) or cls.__module__ == "typing":
            continue
        names |= {name for name in vars(cls) if not name.startswith("_")}
        names |= {name for name in getattr(cls, "__annotations__", {}) if not name.startswith("_")}
    return sorted(name for name in names if not hasattr(device, name))
