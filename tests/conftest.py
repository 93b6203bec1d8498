"""Shared fixtures: a kiosk built from the demo config with simulators, in a temporary folder."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "C.UTF-8"
os.environ["LC_ALL"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parents[1]
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"
SHARED_FACES = ROOT.parent / "shared" / "faces"


@pytest.fixture
def kiosk_config(tmp_path):
    """The demo config with its database in tmp_path and a short idle timeout."""
    from kiosk.config import load_config

    return replace(
        load_config(DEMO_CONFIG),
        database=tmp_path / "kiosk.db",
        fullscreen=False,
        idle_timeout_s=3,
        idle_warning_s=2,
        health_poll_s=60.0,
        wheelchair_label_key_file=tmp_path / "wheelchair-label.key",
        face_key_file=tmp_path / "face.key",
    )


@pytest.fixture
def services(kiosk_config):
    from kiosk.bootstrap import bootstrap

    built = bootstrap(kiosk_config)
    yield built
    built.close()
