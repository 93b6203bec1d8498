"""The local outbox file on its own (no database needed) and where the config puts it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.clock import Clock
from kiosk.config import load_config
from kiosk.storage.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "assets" / "demo" / "kiosk.toml"
DEMO_DATABASE = 'database = "~/.local/state/onevisit/demo.db"'


def demo_with(tmp_path: Path, new: str) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    assert DEMO_DATABASE in text
    path = tmp_path / "kiosk.toml"
    path.write_text(text.replace(DEMO_DATABASE, new), encoding="utf-8")
    return path


def test_the_outbox_sits_beside_a_database_file_by_default(tmp_path):
    config = load_config(demo_with(tmp_path, 'database = "data/kiosk.db"'))
    assert config.outbox == tmp_path / "data" / "outbox.db"


def test_on_the_hospitals_postgresql_the_outbox_is_in_the_local_state_folder_or_where_the_config_says(tmp_path):
    url = 'database = "postgresql://onevisit@db.example:5432/onevisit"'
    assert load_config(demo_with(tmp_path, url)).outbox == Path("~/.local/state/onevisit/outbox.db").expanduser()
    config = load_config(demo_with(tmp_path, url + '\noutbox = "state/outbox.db"'))
    assert config.outbox == tmp_path / "state" / "outbox.db"


def test_rows_are_kept_in_order_in_a_private_file_that_survives_a_restart(tmp_path):
    path = tmp_path / "state" / "outbox.db"
    box = Outbox(path, Clock())
    box.register("audit", lambda db, row: None)
    first = box.put("audit", {"n": 1}, "the hospital database cannot be reached")
    second = box.put("audit", {"n": 2})
    assert second > first and box.holds("audit") and not box.holds("device_event")
    box.close()
    assert os.stat(path).st_mode & 0o777 == 0o600 and os.stat(path.parent).st_mode & 0o777 == 0o700

    again = Outbox(path, Clock())
    state = again.state()
    assert (state.waiting, state.held, state.last_error) == (2, 0, "the hospital database cannot be reached")
    with pytest.raises(ValueError, match="nothing forwards"):
        again.put("audit", {"n": 3})  # no forwarder registered in this process yet: refused, not lost later
    again.close()
