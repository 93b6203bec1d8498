"""The kiosk's two secret keys: what they are, their file formats, and ``onevisit keys init``.

- Face template key (``privacy.face_key_file``): exactly 32 random bytes, raw binary, mode 0600. The
  AES-256-GCM key the face templates are encrypted with in the database. Losing it makes every
  enrolled face unreadable (patients enrol again); it is never created silently in production.
- Wheelchair label key (``wheelchair.label_key_file``): one line of base64 holding 32 random bytes,
  mode 0600 (at least 16 raw bytes are also accepted). The HMAC key the chair labels and rental slips
  are signed with; every kiosk of a hospital needs the same one, so copy it from the first kiosk.

``init_keys`` creates the missing ones (never overwrites) in folders made 0700, and checks the others.
"""
from __future__ import annotations

import os
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.face.templates import KEY_BYTES, FaceKeyError, load_or_create_key
from kiosk.ops.safe_files import write_private_file
from kiosk.wheelchair.labels import LabelKeyError, load_label_key, new_label_key_text


def key_files(config: KioskConfig) -> dict[str, Path]:
    """Role -> path of every key a backup carries."""
    return {"face_key": config.face_key_file.expanduser(), "label_key": config.wheelchair_label_key_file.expanduser()}


def init_keys(config: KioskConfig) -> list[str]:
    """Create the missing keys; check the existing ones. One line per key; raises on a bad existing key."""
    lines = []
    face, label = key_files(config).values()
    for path, make, check, what in (
        (face, lambda: os.urandom(KEY_BYTES), lambda p: load_or_create_key(p, create=False), "face template key"),
        (label, new_label_key_text, load_label_key, "wheelchair label key"),
    ):
        if path.exists() or path.is_symlink():
            check(path)
            lines.append(f"{what:22} {path}: kept (already there, checked)")
            continue
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private_file(path, make())
        lines.append(f"{what:22} {path}: created (mode 0600)")
    return lines


KeyProblem = (FaceKeyError, LabelKeyError)
