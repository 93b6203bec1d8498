"""One demo staff account per role, created at start-up in demo mode only (never in production).

The PIN is printed in the README, so the accounts protect nothing: they exist so a visitor can try
maintenance mode. Hashing three PINs with scrypt costs ~0.2 s, so the hashes (each with its own
random salt) are made once per process and reused for every demo database the process opens.
"""
from __future__ import annotations

import functools
import os

import sqlite_utils

from kiosk import staff_store
from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.staff import SALT_BYTES, StaffMember, StaffRole, check_pin, hash_pin
from kiosk.storage import write_transaction

DEMO_PIN = "147258"
DEMO_STAFF = (
    ("1001", "Demo technician 演示技术员", StaffRole.TECHNICIAN),
    ("2001", "Demo finance 演示财务", StaffRole.FINANCE),
    ("9001", "Demo admin 演示管理员", StaffRole.ADMIN),
)


@functools.cache
def _demo_credentials() -> dict[str, tuple[bytes, str]]:
    credentials = {}
    for staff_id, _, _ in DEMO_STAFF:
        salt = os.urandom(SALT_BYTES)
        credentials[staff_id] = (salt, hash_pin(check_pin(DEMO_PIN), salt))
    return credentials


def seed_demo_staff(db: sqlite_utils.Database, clock: Clock, audit: AuditLog, mode: str) -> list[str]:
    """Add the demo accounts that are missing; returns the ids added. Refuses outside demo mode."""
    if mode != "demo":
        raise ValueError("demo staff accounts are only created in demo mode")
    existing = staff_store.staff_ids(db)
    missing = [entry for entry in DEMO_STAFF if entry[0] not in existing]
    if not missing:
        return []
    credentials = _demo_credentials()
    seeded = []
    with write_transaction(db):
        for staff_id, name, role in missing:
            salt, pin_hash = credentials[staff_id]
            # another kiosk starting at the same time may have added it meanwhile
            if staff_store.add_member(db, StaffMember(staff_id, name, role, True), pin_hash, salt, clock.now()):
                audit.record("demo_seed", "staff.added", {"staff_id": staff_id, "name": name, "role": role.value})
                seeded.append(staff_id)
    return seeded
