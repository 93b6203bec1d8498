"""Key files are checked before a byte is read: a FIFO, /dev/zero, a folder or a readable key is one line."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kiosk.face.templates import FaceKeyError, load_or_create_key
from kiosk.ops.safe_files import UnsafeFile, read_regular_file
from kiosk.wheelchair.labels import LabelKeyError, load_label_key


def finishes(call, *args):
    """Run ``call`` in a thread and say whether it came back (a FIFO read would block for ever)."""
    outcome: dict[str, object] = {}

    def run():
        try:
            outcome["value"] = call(*args)
        except Exception as error:  # the test looks at which one
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    return (not thread.is_alive()), outcome


@pytest.mark.parametrize("loader, error_type", [(lambda p: load_or_create_key(p, create=False), FaceKeyError),
                                                (load_label_key, LabelKeyError)])
def test_a_fifo_as_key_is_refused_without_hanging(tmp_path, loader, error_type):
    fifo = tmp_path / "key.fifo"
    os.mkfifo(fifo, 0o600)
    done, outcome = finishes(loader, fifo)
    assert done, "reading a FIFO key file hung"
    assert isinstance(outcome.get("error"), error_type)
    assert "a pipe (FIFO), not a regular file" in str(outcome["error"])


def test_dev_zero_as_a_key_is_refused_before_reading(tmp_path):
    done, outcome = finishes(load_label_key, Path("/dev/zero"))
    assert done
    assert isinstance(outcome.get("error"), LabelKeyError)
    assert "/dev/zero is a device, not a regular file" in str(outcome["error"])


def test_folders_readable_keys_and_oversized_files(tmp_path):
    with pytest.raises(FaceKeyError, match="is a folder"):
        load_or_create_key(tmp_path, create=False)
    readable = tmp_path / "face.key"
    readable.write_bytes(os.urandom(32))
    readable.chmod(0o644)
    with pytest.raises(FaceKeyError, match="chmod 600"):
        load_or_create_key(readable, create=False)
    readable.chmod(0o600)
    assert len(load_or_create_key(readable, create=False)) == 32
    big = tmp_path / "big.key"
    big.write_bytes(b"A" * 10_000)
    big.chmod(0o600)
    with pytest.raises(LabelKeyError, match="10000 bytes, more than such a file can be"):
        load_label_key(big)
    with pytest.raises(UnsafeFile):
        read_regular_file(big, 100)


def test_a_wrong_length_face_key_is_damaged(tmp_path):
    short = tmp_path / "face.key"
    short.write_bytes(os.urandom(31))
    short.chmod(0o600)
    with pytest.raises(FaceKeyError, match="damaged"):
        load_or_create_key(short, create=False)
