"""The kiosk's TOML configuration: loading, defaults and validation.

A wrong value stops the program with one line naming the key and what is allowed (``ConfigError``);
``kiosk/__main__.py`` turns that into exit code 2 without a traceback.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from devices.base import DeviceError, DeviceUrl, DriverNotFound
from devices.protocols import DEVICE_KINDS
from devices.registry import check_device_url
from kiosk.ops.safe_files import UnsafeFile, read_regular_file
from kiosk.help_call import WEBHOOK_STYLES
from kiosk.wheelchair.labels import check_slip_url
from kiosk.wheelchair.pricing import RentalTerms

DEFAULT_CONFIG = "/etc/onevisit/kiosk.toml"
MAX_CONFIG_BYTES = 256 * 1024  # a kiosk.toml is a few KB; anything far bigger is not one
MAX_TEXT = 200  # names, directions, help desk: they are printed and spoken
MAX_KIOSK_ID = 32  # printed on every slip and written into every audit row
MAX_PATH = 4096
LANGUAGES = ("zh_CN", "en")
ORIENTATIONS = ("portrait", "landscape", "auto")
MODES = ("demo", "production")
OPTIONAL_DEVICE_KINDS = ("id_card_reader",)  # "" in the config: this kiosk has none fitted


class ConfigError(Exception):
    """One plain line: which key is wrong and what is allowed."""


@dataclass(frozen=True)
class HospitalSystems:
    """[hospital]: which adapters answer for the hospital (addresses chosen in ``kiosk.adapters``)."""

    his: str = "demo:"  # "demo:" (demo mode only) or the FHIR R4 base, "fhir+https://his.example/fhir"
    insurance: str = "embedded:"  # the embedded rules engine
    billing: str = ""  # e-invoices: "" = those of the hospital system itself (the same address)
    queue_status_url: str = ""  # ticket QR, "https://…/q/{number}-{token}"; "" = no QR on tickets
    invoice_verify_url: str = ""  # invoice QR, "https://…/v/{number}-{check_code}"; "" = no QR

    @property
    def billing_address(self) -> str:
        return self.billing or self.his


@dataclass(frozen=True)
class FhirConfig:
    """[fhir]: how the FHIR R4 adapter reaches the hospital system and names its identifiers."""

    token_file: Path | None = None  # a bearer token, one line (mode 0600)
    client_cert_file: Path | None = None  # or a client certificate (PEM) …
    client_key_file: Path | None = None  # … and its key
    ca_file: Path | None = None  # the hospital's own CA, when its certificate is not publicly signed
    timeout_s: float = 5.0
    id_number_system: str = "urn:oid:1.2.156.112604.1.1"  # resident ID numbers (居民身份证)
    patient_number_system: str = "urn:oid:1.2.156.112604.1.2.1"  # the hospital's own patient numbers


@dataclass(frozen=True)
class PaymentConfig:
    """[payment]: the gateway, its key files, the QR and polling times, pay-later and reconciliation."""

    gateway: str = "off"  # "sandbox" (demo only), "off", or the gateway URL
    app_id: str = "2021000000000001"
    app_private_key_file: Path | None = None
    gateway_public_key_file: Path | None = None
    qr_timeout_s: int = 120
    poll_interval_s: float = 3.0
    credit_limit_yuan: int = 1000
    credit_days: int = 10
    reconcile_at: str = "02:30"  # yesterday's reconciliation runs after this, hospital-local "HH:MM"
    notify_url: str = ""  # public https URL of `onevisit payment-notify` (required in production)
    notify_listen: str = "127.0.0.1:8090"  # where that service listens, behind the hospital's HTTPS proxy
    wechat: str = "off"  # WeChat Pay: "sandbox" (demo only), "off", or https://api.mch.weixin.qq.com
    wechat_mchid: str = ""
    wechat_appid: str = ""
    wechat_serial_no: str = ""  # the merchant API certificate's serial number
    wechat_private_key_file: Path | None = None
    wechat_apiv3_key_file: Path | None = None
    wechat_public_key_file: Path | None = None  # the WeChat Pay platform public key
    wechat_public_key_id: str = ""


@dataclass(frozen=True)
class WheelchairConfig:
    """[wheelchair]: prices, pick-up time and the slip's QR (the label key file is ``wheelchair_label_key_file``)."""

    terms: RentalTerms = field(default_factory=RentalTerms)
    pickup_timeout_s: int = 60
    slip_url: str = ""  # the rental slip's QR: "" = the kiosk's own code only


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
    database: Path | str  # a SQLite file, or the hospital's PostgreSQL URL (kiosk.storage)
    speech_volume: int
    devices: dict[str, str] = field(default_factory=dict)
    health_poll_s: float = 5.0
    wheelchair: WheelchairConfig = field(default_factory=WheelchairConfig)
    wheelchair_label_key_file: Path = Path("~/.local/state/onevisit/wheelchair-label.key")
    face_key_file: Path = Path("~/.local/state/onevisit/face.key")  # AES key of the face templates (0600)
    face_landmarks: str = "68"  # "68" (eye contours: blink liveness) or "5" (no iBUG 300-W licence terms)
    face_second_factor_above: int | None = None  # enrolled people above which a second factor is asked first (None: the encoder's measured limit)
    face_encoder: str = "dlib-resnet"  # kiosk/face/encoders.py
    face_threshold: float | None = None  # None: the encoder's measured value
    face_margin: float | None = None
    face_max_attempt_s: int = 20  # a whole face attempt, positioning to verdict
    face_no_face_timeout_s: int = 20  # no face seen this long: say so and offer the other ways
    payment: PaymentConfig = field(default_factory=PaymentConfig)
    systems: HospitalSystems = field(default_factory=HospitalSystems)  # [hospital]: his, insurance, billing, links
    fhir: FhirConfig = field(default_factory=FhirConfig)
    second_pin_above_yuan: int = 200  # [maintenance]: refunds above this need a second staff member's PIN
    large_print: bool = True  # [printing]: queue number, room and chair number at the printer's biggest size
    reach_mode: bool = False  # [ui]: start in reach mode (all controls in the lower 60 % of the screen)
    paper_roll_m: int = 80  # [printing]: length of a new receipt roll, for "about N tickets left"
    paper_low_tickets: int = 50  # [maintenance]: alert staff when fewer tickets than this are left
    out_of_service_url: str = ""  # [kiosk]: the hospital page shown as a QR while out of service ("" = none)
    counter_directions_zh: str = ""  # [kiosk]: the way to the staffed counter ("" = the help desk's name)
    counter_directions_en: str = ""
    counter_direction: str = "ahead"  # [kiosk]: which way the drawn arrow points: ahead, left, right, behind
    logging: dict[str, Any] = field(default_factory=dict)  # [logging]: format, level, file, rotation (kiosk/ops/logs.py)
    # [storage] outbox: rows that wait while the hospital's PostgreSQL is away (kiosk/storage/outbox.py)
    outbox: Path = Path("~/.local/state/onevisit/outbox.db")
    metrics_listen: str = ""  # [metrics] listen: "127.0.0.1:9464" serves Prometheus metrics there ("" = off)
    new_patient_phone_required: bool = False  # [identify]: a new patient file needs a mobile number
    help_webhook_url: str = ""  # [help]: where "call staff" is posted besides the maintenance menus ("" = none)
    help_webhook_style: str = "json"  # [help]: json (any endpoint), wecom or dingtalk (group robots)
    checkin_opens_before_min: int = 120  # [checkin]: check-in opens this long before the appointment
    checkin_closes_after_min: int = 240  # [checkin]: and closes this long after it (later: the desk)


class _Refused(Exception):
    """A check's reason in plain words, when "not allowed; use …" is not enough."""


def _printable(text: str) -> bool:
    """No control, format or unassigned characters: these texts are printed on slips and logged."""
    return not any(unicodedata.category(character)[0] == "C" for character in text)


def _text_up_to(limit: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        ok = isinstance(value, str) and value.strip() and len(value) <= limit and _printable(value)
        return value.strip() if ok else None

    check.allowed = f"a non-empty text in quotes, at most {limit} characters on one line"  # type: ignore[attr-defined]
    return check


_text = _text_up_to(MAX_TEXT)
_kiosk_id = _text_up_to(MAX_KIOSK_ID)
_path = _text_up_to(MAX_PATH)
_path.allowed = "a file path in quotes, on one line"  # type: ignore[attr-defined]


def _database(value: Any) -> str | None:
    """A SQLite file path, or the hospital's PostgreSQL as postgresql://user@host[:port]/database.

    A password never goes in the config (it is logged and backed up): it comes from ~/.pgpass."""
    text = _path(value)
    if text is None or not text.startswith(("postgresql://", "postgres://")):
        return text
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.password is not None or not parts.hostname or not parts.username or parts.path.strip("/") == "":
        return None
    return text


_database.allowed = ("a file path, or postgresql://user@host/database (the password goes in ~/.pgpass of the kiosk's "  # type: ignore[attr-defined]
                     "account, never in the config)")


def _optional_text(value: Any) -> str | None:
    """"" (none) or a printable one-line text."""
    if not isinstance(value, str):
        return None
    return value.strip() if len(value) <= MAX_TEXT and _printable(value) else None


_optional_text.allowed = f'"" or a text in quotes, at most {MAX_TEXT} characters on one line'  # type: ignore[attr-defined]


def _optional_path(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() if len(value) <= MAX_PATH and _printable(value) else None


_optional_path.allowed = '"" or a file path in quotes, on one line'  # type: ignore[attr-defined]


def _shown(value: Any) -> str:
    """The value as the error line shows it: its repr, cut short (a 5 MB text is not echoed)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _name(key: str) -> str:
    """A section or key name as the error line shows it: escaped, cut short."""
    text = repr(key)[1:-1]
    return text if len(text) <= 60 else text[:57] + "…"


def _optional_url(value: Any) -> str | None:
    """"" (none) or an http(s) address short enough for a QR a phone reads from a screen."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    ok = text.startswith(("https://", "http://")) and len(text) <= 200 and _printable(text) and " " not in text
    return text if not text or ok else None


_optional_url.allowed = '"" or an http(s):// address of at most 200 characters'  # type: ignore[attr-defined]


def _adapter_address(value: Any) -> str | None:
    """"scheme:" or "scheme:rest", e.g. "demo:", "embedded:", "fhir+https://his.example/fhir"."""
    if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9+.-]*:\S*", value.strip()):
        return None
    return value.strip()


_adapter_address.allowed = 'an adapter address such as "demo:" or "fhir+https://his.example/fhir"'  # type: ignore[attr-defined]


def _link_template(*placeholders: str) -> Callable[[Any], str | None]:
    """"" (no QR) or a short http(s) address with ``{number}`` and at most the given placeholders."""
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        text = value.strip()
        if not text:
            return ""
        rest = text
        for name in placeholders:
            rest = rest.replace("{" + name + "}", "")
        ok = (text.startswith(("https://", "http://")) and "{number}" in text and "{" not in rest and "}" not in rest
              and not any(c.isspace() for c in text) and len(text) <= 120)
        return text if ok else None

    names = ", ".join("{" + name + "}" for name in placeholders)
    check.allowed = f'"" (no QR) or an http(s) address of at most 120 characters with {{number}} (placeholders: {names})'  # type: ignore[attr-defined]
    return check


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


def _auto_or(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """"auto" (the measured default: returned as the string) or what ``check`` allows."""

    def auto(value: Any) -> Any:
        return "auto" if value == "auto" else check(value)

    auto.allowed = f'"auto" or {check.allowed}'  # type: ignore[attr-defined]
    return auto


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return value if value in choices else None

    check.allowed = "one of " + ", ".join(f'"{c}"' for c in choices)  # type: ignore[attr-defined]
    return check


def _device_url(kind: str) -> Callable[[Any], str | None]:
    """A URL the ``kind`` driver accepts: known scheme, known parameters, valid values (nothing is opened)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        try:
            DeviceUrl.parse(value)
        except DriverNotFound:
            return None
        except DeviceError as exc:
            raise _Refused(str(exc)) from None
        try:
            check_device_url(kind, value)
        except DeviceError as exc:
            raise _Refused(str(exc)) from None
        return value.strip()

    check.allowed = 'a driver URL such as "sim:", "opencv:0" or "escpos+tcp://10.0.0.5:9100"'  # type: ignore[attr-defined]
    return check


def _payment_gateway(value: Any) -> str | None:
    ok = isinstance(value, str) and (value in ("sandbox", "off") or (
        value.startswith(("http://", "https://")) and len(value) <= MAX_TEXT and _printable(value) and " " not in value))
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
_bool.allowed = "true or false"  # type: ignore[attr-defined]

def _optional_listen_address(value: Any) -> str | None:
    """"" (off) or "host:port", e.g. "127.0.0.1:9464"."""
    return "" if value == "" else _listen_address(value)


_optional_listen_address.allowed = '"" (off) or an address and port such as "127.0.0.1:9464"'  # type: ignore[attr-defined]


def _optional_device_url(kind: str) -> Callable[[Any], str | None]:
    """A driver URL, or "" for a device this kiosk does not have."""
    required = _device_url(kind)

    def check(value: Any) -> str | None:
        if isinstance(value, str) and not value.strip():
            return ""
        return required(value)

    check.allowed = '"" (none fitted) or a driver URL such as "sim:" or "idcard+serial:///dev/ttyUSB0"'  # type: ignore[attr-defined]
    return check

# section.key -> (check, default). A default of None means the key is required.
SCHEMA: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "kiosk.id": (_kiosk_id, None),
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
    "hospital.his": (_adapter_address, ""),  # required in production (see parse_config)
    "hospital.insurance": (_adapter_address, "embedded:"),
    "hospital.billing": (_optional_text, ""),
    "hospital.queue_status_url": (_link_template("number", "token"), ""),
    "hospital.invoice_verify_url": (_link_template("number", "check_code"), ""),
    "fhir.token_file": (_optional_path, ""),
    "fhir.client_cert_file": (_optional_path, ""),
    "fhir.client_key_file": (_optional_path, ""),
    "fhir.ca_file": (_optional_path, ""),
    "fhir.timeout_s": (_number_between(0.5, 60), 5.0),
    "fhir.id_number_system": (_text, "urn:oid:1.2.156.112604.1.1"),
    "fhir.patient_number_system": (_text, "urn:oid:1.2.156.112604.1.2.1"),
    "storage.database": (_database, None),
    "storage.outbox": (_optional_path, ""),  # "" = outbox.db beside the database file, or in the local state folder
    "speech.volume": (_int_between(0, 100), 80),
    "printing.large_print": (_bool, True),
    "ui.reach_mode": (_bool, False),
    "printing.paper_roll_m": (_int_between(5, 500), 80),
    "maintenance.paper_low_tickets": (_int_between(0, 10_000), 50),
    "kiosk.out_of_service_url": (_optional_url, ""),
    "kiosk.counter_directions_zh": (_optional_text, ""),
    "kiosk.counter_directions_en": (_optional_text, ""),
    "kiosk.counter_direction": (_one_of("ahead", "left", "right", "behind"), "ahead"),
    **{f"devices.{kind}": (_device_url(kind), None) for kind in DEVICE_KINDS if kind not in OPTIONAL_DEVICE_KINDS},
    **{f"devices.{kind}": (_optional_device_url(kind), "") for kind in OPTIONAL_DEVICE_KINDS},
    "identify.new_patient_phone": (_one_of("optional", "required"), "optional"),
    "wheelchair.label_key_file": (_path, "~/.local/state/onevisit/wheelchair-label.key"),
    "wheelchair.free_minutes": (_int_between(0, 1440), 120),
    "wheelchair.hourly_fen": (_int_between(0, 100_000), 300),
    "wheelchair.daily_cap_fen": (_int_between(0, 1_000_000), 2000),
    "wheelchair.home_use_daily_fen": (_int_between(0, 100_000), 1000),
    "wheelchair.deposit_fen": (_int_between(0, 1_000_000), 19800),
    "wheelchair.credit_waiver_score": (_int_between(0, 1000), 650),
    "wheelchair.pickup_timeout_s": (_int_between(10, 600), 60),
    "wheelchair.slip_url": (check_slip_url, ""),  # the rental slip's QR: "" = the kiosk's own code only
    "privacy.face_key_file": (_path, "~/.local/state/onevisit/face.key"),
    "face.landmarks": (_one_of("68", "5"), "68"),
    "face.second_factor_above": (_auto_or(_int_between(0, 10_000_000)), "auto"),
    "face.encoder": (_one_of("dlib-resnet", "facenet-vggface2"), "dlib-resnet"),
    "face.threshold": (_auto_or(_number_between(0.05, 1.9)), "auto"),
    "face.margin": (_auto_or(_number_between(0.0, 0.9)), "auto"),
    "face.max_attempt_s": (_int_between(8, 90), 20),
    "face.no_face_timeout_s": (_int_between(5, 120), 20),
    "payment.gateway": (_payment_gateway, "off"),
    "payment.app_id": (_text, "2021000000000001"),
    "payment.app_private_key_file": (_optional_path, ""),
    "payment.gateway_public_key_file": (_optional_path, ""),
    "payment.qr_timeout_s": (_int_between(30, 600), 120),
    "payment.poll_interval_s": (_number_between(0.5, 30), 3.0),
    "payment.credit_limit_yuan": (_int_between(0, 100_000), 1000),
    "payment.credit_days": (_int_between(1, 90), 10),
    "payment.reconcile_at": (_local_clock_time, "02:30"),  # yesterday's reconciliation runs after this
    "payment.wechat": (_payment_gateway, "off"),  # WeChat Pay: "sandbox" (demo), "off" or https://api.mch.weixin.qq.com
    "payment.wechat_mchid": (_optional_text, ""),
    "payment.wechat_appid": (_optional_text, ""),
    "payment.wechat_serial_no": (_optional_text, ""),  # the merchant API certificate's serial number
    "payment.wechat_private_key_file": (_optional_path, ""),
    "payment.wechat_apiv3_key_file": (_optional_path, ""),
    "payment.wechat_public_key_file": (_optional_path, ""),  # the WeChat Pay platform public key
    "payment.wechat_public_key_id": (_optional_text, ""),
    "payment.notify_url": (_optional_url, ""),  # public https URL of `onevisit payment-notify` (required live)
    "payment.notify_listen": (_listen_address, "127.0.0.1:8090"),  # where that service listens (behind HTTPS)
    "maintenance.second_pin_above_yuan": (_int_between(0, 1_000_000), 200),
    "logging.format": (_one_of("auto", "json", "journal"), "auto"),
    "logging.level": (_one_of("debug", "info", "warning", "error"), "info"),
    "logging.file": (_optional_path, ""),  # "" = no file; else JSON lines, rotated
    "logging.file_max_mb": (_int_between(1, 1000), 10),
    "logging.file_backups": (_int_between(1, 100), 5),
    "metrics.listen": (_optional_listen_address, ""),
    "help.webhook_url": (_optional_url, ""),
    "help.webhook_style": (_one_of(*WEBHOOK_STYLES), "json"),
    "checkin.opens_before_min": (_int_between(0, 1440), 120),
    "checkin.closes_after_min": (_int_between(0, 1440), 240),
}


def _resolve_database(raw: str, base: Path) -> Path | str:
    return raw if raw.startswith(("postgresql://", "postgres://")) else _resolve_path(raw, base)


def _outbox_path(raw: str, database: str, base: Path) -> Path:
    """``storage.outbox``, else ``outbox.db`` beside a database file or in the kiosk's local state folder."""
    if raw:
        return _resolve_path(raw, base)
    if database.startswith(("postgresql://", "postgres://")) or database == ":memory:":
        return Path("~/.local/state/onevisit/outbox.db").expanduser()
    return _resolve_path(database, base).parent / "outbox.db"


def _resolve_path(raw: str, base: Path) -> Path:
    if raw == ":memory:":
        return Path(raw)
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (base / path)


def _resolve_optional_path(raw: str, base: Path) -> Path | None:
    return _resolve_path(raw, base) if raw else None


def _hospital_systems(values: dict[str, Any], source: Path) -> HospitalSystems:
    """Production names its hospital system; the demo hospital (and its seeded patients) is demo-only."""
    his = values["hospital.his"]
    if not his:
        if values["kiosk.mode"] != "demo":
            raise ConfigError(f'{source}: hospital.his is missing; a production kiosk needs its hospital system, '
                              f'e.g. his = "fhir+https://his.example/fhir"')
        his = "demo:"
    for key in ("hospital.his", "hospital.billing"):
        if (values[key] or his).startswith("demo:") and values["kiosk.mode"] != "demo":
            raise ConfigError(f'{source}: {key} = "demo:" is the demo hospital with made-up patients; it is only '
                              f'allowed with kiosk.mode = "demo"')
    if values["hospital.billing"] and _adapter_address(values["hospital.billing"]) is None:
        raise ConfigError(f"{source}: hospital.billing = {values['hospital.billing']!r} is not allowed; use \"\" "
                          f"(the hospital system's own e-invoices) or {_adapter_address.allowed}")  # type: ignore[attr-defined]
    return HospitalSystems(his, values["hospital.insurance"], values["hospital.billing"],
                           values["hospital.queue_status_url"], values["hospital.invoice_verify_url"])


def _unless_auto(value: Any) -> Any:
    return None if value == "auto" else value


def parse_config(data: dict[str, Any], source: Path) -> KioskConfig:
    """Validate a TOML document already read into a dict."""
    known_sections = {key.split(".")[0] for key in SCHEMA}
    values: dict[str, Any] = {}
    for section, content in data.items():
        if section not in known_sections:
            raise ConfigError(f"{source}: unknown section [{_name(section)}]; known sections: {', '.join(sorted(known_sections))}")
        if not isinstance(content, dict):
            raise ConfigError(f"{source}: '{section}' must be a [{section}] section")
        for key, value in content.items():
            dotted = f"{section}.{key}"
            if dotted not in SCHEMA:
                known = sorted(k.split(".")[1] for k in SCHEMA if k.startswith(section + "."))
                raise ConfigError(f"{source}: unknown key {_name(dotted)}; known keys in [{section}]: {', '.join(known)}")
            check, _ = SCHEMA[dotted]
            try:
                checked = check(value)
            except _Refused as refused:
                raise ConfigError(f"{source}: {dotted} is not allowed: {refused}") from None
            if checked is None:
                raise ConfigError(f"{source}: {dotted} = {_shown(value)} is not allowed; use {check.allowed}")  # type: ignore[attr-defined]
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
        database=_resolve_database(values["storage.database"], base),
        outbox=_outbox_path(values["storage.outbox"], values["storage.database"], base),
        speech_volume=values["speech.volume"],
        devices={kind: values[f"devices.{kind}"] for kind in DEVICE_KINDS if values[f"devices.{kind}"]},
        new_patient_phone_required=values["identify.new_patient_phone"] == "required",
        wheelchair=WheelchairConfig(
            RentalTerms(**{name: values[f"wheelchair.{name}"] for name in RentalTerms.__dataclass_fields__}),
            values["wheelchair.pickup_timeout_s"], values["wheelchair.slip_url"]),
        wheelchair_label_key_file=_resolve_path(values["wheelchair.label_key_file"], base),
        face_key_file=_resolve_path(values["privacy.face_key_file"], base),
        face_landmarks=values["face.landmarks"],
        face_second_factor_above=_unless_auto(values["face.second_factor_above"]),
        face_encoder=values["face.encoder"],
        face_threshold=_unless_auto(values["face.threshold"]),
        face_margin=_unless_auto(values["face.margin"]),
        face_max_attempt_s=values["face.max_attempt_s"],
        face_no_face_timeout_s=values["face.no_face_timeout_s"],
        payment=PaymentConfig(
            values["payment.gateway"], values["payment.app_id"],
            _resolve_optional_path(values["payment.app_private_key_file"], base),
            _resolve_optional_path(values["payment.gateway_public_key_file"], base),
            values["payment.qr_timeout_s"], values["payment.poll_interval_s"], values["payment.credit_limit_yuan"],
            values["payment.credit_days"], values["payment.reconcile_at"], values["payment.notify_url"],
            values["payment.notify_listen"], values["payment.wechat"], values["payment.wechat_mchid"],
            values["payment.wechat_appid"], values["payment.wechat_serial_no"],
            *(_resolve_optional_path(values[f"payment.wechat_{name}_file"], base)
              for name in ("private_key", "apiv3_key", "public_key")),
            values["payment.wechat_public_key_id"]),
        systems=_hospital_systems(values, source),
        fhir=FhirConfig(*(_resolve_optional_path(values[f"fhir.{name}"], base)
                          for name in ("token_file", "client_cert_file", "client_key_file", "ca_file")),
                        values["fhir.timeout_s"], values["fhir.id_number_system"], values["fhir.patient_number_system"]),
        second_pin_above_yuan=values["maintenance.second_pin_above_yuan"],
        large_print=values["printing.large_print"],
        reach_mode=values["ui.reach_mode"],
        paper_roll_m=values["printing.paper_roll_m"],
        paper_low_tickets=values["maintenance.paper_low_tickets"],
        out_of_service_url=values["kiosk.out_of_service_url"],
        counter_directions_zh=values["kiosk.counter_directions_zh"],
        counter_directions_en=values["kiosk.counter_directions_en"],
        counter_direction=values["kiosk.counter_direction"],
        logging={key.split(".", 1)[1]: (str(_resolve_path(value, base)) if key == "logging.file" and value else value)
                 for key, value in values.items() if key.startswith("logging.")},
        metrics_listen=values["metrics.listen"],
        help_webhook_url=values["help.webhook_url"],
        help_webhook_style=values["help.webhook_style"],
        checkin_opens_before_min=values["checkin.opens_before_min"],
        checkin_closes_after_min=values["checkin.closes_after_min"],
    )


def load_config(path: str | Path) -> KioskConfig:
    source = Path(path)
    try:
        raw = read_regular_file(source, MAX_CONFIG_BYTES, owner_only=False)
    except FileNotFoundError:
        raise ConfigError(f"config file {source} does not exist; pass --config with the path of your kiosk.toml") from None
    except UnsafeFile as exc:
        raise ConfigError(f"config file {exc}") from None
    except OSError as exc:
        raise ConfigError(f"config file {source} cannot be read ({exc.strerror}); check its permissions") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"config file {source} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {source} is not valid TOML: {exc}") from None
    return parse_config(data, source.resolve())
