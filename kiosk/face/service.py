"""Face check-in as one service: the encrypted store, the in-memory gallery, consent, enrolment,
withdrawal, the search policy (open 1:N, second factor first, or 1:1), and new attempts. No Qt;
blocking calls belong on worker threads.

Enrolment only on proof: a consent (and so templates) is recorded only for a patient identified by
something a stranger cannot type — the ID card chip (``id_card``), a dynamic insurance e-code
(``insurance_ecode``) — or by a member of staff (``staff_assisted``). Typed routes (ID number, phone
and birth date) are refused with ``EnrolmentNotAllowed``.

A problem with the key file or the models never stops the kiosk: ``problem`` says in plain words why
face check-in is off, and the screens send patients to the other ways of identifying themselves.

The templates are hospital-wide (one table, one face key for every kiosk): an enrolment or withdrawal
here bumps the shared gallery version in the same transaction, and every kiosk's gallery follows
within about a second (``kiosk.face.gallery_sync``; ``start_watching`` runs the check in a thread).
"""
from __future__ import annotations

import collections
import contextlib
import logging
import random
import re
import threading
from collections.abc import Collection
from pathlib import Path

import numpy as np

from kiosk.audit import AuditLog
from kiosk.clock import Clock
from kiosk.face import store
from kiosk.face.attempt import FaceAttempt, FaceEnrolment, Stage
from kiosk.face.encoders import template_format
from kiosk.face.engine import FaceEngine
from kiosk.face.gallery import FaceGallery
from kiosk.face.gallery_sync import CHECK_EVERY_S, GallerySync
from kiosk.face.policy import FacePolicy, SearchMode
from kiosk.face.settings import FaceSettings
from kiosk.face.templates import FaceKeyError, TemplateStore, load_or_create_key
from kiosk.hospital_keys import FACE_KEY, NotTheHospitalsKey, check_hospital_key
from kiosk.his.port import HisError, HisPort
from kiosk.storage import Database, lock, write_transaction

log = logging.getLogger(__name__)

CONSENT_NOTICE_VERSION = "face-notice-2026-11"
CONSENT_METHODS = ("self_service", "staff_assisted")
# how the patient was identified before enrolling: proofs a stranger cannot type
ENROLMENT_PROOFS = ("id_card", "insurance_ecode", "staff_assisted")
_SECOND_FACTOR = re.compile(r"\d{4}")


class ConsentMissing(Exception):
    """Templates are only stored for a patient with a recorded, not withdrawn consent."""


class EnrolmentNotAllowed(Exception):
    """The patient was identified by something anyone could type: no face may be enrolled on it."""


def enrolment_allowed(identified_by: str) -> bool:
    return identified_by in ENROLMENT_PROOFS


class FaceAlreadyEnrolled(Exception):
    """The new face matches another patient's templates: staff must look at it."""


class FaceService:
    def __init__(self, db: Database, clock: Clock, audit: AuditLog, his: HisPort, kiosk_id: str,
                 key_file: Path, settings: FaceSettings | None = None, create_key: bool = True) -> None:
        self.settings = settings or FaceSettings.for_encoder()
        self.engine = FaceEngine(self.settings)
        self.gallery = FaceGallery(self.engine.dimensions)
        self.other_format_templates = 0
        self.problem = ""
        self.damaged_templates = 0
        self.attempt_counts: collections.Counter[str] = collections.Counter()  # started, identified, not_recognised, not_live
        self._db, self._clock, self._audit, self._his, self._kiosk_id = db, clock, audit, his, kiosk_id
        self._store: TemplateStore | None = None
        self._sync: GallerySync | None = None
        self._watcher: threading.Thread | None = None
        self._stop_watching = threading.Event()
        self._second_factors: dict[str, tuple[str, str]] = {}
        self.rng: random.Random | None = None  # which liveness challenge; None = system randomness
        has_rows = store.template_count(db) > 0
        try:
            key = load_or_create_key(key_file, create=create_key and not has_rows)
            check_hospital_key(db, FACE_KEY, key, kiosk_id, clock.now(), key_file)  # the key every kiosk holds
            self._store = TemplateStore(db, clock, key, template_format(self.settings.encoder), self.engine.dimensions)
        except (FaceKeyError, NotTheHospitalsKey) as exc:
            self.problem = str(exc)
            log.error("face check-in is off: %s", exc)
        else:
            self._sync = GallerySync(db, self._store, self.gallery)

    # --- loading --------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._store is not None and not self.problem

    def load(self) -> int:
        """Decrypt every template into the in-memory gallery; returns the number of people."""
        if self._store is None or self._sync is None:
            return 0
        with self._sync.lock:
            version = store.gallery_version(self._db)  # read first: a change made during the load is seen next check
            try:
                result = self._store.load_all()
            except FaceKeyError as exc:
                self.problem = str(exc)
                log.error("face check-in is off: %s", exc)
                return 0
            self.damaged_templates = result.damaged
            self.other_format_templates = result.other_format
            if result.damaged:
                self._audit.record("kiosk", "face.templates_damaged", {"rows": result.damaged})
            self.gallery.load((t.template_id, t.patient_id, t.vector) for t in result.templates)
            self._second_factors.clear()
            self._sync.mark_loaded(version)
        return self.gallery.identity_count

    def refresh(self, force: bool = False) -> bool:
        """Follow enrolments and withdrawals made at other kiosks: one single-row read at most once a
        second (``force``: now), the changed rows only when the version moved. Blocking; never raises —
        with the database unreachable the gallery in memory keeps serving. True if anything changed."""
        if self._sync is None or not self.available:
            return False
        try:
            result = self._sync.check(force)
            if result is None:
                return False
            for patient_id in result.removed_identities:
                self._second_factors.pop(patient_id, None)
            if result.unreadable:
                self.damaged_templates += result.unreadable
                self._audit.record("kiosk", "face.templates_damaged", {"rows": result.unreadable})
        except Exception as error:  # the shared database is unreachable: keep the gallery we have
            log.warning("face gallery not refreshed: %s", error)
            return False
        return bool(result.added or result.removed)

    def start_watching(self, every_s: float = CHECK_EVERY_S) -> None:
        """Refresh in a background thread, so even an idle kiosk's screens (is a face enrolled? how
        many people?) follow the other kiosks within about ``every_s``."""
        if self._watcher is not None or self._sync is None:
            return

        def watch() -> None:
            while not self._stop_watching.wait(every_s):
                self.refresh()

        self._watcher = threading.Thread(target=watch, name="face-gallery-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        self._stop_watching.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)
            self._watcher = None

    @property
    def enrolled_people(self) -> int:
        return self.gallery.identity_count

    def is_enrolled(self, patient_id: str) -> bool:
        return patient_id in self.gallery.identities()

    # --- identification -------------------------------------------------------------------

    @property
    def policy(self) -> FacePolicy:
        return FacePolicy(self.settings.open_search_max)

    @property
    def mode(self) -> SearchMode:
        """The search in force for an unknown patient at today's gallery size."""
        return self.policy.mode(self.enrolled_people)

    @property
    def needs_second_factor(self) -> bool:
        return self.mode is SearchMode.SECOND_FACTOR

    def candidates(self, second_factor: str) -> set[str]:
        """Enrolled people whose birth month+day (MMDD) or phone's last 4 digits equal ``second_factor``."""
        if not _SECOND_FACTOR.fullmatch(second_factor):
            return set()
        found = set()
        for patient_id in self.gallery.identities():
            factors = self._second_factors.get(patient_id)
            if factors is None:
                try:
                    patient = self._his.patient(patient_id)
                except HisError:
                    continue
                factors = (patient.birth_date.strftime("%m%d"), patient.phone[-4:])
                self._second_factors[patient_id] = factors
            if second_factor in factors:
                found.add(patient_id)
        return found

    def start_attempt(self, now: float, within: Collection[str] | None = None,
                      rng: random.Random | None = None) -> FaceAttempt:
        """1:N (``within`` None, only while the policy allows it), 1:few after a second factor, or 1:1
        verification of a known patient (``within`` = {that patient})."""
        if within is None and self.needs_second_factor:
            raise ValueError("this many enrolled people need a second factor before a face search")
        if within is not None and len(within) > 1 and not self.policy.narrowed_enough(len(within)):
            raise ValueError("the second factor left too many patients for a safe face search")
        self.attempt_counts["started"] += 1
        return FaceAttempt(self.engine, self.gallery, now, within=within, rng=rng or self.rng,
                           on_finished=self._count_outcome, before_search=self.refresh)

    def _count_outcome(self, stage: Stage) -> None:
        self.attempt_counts[stage.value] += 1

    def start_enrolment(self, now: float, rng: random.Random | None = None) -> FaceEnrolment:
        """The same liveness and tracking as check-in; ends with the live face's templates."""
        return FaceEnrolment(self.engine, now, rng=rng or self.rng)

    # --- consent, enrolment, withdrawal ---------------------------------------------------

    def record_consent(self, patient_id: str, method: str, staff_id: str = "", identified_by: str = "") -> int:
        """``identified_by``: how the patient was found (``staff_assisted`` consents are their own proof)."""
        if method not in CONSENT_METHODS:
            raise ValueError(f"consent method must be one of {CONSENT_METHODS}")
        proof = "staff_assisted" if method == "staff_assisted" and staff_id else identified_by
        if not enrolment_allowed(proof):
            self._audit.record("patient", "face.enrolment_refused", {"patient": patient_id, "identified_by": proof,
                                                                     "kiosk": self._kiosk_id})
            raise EnrolmentNotAllowed(f"a face can only be enrolled after identification by {', '.join(ENROLMENT_PROOFS)}")
        with write_transaction(self._db) as db:
            consent_id = store.add_consent(db, patient_id, self._kiosk_id, method, staff_id, CONSENT_NOTICE_VERSION,
                                           self._clock.now())
        self._audit.record("staff" if staff_id else "patient", "face.consent_recorded",
                           {"patient": patient_id, "method": method, "kiosk": self._kiosk_id, "staff": staff_id,
                            "identified_by": proof})
        return consent_id

    def has_consent(self, patient_id: str) -> bool:
        return store.has_consent(self._db, patient_id)

    def enrol(self, patient_id: str, templates: list[np.ndarray]) -> list[str]:
        """Store and load the templates; keeps the newest ``max_templates_per_person``. One transaction
        with the gallery version, so every kiosk follows (and none sees half an enrolment)."""
        if self._store is None or self._sync is None or not self.available:
            raise FaceKeyError(self.problem or "face templates cannot be stored")
        if not self.has_consent(patient_id):
            raise ConsentMissing(f"patient {patient_id} has not consented to face check-in")
        if not templates:
            raise ValueError("enrolment needs at least one face template")
        with self._sync.lock:
            with write_transaction(self._db):
                # One enrolment at a time in the hospital, checked against every kiosk's latest faces:
                # the same face enrolled a moment ago at another kiosk for someone else is refused.
                lock(self._db, "face-enrolment")
                self.refresh(force=True)
                for vector in templates:
                    match = self.gallery.search(vector)
                    if match is not None and match.identity != patient_id and match.distance <= self.settings.threshold:
                        raise FaceAlreadyEnrolled("this face is very close to another patient's; staff must check")
                added = [self._store.add(patient_id, vector) for vector in templates]
                dropped = self._store.template_ids(patient_id)[: -self.settings.max_templates_per_person]
                for old_id in dropped:
                    self._store.delete_template(old_id)
                version = store.bump_gallery_version(self._db)
            self.gallery.add_many(zip(added, [patient_id] * len(added), templates))
            self.gallery.remove_templates(dropped)
            self._sync.own_change(version)
        self._second_factors.pop(patient_id, None)
        self._audit.record("kiosk", "face.enrolled", {"patient": patient_id, "templates": len(added),
                                                      "kiosk": self._kiosk_id})
        return added

    def withdraw(self, patient_id: str, actor: str = "patient") -> int:
        """Delete the person's templates from the database and the memory matrix, and withdraw the
        consent, in one transaction with the gallery version (every kiosk drops them); audited."""
        with self._sync.lock if self._sync is not None else contextlib.nullcontext():
            with write_transaction(self._db) as db:
                removed = store.delete_templates_of(db, patient_id)
                store.withdraw_consents(db, patient_id, self._clock.now())
                version = store.bump_gallery_version(db)
            self.gallery.remove_identity(patient_id)
            if self._sync is not None:
                self._sync.own_change(version)
        self._second_factors.pop(patient_id, None)
        self._audit.record(actor, "face.withdrawn", {"patient": patient_id, "templates": removed,
                                                     "kiosk": self._kiosk_id})
        return removed
