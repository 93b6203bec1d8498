"""Property: whatever a config file says, loading it ends in a KioskConfig or in one plain line.

Mutations are the ones an installer (or a broken editor) makes: a value of the wrong type, a text with
control characters or megabytes long, an unknown key, a missing key, a typo in a driver URL parameter.
"""
from __future__ import annotations

import json
import tomllib
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.protocols import DEVICE_KINDS
from kiosk.config import MAX_KIOSK_ID, MAX_TEXT, SCHEMA, ConfigError, KioskConfig, load_config

ROOT = Path(__file__).resolve().parents[2]
DEMO = tomllib.loads((ROOT / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8"))

DRIVER_PARAMS = ["fail", "slots", "chairs", "paper", "width", "fps", "rate", "volume", "baudrate", "delay",
                 "autolock", "encoding", "qr", "cover", "sensor", "bogus", "Fail", "slot"]
DRIVER_VALUES = ["six", "bogus", "open", "timeout", "6", "-1", "1e9", "", "0", "near_end", "%00", "80", "nan"]

values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=20),  # control characters
    st.builds(lambda n: "X" * n, st.sampled_from([33, 201, 5_000, 400_000])),  # absurd lengths
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(), max_size=2),
)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {float("inf"): "inf", float("-inf"): "-inf"}.get(value, "nan" if value != value else repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are TOML basic-string escapes
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()) + "}"


def to_toml(document: dict) -> str:
    lines = []
    for section, content in document.items():
        lines.append(f"[{json.dumps(section, ensure_ascii=False)}]")
        lines += [f"{json.dumps(key, ensure_ascii=False)} = {toml_value(value)}" for key, value in content.items()]
    return "\n".join(lines) + "\n"


@st.composite
def mutated_configs(draw) -> dict:
    document = {section: dict(content) for section, content in DEMO.items()}
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        how = draw(st.sampled_from(["value", "driver", "unknown", "remove"]))
        if how == "value":
            dotted = draw(st.sampled_from(sorted(SCHEMA)))
            section, key = dotted.split(".")
            document.setdefault(section, {})[key] = draw(values)
        elif how == "driver":
            kind = draw(st.sampled_from(sorted(DEVICE_KINDS)))
            pairs = draw(st.lists(st.tuples(st.sampled_from(DRIVER_PARAMS), st.sampled_from(DRIVER_VALUES)),
                                  min_size=1, max_size=3))
            document["devices"][kind] = "sim:?" + "&".join(f"{name}={value}" for name, value in pairs)
        elif how == "unknown":
            section = draw(st.sampled_from(sorted(document)))
            document[section][draw(st.text(min_size=1, max_size=12))] = draw(values)
        else:
            section = draw(st.sampled_from(sorted(document)))
            if document[section]:
                document[section].pop(draw(st.sampled_from(sorted(document[section]))))
    return document


def printable(text: str) -> bool:
    return not any(unicodedata.category(character).startswith("C") for character in text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(document=mutated_configs())
def test_any_config_loads_or_stops_with_one_short_line(tmp_path, document):
    path = tmp_path / "kiosk.toml"
    path.write_text(to_toml(document), encoding="utf-8", errors="surrogatepass")
    try:
        config = load_config(path)
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message and "\r" not in message
        assert len(message) < 700, message[:200]
        assert printable(message.replace("\t", " ")), repr(message[:200])
        return
    assert isinstance(config, KioskConfig)
    assert config.kiosk_id and len(config.kiosk_id) <= MAX_KIOSK_ID and printable(config.kiosk_id)
    for text in (config.hospital_name_zh, config.hospital_name_en, config.help_desk_zh, config.help_desk_en,
                 config.counter_directions_zh, config.counter_directions_en):
        assert len(text) <= MAX_TEXT and printable(text)


def test_typos_in_driver_parameters_are_refused_naming_the_key(tmp_path):
    for url, expected in [("sim:?fail=bogus", "fail='bogus' is not allowed; use one of: open, timeout, fault, jammed"),
                          ("sim:?slots=six", "slots= must be a whole number, got 'six'"),
                          ("sim:?slot=6", "unknown parameter slot= for a dock 'sim:' driver"),
                          ("sim:?slots=6&slots=7", "slots= is given more than once"),
                          ("sim:?autolock", "is not a driver URL"),
                          ("sim:?fail=%00", "holds control characters")]:
        document = {section: dict(content) for section, content in DEMO.items()}
        document["devices"]["dock"] = url
        path = tmp_path / "kiosk.toml"
        path.write_text(to_toml(document), encoding="utf-8")
        try:
            load_config(path)
        except ConfigError as error:
            assert "devices.dock" in str(error) and expected in str(error), str(error)
        else:
            raise AssertionError(f"{url} was accepted")


def test_a_kiosk_id_with_control_characters_or_megabytes_is_refused(tmp_path):
    for kiosk_id, expected in [("LOBBY\x1b[2J-1", "kiosk.id"), ("LOBBY\u202e1", "kiosk.id"),
                               ("L" * 100_000, "kiosk.id"), ("L" * 5_000_000, "bytes, more than such a file can be")]:
        document = {section: dict(content) for section, content in DEMO.items()}
        document["kiosk"]["id"] = kiosk_id
        path = tmp_path / "kiosk.toml"
        path.write_text(to_toml(document), encoding="utf-8")
        try:
            load_config(path)
        except ConfigError as error:
            assert expected in str(error) and len(str(error)) < 400, str(error)[:300]
        else:
            raise AssertionError(f"kiosk id {kiosk_id[:20]!r} was accepted")
