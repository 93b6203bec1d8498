"""What every journey controller shares: it owns the journey's patient state, and forgets it with the session.

A journey (identify, pay, wheelchair, …) keeps the patient, bill, intent or offer here rather than in
its screens' widgets; the window calls ``forget()`` on every controller when the patient session ends
(finish, "back to start", idle time-out, staff taking over), so nothing of the last patient stays.
"""
from __future__ import annotations

from typing import ClassVar


class JourneyState:
    #: the attributes that hold something of the patient; ``forget`` sets each back to None.
    PATIENT_STATE: ClassVar[tuple[str, ...]] = ()

    def forget(self) -> None:
        for name in self.PATIENT_STATE:
            setattr(self, name, None)

    def remembers(self) -> list[str]:
        """The patient state still held (empty after ``forget``): for the privacy test."""
        return [name for name in self.PATIENT_STATE if getattr(self, name, None) is not None]
