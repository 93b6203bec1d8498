"""What the Enrolments panel reads about face templates: how many patients use face check-in (the
hospital's whole gallery, shared by every kiosk of a shared database) and how many templates one
patient has. Counts only: the templates themselves stay encrypted in ``kiosk.face.templates``."""
from __future__ import annotations

from kiosk.storage import Database


class EnrolmentCounts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def patients(self) -> int:
        """Patients with at least one face template (blocking: call from a worker)."""
        return int(self._db.execute("SELECT count(DISTINCT patient_id) FROM face_templates").fetchone()[0])

    def templates_of(self, patient_id: str) -> int:
        return int(self._db.execute("SELECT count(*) FROM face_templates WHERE patient_id = ?",
                                    (patient_id,)).fetchone()[0])
