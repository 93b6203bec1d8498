"""Two kiosks (two FaceService instances, two kiosk ids, their own connections) on one database:
a face enrolled at the east lobby is found at the west lobby, a withdrawal there is gone here, and
the hospital's one face key is what makes the templates readable everywhere."""
from __future__ import annotations

import time

import numpy as np
import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.face.gallery import FaceGallery
from kiosk.face.attempt import Stage
from kiosk.face.gallery_sync import CHECK_EVERY_S, GallerySync
from kiosk.face.store import bump_gallery_version, gallery_version
from kiosk.face.service import FaceAlreadyEnrolled, FaceService
from kiosk.face.templates import FaceKeyError, TemplateStore, load_or_create_key
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.storage import open_database, write_transaction


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture
def clock():
    return FixedClock.at_local(2026, 11, 23, 9, 0)


@pytest.fixture
def hospital_key(tmp_path):
    """The hospital's face key, installed on every kiosk (here: the same file)."""
    path = tmp_path / "face.key"
    load_or_create_key(path)
    return path


@pytest.fixture
def open_kiosk(db_path, clock, hospital_key):
    seeding = open_database(db_path)
    seed_demo_hospital(seeding, clock.today())
    seeding.close()
    opened: list[tuple] = []

    def open_one(kiosk_id: str, key_file=hospital_key) -> FaceService:
        db = open_database(db_path, kiosk_id=kiosk_id)
        faces = FaceService(db, clock, AuditLog(db, clock, kiosk_id), DemoHospital(db, clock), kiosk_id, key_file,
                            create_key=False)
        faces.load()
        opened.append((faces, db))
        return faces

    yield open_one
    for faces, db in opened:
        faces.close()
        db.close()


def enrol(faces: FaceService, patient_id: str, vectors: list[np.ndarray]) -> None:
    faces.record_consent(patient_id, "self_service", identified_by="id_card")
    faces.enrol(patient_id, vectors)


def test_enrolled_at_one_kiosk_identified_at_another_and_withdrawn_everywhere(open_kiosk):
    east, west = open_kiosk("EAST"), open_kiosk("WEST")
    assert west.enrolled_people == 0
    enrol(east, "DEMO-001", [unit(1), unit(2)])
    assert west.refresh(force=True)  # what the once-a-second check does when the version moved
    match = west.gallery.search(unit(2))
    assert match is not None and match.identity == "DEMO-001" and match.distance < 1e-3
    assert west.is_enrolled("DEMO-001") and west.candidates("0101") == {"DEMO-001"}
    assert not west.refresh(force=True)  # nothing changed since: one row read, nothing decrypted

    assert east.withdraw("DEMO-001") == 2
    assert west.refresh(force=True)
    assert west.gallery.search(unit(2)) is None and not west.is_enrolled("DEMO-001")
    assert west.candidates("0101") == set()


def test_an_idle_kiosk_follows_by_itself_within_its_check_interval(open_kiosk):
    east, west = open_kiosk("EAST"), open_kiosk("WEST")
    west.start_watching(every_s=0.05)
    enrol(east, "DEMO-002", [unit(3)])
    assert wait_until(lambda: west.is_enrolled("DEMO-002"))
    east.withdraw("DEMO-002")
    assert wait_until(lambda: not west.is_enrolled("DEMO-002"))


def test_a_face_search_first_brings_the_gallery_up_to_date(open_kiosk):
    east, west = open_kiosk("EAST"), open_kiosk("WEST")
    enrol(east, "DEMO-003", [unit(4)])
    time.sleep(CHECK_EVERY_S)  # west's last check (at start-up) is a second old; it has not looked since
    attempt = west.start_attempt(time.monotonic(), within={"DEMO-003"})
    for _ in range(west.settings.min_agreeing_frames):
        attempt._use(unit(4))  # an identifying frame of the live face (what feed() hands on)
    assert attempt.stage is Stage.IDENTIFIED and attempt.identity == "DEMO-003"


def test_the_same_face_for_another_patient_at_another_kiosk_is_refused(open_kiosk):
    east, west = open_kiosk("EAST"), open_kiosk("WEST")
    enrol(east, "DEMO-001", [unit(5)])
    west.record_consent("DEMO-002", "self_service", identified_by="id_card")
    with pytest.raises(FaceAlreadyEnrolled):  # west had not refreshed yet: enrolment checks the latest faces
        west.enrol("DEMO-002", [unit(5)])


def test_a_kiosk_with_another_key_reads_none_of_the_hospitals_templates_and_says_so(open_kiosk, tmp_path):
    east = open_kiosk("EAST")
    enrol(east, "DEMO-001", [unit(6), unit(7)])
    own_key = tmp_path / "west" / "face.key"
    load_or_create_key(own_key)
    west = open_kiosk("WEST", key_file=own_key)
    assert not west.available and "is not the one the hospital's kiosks use (first recorded by EAST)" in west.problem


def test_a_kiosk_with_its_own_key_is_refused_before_it_seals_a_template(open_kiosk, tmp_path):
    own_key = tmp_path / "rogue" / "face.key"
    load_or_create_key(own_key)  # `keys init` run on a second kiosk: a key of its own, no templates yet
    east, rogue = open_kiosk("EAST"), open_kiosk("ROGUE", key_file=own_key)
    assert east.available and not rogue.available
    assert "face template key" in rogue.problem and "copy that key file from another kiosk" in rogue.problem
    with pytest.raises(FaceKeyError, match="is not the one"):
        enrol(rogue, "DEMO-004", [unit(9)])
    assert east._db.execute("SELECT count(*) FROM face_templates").fetchone()[0] == 0


def test_templates_from_a_kiosk_with_its_own_key_are_skipped_and_counted_not_shown(open_kiosk, db_path, clock,
                                                                                     tmp_path):
    own_key = tmp_path / "rogue" / "face.key"
    east, west = open_kiosk("EAST"), open_kiosk("WEST")
    enrol(west, "DEMO-002", [unit(8)])
    # A template sealed under another key before the hospital's key was recorded (databases older than
    # revision 16): every kiosk skips and counts it.
    rogue_db = open_database(db_path, kiosk_id="ROGUE")
    with write_transaction(rogue_db):
        TemplateStore(rogue_db, clock, load_or_create_key(own_key)).add("DEMO-004", unit(9))
        bump_gallery_version(rogue_db)
    rogue_db.close()
    assert east.refresh(force=True) and east.damaged_templates == 1
    assert not east.is_enrolled("DEMO-004") and east.is_enrolled("DEMO-002")
    bump(east)
    assert east.refresh(force=True) is False and east.damaged_templates == 1  # counted once, not every check
    assert "face.templates_damaged" in {row[0] for row in east._db.execute(
        "SELECT action FROM audit_log WHERE kiosk_id = 'EAST'").fetchall()}


def test_an_unreachable_database_keeps_the_gallery_serving(open_kiosk):
    east, west = open_kiosk("EAST"), open_kiosk("WEST")
    enrol(east, "DEMO-001", [unit(10)])
    west.refresh(force=True)
    west._db.close()
    assert west.refresh(force=True) is False
    assert west.gallery.search(unit(10)).identity == "DEMO-001"


def test_the_check_reads_the_version_at_most_once_a_second(db):
    now = [100.0]
    store = TemplateStore(db, FixedClock.at_local(2026, 11, 23), bytes(32))
    sync = GallerySync(db, store, FaceGallery(), monotonic=lambda: now[0])
    sync.mark_loaded(gallery_version(db))
    with write_transaction(db):
        store.add("P0001", unit(11))
        assert bump_gallery_version(db) == 1
    assert sync.check() is None  # checked at load, 0 s ago
    now[0] += 0.5
    assert sync.check() is None
    now[0] += 0.6
    result = sync.check()
    assert result is not None and result.added == 1 and sync.version == 1
    now[0] += 5
    assert sync.check() is None  # the version did not move


def bump(faces: FaceService) -> None:
    with write_transaction(faces._db) as db:
        bump_gallery_version(db)


def wait_until(condition, limit_s: float = 30.0) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False
