"""What the Enrolments panel reads about face templates: how many patients use face check-in (the
hospital's whole gallery, shared by every kiosk of a shared database) and how many templates one
patient has. Counts only: the templates themselves stay encrypted in ``kiosk.face.templates``; the SQL is in ``kiosk.face.store``."""
from __future__ import annotations

from kiosk.face import store
from kiosk.storage import Database


class EnrolmentCounts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def patients(self) -> int:
        """Patients with at least one face template (blocking: call from a worker)."""
        return store.enrolled_patient_count(self._db)

    def templates_of(self, patient_id: str) -> int:
        return store.template_count_of(self._db, patient_id)
