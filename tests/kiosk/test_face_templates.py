"""Encrypted templates, the key file, consent, enrolment and withdrawal — a real database, real AES-GCM."""
from __future__ import annotations

import os
import stat

import numpy as np
import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.face.service import ConsentMissing, FaceAlreadyEnrolled, FaceService
from kiosk.face.templates import FaceKeyError, TemplateStore, load_or_create_key
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.storage import open_database


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 23, 9, 0)


@pytest.fixture
def db(db_path, clock):
    database = open_database(db_path)
    seed_demo_hospital(database, clock.today())
    yield database
    database.close()


def make_service(db, clock, key_file) -> FaceService:
    service = FaceService(db, clock, AuditLog(db, clock), DemoHospital(db, clock), "TEST-KIOSK", key_file)
    service.load()
    return service


def test_key_file_is_created_private_and_reused(tmp_path):
    path = tmp_path / "keys" / "face.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key


def test_a_key_file_others_can_read_or_of_the_wrong_size_is_refused(tmp_path):
    path = tmp_path / "face.key"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(FaceKeyError, match="chmod 600"):
        load_or_create_key(path)
    os.chmod(path, 0o600)
    path.write_bytes(b"short")
    with pytest.raises(FaceKeyError, match="damaged"):
        load_or_create_key(path)


def test_templates_are_stored_encrypted_and_read_back(db, clock, tmp_path):
    store = TemplateStore(db, clock, load_or_create_key(tmp_path / "face.key"))
    vector = unit(1)
    template_id = store.add("DEMO-001", vector)
    (ciphertext,) = db.execute("SELECT ciphertext FROM face_templates WHERE id = ?", (template_id,)).fetchone()
    assert vector.astype("<f4").tobytes() not in bytes(ciphertext)
    loaded = store.load_all()
    assert loaded.damaged == 0
    assert np.array_equal(loaded.templates[0].vector, vector)


def test_a_damaged_row_is_skipped_and_a_row_moved_to_another_patient_does_not_decrypt(db, clock, tmp_path):
    store = TemplateStore(db, clock, load_or_create_key(tmp_path / "face.key"))
    keep = store.add("DEMO-001", unit(1))
    damaged = store.add("DEMO-001", unit(2))
    moved = store.add("DEMO-002", unit(3))
    (sealed,) = db.execute("SELECT ciphertext FROM face_templates WHERE id = ?", (damaged,)).fetchone()
    db.execute("UPDATE face_templates SET ciphertext = ? WHERE id = ?", (b"\x00" + bytes(sealed), damaged))
    db.execute("UPDATE face_templates SET patient_id = 'DEMO-003' WHERE id = ?", (moved,))
    loaded = store.load_all()
    assert [t.template_id for t in loaded.templates] == [keep]
    assert loaded.damaged == 2


def test_a_wrong_key_file_switches_face_check_in_off_in_plain_words(db, clock, tmp_path):
    service = make_service(db, clock, tmp_path / "face.key")
    service.record_consent("DEMO-001", "self_service", identified_by="id_card")
    service.enrol("DEMO-001", [unit(1)])
    (tmp_path / "face.key").unlink()
    with_missing_key = make_service(db, clock, tmp_path / "face.key")
    assert not with_missing_key.available and "does not exist" in with_missing_key.problem
    assert not (tmp_path / "face.key").exists()  # never silently replaced while templates exist
    other = tmp_path / "other.key"
    load_or_create_key(other)
    with_wrong_key = make_service(db, clock, other)
    assert not with_wrong_key.available and "is not the one the hospital's kiosks use" in with_wrong_key.problem
    assert with_wrong_key.enrolled_people == 0


def test_enrolment_needs_recorded_consent_and_loads_into_memory(db, clock, tmp_path):
    service = make_service(db, clock, tmp_path / "face.key")
    with pytest.raises(ConsentMissing):
        service.enrol("DEMO-001", [unit(1)])
    service.record_consent("DEMO-001", "staff_assisted", staff_id="1001")
    row = db.execute("SELECT kiosk_id, method, staff_id, consented_utc, withdrawn_utc FROM face_consents").fetchone()
    assert row[:3] == ("TEST-KIOSK", "staff_assisted", "1001") and row[3].startswith("2026-11-23T01:00") and row[4] is None
    service.enrol("DEMO-001", [unit(1), unit(2)])
    assert service.is_enrolled("DEMO-001") and len(service.gallery) == 2
    restarted = make_service(db, clock, tmp_path / "face.key")
    assert restarted.gallery.search(unit(2)).identity == "DEMO-001"


def test_only_the_newest_templates_are_kept(db, clock, tmp_path):
    service = make_service(db, clock, tmp_path / "face.key")
    service.record_consent("DEMO-001", "self_service", identified_by="id_card")
    for seed in range(7):
        service.enrol("DEMO-001", [unit(seed)])
    assert len(service.gallery) == service.settings.max_templates_per_person == 5


def test_a_face_already_enrolled_for_someone_else_is_refused(db, clock, tmp_path):
    service = make_service(db, clock, tmp_path / "face.key")
    for patient in ("DEMO-001", "DEMO-002"):
        service.record_consent(patient, "self_service", identified_by="id_card")
    service.enrol("DEMO-001", [unit(1)])
    with pytest.raises(FaceAlreadyEnrolled):
        service.enrol("DEMO-002", [unit(1)])


def test_withdrawal_deletes_everywhere_and_is_audited(db, clock, tmp_path):
    service = make_service(db, clock, tmp_path / "face.key")
    service.record_consent("DEMO-001", "self_service", identified_by="id_card")
    service.enrol("DEMO-001", [unit(1), unit(2)])
    assert service.withdraw("DEMO-001", actor="patient") == 2
    assert db.execute("SELECT count(*) FROM face_templates").fetchone()[0] == 0
    assert not service.is_enrolled("DEMO-001") and service.gallery.search(unit(1)) is None
    assert not service.has_consent("DEMO-001")
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-3:] == ["face.consent_recorded", "face.enrolled", "face.withdrawn"]
    assert AuditLog(db, clock).verify().ok


def test_second_factor_narrows_to_birth_day_or_phone_digits(db, clock, tmp_path):
    service = make_service(db, clock, tmp_path / "face.key")
    for seed, patient in enumerate(("DEMO-001", "DEMO-002", "DEMO-003")):
        service.record_consent(patient, "self_service", identified_by="id_card")
        service.enrol(patient, [unit(seed + 10)])
    assert service.candidates("0101") == {"DEMO-001"}  # born 1950-01-01
    assert service.candidates("0002") == {"DEMO-002"}  # phone 13800000002
    assert service.candidates("12ab") == set()
    assert not service.needs_second_factor
