"""The issue-17 fuzz, repeated: N mutated configs (values, driver URL parameters, key files) through the
start-up checks, counting how each ends.

Each case writes the demo config with one to three mutations — a value of the wrong type, control
characters, a 5 KB–400 KB text, an unknown or missing key, a driver URL parameter that is unknown or
invalid, or a key file that is a FIFO, /dev/zero, a folder, world-readable, of the wrong length or
missing — then runs what a production start runs before the screen: ``load_config`` and the two key
loaders. Outcomes: ``clean`` (one-line ConfigError or key error), ``accepted`` (valid), ``traceback``
(any other exception), ``hang`` (no answer in 10 s), ``bad_line`` (an error that is not one short printable
line: a newline, a control character, over 700 characters).
Rates come with exact (Clopper–Pearson) 95 % intervals.

Usage: ``python benchmarks/config_fuzz.py [N] [SEED]`` (default 512 cases, seed 17). Prints one JSON object.
"""
from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import threading
import tomllib
import unicodedata
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.config import SCHEMA, ConfigError, load_config  # noqa: E402
from kiosk.face.templates import FaceKeyError, load_or_create_key  # noqa: E402
from kiosk.wheelchair.labels import LabelKeyError, load_label_key  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = tomllib.loads((ROOT / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8"))
PARAMS = ["fail", "slots", "chairs", "paper", "width", "fps", "rate", "volume", "baudrate", "delay", "autolock",
          "encoding", "qr", "cover", "sensor", "bogus", "slot", "Fail"]
VALUES = ["six", "bogus", "open", "timeout", "6", "-1", "1e9", "", "0", "near_end", "%00", "80", "nan"]
KEY_FILES = ["fifo", "dev_zero", "folder", "world_readable", "short", "missing", "good"]


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def random_value(rng: random.Random):
    return rng.choice([
        lambda: "".join(chr(rng.randrange(0, 0xA0)) for _ in range(rng.randrange(1, 12))),
        lambda: "X" * rng.choice([33, 201, 5_000, 400_000]),
        lambda: rng.randrange(-10**9, 10**9),
        lambda: rng.random() * 1e6,
        lambda: rng.choice([True, False]),
        lambda: [1, 2],
        lambda: "".join(rng.choice("abc中文 -_/:?&=") for _ in range(rng.randrange(0, 20))),
    ])()


def key_file(kind: str, folder: Path, name: str) -> str:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path, 0o600)
    elif kind == "dev_zero":
        return "/dev/zero"
    elif kind == "folder":
        path.mkdir()
    elif kind in ("world_readable", "short", "good"):
        path.write_bytes(os.urandom(31 if kind == "short" else 32))
        path.chmod(0o644 if kind == "world_readable" else 0o600)
    return str(path)


def make_case(rng: random.Random, folder: Path) -> Path:
    document = {section: dict(content) for section, content in DEMO.items()}
    document["kiosk"]["mode"] = "production"
    document["payment"]["gateway"] = "off"
    if "hospital.his" in SCHEMA:  # where the config names the hospital system, production needs a real one
        document["hospital"]["his"] = "fhir+http://127.0.0.1:9/fhir"
    document["storage"]["database"] = str(folder / "kiosk.db")
    document["privacy"]["face_key_file"] = key_file(rng.choice(KEY_FILES), folder, "face.key")
    document["wheelchair"]["label_key_file"] = key_file(rng.choice(KEY_FILES), folder, "label.key")
    for _ in range(rng.randrange(1, 4)):
        how = rng.choice(["value", "driver", "unknown", "remove", "none"])
        if how == "value":
            section, key = rng.choice(sorted(SCHEMA)).split(".")
            document.setdefault(section, {})[key] = random_value(rng)
        elif how == "driver":
            kind = rng.choice(sorted(document["devices"]))
            pairs = [f"{rng.choice(PARAMS)}={rng.choice(VALUES)}" for _ in range(rng.randrange(1, 3))]
            document["devices"][kind] = "sim:?" + "&".join(pairs)
        elif how == "unknown":
            document[rng.choice(sorted(document))]["x" + str(rng.randrange(100))] = random_value(rng)
        elif how == "remove":
            section = rng.choice(sorted(document))
            if document[section]:
                document[section].pop(rng.choice(sorted(document[section])))
    path = folder / "kiosk.toml"
    text = "\n".join(f"[{section}]\n" + "\n".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}"
                                                     for k, v in content.items())
                     for section, content in document.items())
    path.write_text(text + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def start_checks(path: Path) -> None:
    config = load_config(path)
    load_or_create_key(config.face_key_file, create=False)
    load_label_key(config.wheelchair_label_key_file)


def outcome(path: Path) -> str:
    result: dict[str, BaseException | None] = {}

    def run() -> None:
        try:
            start_checks(path)
            result["error"] = None
        except BaseException as error:  # counted, not raised: that is the measurement
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        return "hang"
    error = result["error"]
    if error is None:
        return "accepted"
    if not isinstance(error, (ConfigError, FaceKeyError, LabelKeyError)):
        return "traceback"
    text = str(error)
    printable = not any(unicodedata.category(character)[0] == "C" for character in text)
    return "clean" if printable and len(text) <= 700 else "bad_line"


def binomial_cdf(k: int, n: int, p: float) -> float:
    return sum(comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def clopper_pearson(k: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    def solve(target, low_side):
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            value = 1 - binomial_cdf(k - 1, n, mid) if low_side else binomial_cdf(k, n, mid)
            if (value < target) == low_side:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2
    lower = 0.0 if k == 0 else solve(alpha / 2, True)
    upper = 1.0 if k == n else solve(alpha / 2, False)
    return round(lower, 5), round(upper, 5)


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 512
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 17)
    counts = {name: 0 for name in ("clean", "accepted", "traceback", "hang", "bad_line")}
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(cases):
            folder = Path(scratch) / str(number)
            folder.mkdir()
            counts[outcome(make_case(rng, folder))] += 1
    print(json.dumps({"cases": cases, "outcomes": counts,
                      "rate_95": {name: clopper_pearson(count, cases) for name, count in counts.items()}}))


if __name__ == "__main__":
    main()
