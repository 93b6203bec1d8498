"""The search policy against the gallery size, enrolment only on proof, one encoder's templates at a time.

Real SQLite, real AES-GCM, the demo hospital; templates are random unit vectors (no photos needed).
"""
from __future__ import annotations

import numpy as np
import pytest

from kiosk.audit import AuditLog
from kiosk.clock import FixedClock
from kiosk.face.bounds import upper_bound
from kiosk.face.policy import FacePolicy, SearchMode, fpir_bound, open_search_limit
from kiosk.face.service import EnrolmentNotAllowed, FaceService
from kiosk.face.settings import FaceSettings
from kiosk.his.demo import DemoHospital, seed_demo_hospital
from kiosk.storage import open_database

PATIENTS = ("DEMO-001", "DEMO-002", "DEMO-003")


def unit(seed: int, size: int = 128) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=size).astype(np.float32)
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


def service_for(db, clock, tmp_path, **settings) -> FaceService:
    service = FaceService(db, clock, AuditLog(db, clock), DemoHospital(db, clock), "TEST-KIOSK",
                          tmp_path / "face.key", FaceSettings.for_encoder(**settings))
    service.load()
    return service


def enrol(service: FaceService, patient: str, seed: int) -> None:
    service.record_consent(patient, "staff_assisted", staff_id="1001")
    service.enrol(patient, [unit(seed)])


def test_the_open_search_limit_follows_the_measured_one_to_one_bound():
    # dlib at 0.32 on ../shared/faces-east-asian: 0 false matches in 12,212 stranger–patient pairs
    q = upper_bound(0, 12_212)
    limit = open_search_limit(q)
    assert limit == 9 == FaceSettings.for_encoder("dlib-resnet").open_search_max
    assert fpir_bound(q, limit) <= 0.003 < fpir_bound(q, limit + 1)
    # the old threshold 0.45: 644 of 12,212 pairs — not even 1:1 verification stays under 0.3 %
    assert open_search_limit(upper_bound(644, 12_212)) == 0
    # more evidence supports a larger gallery, and no evidence supports none
    assert open_search_limit(upper_bound(0, 120_000)) > 80 and open_search_limit(1.0) == 0


def test_the_policy_switches_with_the_gallery_size():
    policy = FacePolicy(open_search_max=2)
    assert [policy.mode(n) for n in (0, 1, 2, 3, 2000)] == [SearchMode.OPEN] * 3 + [SearchMode.SECOND_FACTOR] * 2
    assert policy.mode(2000, known_patient=True) is SearchMode.VERIFY
    assert policy.narrowed_enough(2) and not policy.narrowed_enough(3) and not policy.narrowed_enough(0)


def test_the_service_asks_a_second_factor_once_the_gallery_outgrows_the_limit(db, clock, tmp_path):
    service = service_for(db, clock, tmp_path, open_search_max=2)
    enrol(service, "DEMO-001", 1)
    enrol(service, "DEMO-002", 2)
    assert service.mode is SearchMode.OPEN and service.start_attempt(0.0) is not None
    enrol(service, "DEMO-003", 3)
    assert service.mode is SearchMode.SECOND_FACTOR and service.needs_second_factor
    with pytest.raises(ValueError, match="second factor"):
        service.start_attempt(0.0)  # no 1:N beyond the limit, whatever a screen asks
    with pytest.raises(ValueError, match="too many"):
        service.start_attempt(0.0, within=set(PATIENTS))
    assert service.start_attempt(0.0, within={"DEMO-001", "DEMO-002"}) is not None  # 1:few after the factor
    assert service.start_attempt(0.0, within={"DEMO-003"}) is not None  # 1:1, a known patient
    service.withdraw("DEMO-003")
    assert service.mode is SearchMode.OPEN


def test_the_configured_limit_and_encoder_reach_the_service(tmp_path):
    from pathlib import Path

    from kiosk.config import load_config

    demo = (Path(__file__).resolve().parents[2] / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    assert 'second_factor_above = "auto"' in demo and 'threshold = "auto"' in demo
    (tmp_path / "kiosk.toml").write_text(demo.replace('second_factor_above = "auto"', "second_factor_above = 40")
                                         .replace('threshold = "auto"', "threshold = 0.3")
                                         .replace("max_attempt_s = 20", "max_attempt_s = 25"), encoding="utf-8")
    settings = FaceSettings.from_config(load_config(tmp_path / "kiosk.toml"))
    assert (settings.encoder, settings.threshold, settings.margin, settings.open_search_max, settings.max_attempt_s) \
        == ("dlib-resnet", 0.3, 0.06, 40, 25.0)
    auto = FaceSettings.from_config(load_config(Path(__file__).resolve().parents[2] / "assets" / "demo" / "kiosk.toml"))
    assert auto.open_search_max == 9 and auto.threshold == 0.32


@pytest.mark.parametrize("typed_route", ["id_number", "phone_birth_date", "id_qr", "", "face"])
def test_typed_routes_cannot_lead_to_enrolment(db, clock, tmp_path, typed_route):
    service = service_for(db, clock, tmp_path)
    with pytest.raises(EnrolmentNotAllowed):
        service.record_consent("DEMO-001", "self_service", identified_by=typed_route)
    assert not service.has_consent("DEMO-001")
    (detail,) = db.execute("SELECT detail_json FROM audit_log WHERE action = 'face.enrolment_refused'").fetchone()
    assert typed_route in detail or typed_route == ""


@pytest.mark.parametrize("proof", ["id_card", "insurance_ecode"])
def test_a_chip_or_a_dynamic_code_allows_self_service_enrolment(db, clock, tmp_path, proof):
    service = service_for(db, clock, tmp_path)
    service.record_consent("DEMO-001", "self_service", identified_by=proof)
    service.enrol("DEMO-001", [unit(5)])
    assert service.is_enrolled("DEMO-001")
    (detail,) = db.execute("SELECT detail_json FROM audit_log WHERE action = 'face.consent_recorded'").fetchone()
    assert proof in detail


def test_staff_assisted_enrolment_needs_a_member_of_staff(db, clock, tmp_path):
    service = service_for(db, clock, tmp_path)
    with pytest.raises(EnrolmentNotAllowed):
        service.record_consent("DEMO-001", "staff_assisted", staff_id="")
    service.record_consent("DEMO-001", "staff_assisted", staff_id="1001")
    assert service.has_consent("DEMO-001")


def test_switching_the_encoder_loads_only_its_own_templates(db, clock, tmp_path):
    dlib_kiosk = service_for(db, clock, tmp_path)
    enrol(dlib_kiosk, "DEMO-001", 1)
    facenet_kiosk = service_for(db, clock, tmp_path, encoder="facenet-vggface2")
    assert facenet_kiosk.enrolled_people == 0 and facenet_kiosk.other_format_templates == 1
    facenet_kiosk.record_consent("DEMO-002", "staff_assisted", staff_id="1001")
    facenet_kiosk.enrol("DEMO-002", [unit(2, size=512)])
    with pytest.raises(ValueError):
        facenet_kiosk.enrol("DEMO-002", [unit(3)])  # a 128-number template means nothing to this encoder
    assert service_for(db, clock, tmp_path).gallery.identities() == {"DEMO-001"}
