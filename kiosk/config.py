"""The kiosk's TOML configuration: loading, defaults and validation.

A wrong value stops the program with one line naming the key and what is allowed (``ConfigError``);
``kiosk/__main__.py`` turns that into exit code 2 without a traceback.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from devices.base import DeviceUrl, DriverNotFound
from devices.protocols import DEVICE_KINDS
from kiosk.wheelchair.labels import check_slip_url

DEFAULT_CONFIG = "/etc/onevisit/kiosk.toml"
LANGUAGES = ("zh_CN", "en")
ORIENTATIONS = ("portrait", "landscape", "auto")
MODES = ("demo", "production")


class ConfigError(Exception):
    """One plain line: which key is wrong and what is allowed."""


@dataclass(frozen=True)
class KioskConfig:
    source: Path
    kiosk_id: str
    mode: str
    language: str
    orientation: str
    fullscreen: bool
    idle_timeout_s: int
    idle_warning_s: int
    help_desk_zh: str
    help_desk_en: str
    hospital_name_zh: str
    hospital_name_en: str
    database: Path
    speech_volume: int
    devices: dict[str, str] = field(default_factory=dict)
    health_poll_s: float = 5.0
    wheelchair: dict[str, int | str] = field(default_factory=dict)  # pricing, pick-up and slip_url of [wheelchair]
    wheelchair_label_key_file: Path = Path("~/.local/state/onevisit/wheelchair-label.key")
    face_key_file: Path = Path("~/.local/state/onevisit/face.key")  # AES key of the face templates (0600)
    face_landmarks: str = "68"  # "68" (eye contours: blink liveness) or "5" (no iBUG 300-W licence terms)
    face_second_factor_above: int = 2000  # enrolled people above which a second factor is asked first
    payment: dict[str, Any] = field(default_factory=dict)  # [payment]: gateway, key files, timeouts, credit
    second_pin_above_yuan: int = 200  # [maintenance]: refunds above this need a second staff member's PIN
    large_print: bool = True  # [printing]: queue number, room and chair number at the printer's biggest size
    reach_mode: bool = False  # [ui]: start in reach mode (all controls in the lower 60 % of the screen)
    paper_roll_m: int = 80  # [printing]: length of a new receipt roll, for "about N tickets left"
    paper_low_tickets: int = 50  # [maintenance]: alert staff when fewer tickets than this are left
    out_of_service_url: str = ""  # [kiosk]: the hospital page shown as a QR while out of service ("" = none)
    counter_directions_zh: str = ""  # [kiosk]: the way to the staffed counter ("" = the help desk's name)
    counter_directions_en: str = ""
    counter_direction: str = "ahead"  # [kiosk]: which way the drawn arrow points: ahead, left, right, behind


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _optional_url(value: Any) -> str | None:
    """"" (none) or an http(s) address short enough for a QR a phone reads from a screen."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if not text or (text.startswith(("https://", "http://")) and len(text) <= 200) else None


_optional_url.allowed = '"" or an http(s):// address of at most 200 characters'  # type: ignore[attr-defined]


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _int_between(low: int, high: int) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return value if ok else None

    check.allowed = f"a whole number from {low} to {high}"  # type: ignore[attr-defined]
    return check


def _number_between(low: float, high: float) -> Callable[[Any], float | None]:
    def check(value: Any) -> float | None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
        return float(value) if ok else None

    check.allowed = f"a number from {low:g} to {high:g}"  # type: ignore[attr-defined]
    return check


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return value if value in choices else None

    check.allowed = "one of " + ", ".join(f'"{c}"' for c in choices)  # type: ignore[attr-defined]
    return check


def _device_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        DeviceUrl.parse(value)
    except DriverNotFound:
        return None
    return value.strip()


def _payment_gateway(value: Any) -> str | None:
    ok = isinstance(value, str) and (value in ("sandbox", "off") or value.startswith(("http://", "https://")))
    return value if ok else None


_payment_gateway.allowed = '"sandbox" (demo only), "off" or the gateway URL (https://…/gateway.do)'  # type: ignore[attr-defined]


def _listen_address(value: Any) -> str | None:
    """"host:port" for a local server (the payment notification service behind the reverse proxy)."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9.\-]+:\d{1,5}", value.strip()):
        return None
    return value.strip() if 0 < int(value.strip().rsplit(":", 1)[1]) < 65536 else None


_listen_address.allowed = 'a "host:port" such as "127.0.0.1:8090"'  # type: ignore[attr-defined]


def _local_clock_time(value: Any) -> str | None:
    """"HH:MM", 24-hour, hospital-local time."""
    if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
        return None
    return value.strip()


_local_clock_time.allowed = 'a 24-hour local time in quotes, "HH:MM" such as "02:30"'  # type: ignore[attr-defined]
_text.allowed = "a non-empty text in quotes"  # type: ignore[attr-defined]
_bool.allowed = "true or false"  # type: ignore[attr-defined]
_device_url.allowed = 'a driver URL such as "sim:", "opencv:0" or "escpos+tcp://10.0.0.5:9100"'  # type: ignore[attr-defined]

# section.key -> (check, default). A default of None means the key is required.
SCHEMA: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "kiosk.id": (_text, None),
    "kiosk.mode": (_one_of(*MODES), "production"),
    "kiosk.language": (_one_of(*LANGUAGES), "zh_CN"),
    "kiosk.orientation": (_one_of(*ORIENTATIONS), "portrait"),
    "kiosk.fullscreen": (_bool, True),
    "kiosk.idle_timeout_s": (_int_between(15, 600), 60),
    "kiosk.idle_warning_s": (_int_between(5, 60), 10),
    "kiosk.help_desk_zh": (_text, "一楼服务台"),
    "kiosk.help_desk_en": (_text, "the service desk on floor 1"),
    "kiosk.health_poll_s": (_number_between(0.5, 300), 5.0),
    "hospital.name_zh": (_text, None),
    "hospital.name_en": (_text, None),
    "storage.database": (_text, None),
    "speech.volume": (_int_between(0, 100), 80),
    "printing.large_print": (_bool, True),
    "ui.reach_mode": (_bool, False),
    "printing.paper_roll_m": (_int_between(5, 500), 80),
    "maintenance.paper_low_tickets": (_int_between(0, 10_000), 50),
    "kiosk.out_of_service_url": (_optional_url, ""),
    "kiosk.counter_directions_zh": (_text, ""),
    "kiosk.counter_directions_en": (_text, ""),
    "kiosk.counter_direction": (_one_of("ahead", "left", "right", "behind"), "ahead"),
    **{f"devices.{kind}": (_device_url, None) for kind in DEVICE_KINDS},
    "wheelchair.label_key_file": (_text, "~/.local/state/onevisit/wheelchair-label.key"),
    "wheelchair.free_minutes": (_int_between(0, 1440), 120),
    "wheelchair.hourly_fen": (_int_between(0, 100_000), 300),
    "wheelchair.daily_cap_fen": (_int_between(0, 1_000_000), 2000),
    "wheelchair.home_use_daily_fen": (_int_between(0, 100_000), 1000),
    "wheelchair.deposit_fen": (_int_between(0, 1_000_000), 19800),
    "wheelchair.credit_waiver_score": (_int_between(0, 1000), 650),
    "wheelchair.pickup_timeout_s": (_int_between(10, 600), 60),
    "wheelchair.slip_url": (check_slip_url, ""),  # the rental slip's QR: "" = the kiosk's own code only
    "privacy.face_key_file": (_text, "~/.local/state/onevisit/face.key"),
    "face.landmarks": (_one_of("68", "5"), "68"),
    "face.second_factor_above": (_int_between(0, 10_000_000), 2000),
    "payment.gateway": (_payment_gateway, "off"),
    "payment.app_id": (_text, "2021000000000001"),
    "payment.app_private_key_file": (_text, ""),
    "payment.gateway_public_key_file": (_text, ""),
    "payment.qr_timeout_s": (_int_between(30, 600), 120),
    "payment.poll_interval_s": (_number_between(0.5, 30), 3.0),
    "payment.credit_limit_yuan": (_int_between(0, 100_000), 1000),
    "payment.credit_days": (_int_between(1, 90), 10),
    "payment.reconcile_at": (_local_clock_time, "02:30"),  # yesterday's reconciliation runs after this
    "payment.wechat": (_payment_gateway, "off"),  # WeChat Pay: "sandbox" (demo), "off" or https://api.mch.weixin.qq.com
    "payment.wechat_mchid": (_text, ""),
    "payment.wechat_appid": (_text, ""),
    "payment.wechat_serial_no": (_text, ""),  # the merchant API certificate's serial number
    "payment.wechat_private_key_file": (_text, ""),
    "payment.wechat_apiv3_key_file": (_text, ""),
    "payment.wechat_public_key_file": (_text, ""),  # the WeChat Pay platform public key
    "payment.wechat_public_key_id": (_text, ""),
    "payment.notify_url": (_optional_url, ""),  # public https URL of `onevisit payment-notify` (required live)
    "payment.notify_listen": (_listen_address, "127.0.0.1:8090"),  # where that service listens (behind HTTPS)
    "maintenance.second_pin_above_yuan": (_int_between(0, 1_000_000), 200),
}


def _resolve_path(raw: str, base: Path) -> Path:
    if raw == ":memory:":
        return Path(raw)
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (base / path)


def parse_config(data: dict[str, Any], source: Path) -> KioskConfig:
    """Validate a TOML document already read into a dict."""
    known_sections = {key.split(".")[0] for key in SCHEMA}
    values: dict[str, Any] = {}
    for section, content in data.items():
        if section not in known_sections:
            raise ConfigError(f"{source}: unknown section [{section}]; known sections: {', '.join(sorted(known_sections))}")
        if not isinstance(content, dict):
            raise ConfigError(f"{source}: '{section}' must be a [{section}] section")
        for key, value in content.items():
            dotted = f"{section}.{key}"
            if dotted not in SCHEMA:
                known = sorted(k.split(".")[1] for k in SCHEMA if k.startswith(section + "."))
                raise ConfigError(f"{source}: unknown key {dotted}; known keys in [{section}]: {', '.join(known)}")
            check, _ = SCHEMA[dotted]
            checked = check(value)
            if checked is None:
                raise ConfigError(f"{source}: {dotted} = {value!r} is not allowed; use {check.allowed}")  # type: ignore[attr-defined]
            values[dotted] = checked
    for dotted, (_, default) in SCHEMA.items():
        if dotted not in values:
            if default is None:
                raise ConfigError(f"{source}: {dotted} is missing; it is required")
            values[dotted] = default
    if values["kiosk.idle_warning_s"] >= values["kiosk.idle_timeout_s"]:
        raise ConfigError(f"{source}: kiosk.idle_warning_s must be shorter than kiosk.idle_timeout_s")

    base = source.parent
    return KioskConfig(
        source=source,
        kiosk_id=values["kiosk.id"],
        mode=values["kiosk.mode"],
        language=values["kiosk.language"],
        orientation=values["kiosk.orientation"],
        fullscreen=values["kiosk.fullscreen"],
        idle_timeout_s=values["kiosk.idle_timeout_s"],
        idle_warning_s=values["kiosk.idle_warning_s"],
        help_desk_zh=values["kiosk.help_desk_zh"],
        help_desk_en=values["kiosk.help_desk_en"],
        health_poll_s=values["kiosk.health_poll_s"],
        hospital_name_zh=values["hospital.name_zh"],
        hospital_name_en=values["hospital.name_en"],
        database=_resolve_path(values["storage.database"], base),
        speech_volume=values["speech.volume"],
        devices={kind: values[f"devices.{kind}"] for kind in DEVICE_KINDS},
        wheelchair={key.split(".", 1)[1]: value for key, value in values.items()
                    if key.startswith("wheelchair.") and key != "wheelchair.label_key_file"},
        wheelchair_label_key_file=_resolve_path(values["wheelchair.label_key_file"], base),
        face_key_file=_resolve_path(values["privacy.face_key_file"], base),
        face_landmarks=values["face.landmarks"],
        face_second_factor_above=values["face.second_factor_above"],
        payment={key.split(".", 1)[1]: str(_resolve_path(value, base)) if key.endswith("_file") and value else value
                 for key, value in values.items() if key.startswith("payment.")},
        second_pin_above_yuan=values["maintenance.second_pin_above_yuan"],
        large_print=values["printing.large_print"],
        reach_mode=values["ui.reach_mode"],
        paper_roll_m=values["printing.paper_roll_m"],
        paper_low_tickets=values["maintenance.paper_low_tickets"],
        out_of_service_url=values["kiosk.out_of_service_url"],
        counter_directions_zh=values["kiosk.counter_directions_zh"],
        counter_directions_en=values["kiosk.counter_directions_en"],
        counter_direction=values["kiosk.counter_direction"],
    )


def load_config(path: str | Path) -> KioskConfig:
    source = Path(path)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"config file {source} does not exist; pass --config with the path of your kiosk.toml") from None
    except OSError as exc:
        raise ConfigError(f"config file {source} cannot be read ({exc.strerror}); check its permissions") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"config file {source} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {source} is not valid TOML: {exc}") from None
    return parse_config(data, source.resolve())
