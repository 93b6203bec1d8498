"""When an appointment may be checked in: from ``opens_before`` before its time until ``closes_after``
after it (the hospital's rules, ``[checkin]`` in the config). Outside that the kiosk says when to come
back, or sends a late patient to the desk, instead of issuing a number at 03:18 for a 09:00 clinic."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import to_local
from kiosk.his.port import Appointment


class WindowState(str, enum.Enum):
    OPEN = "open"
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"


@dataclass(frozen=True)
class CheckInWindow:
    opens_before: timedelta = timedelta(minutes=120)
    closes_after: timedelta = timedelta(minutes=240)

    def opens_at(self, appointment: Appointment) -> datetime:
        """Hospital-local time the check-in opens (naive, like the appointment's day and slot time)."""
        return datetime.combine(appointment.day, appointment.slot_time) - self.opens_before

    def state(self, appointment: Appointment, now: datetime) -> WindowState:
        local = to_local(now).replace(tzinfo=None)
        slot = datetime.combine(appointment.day, appointment.slot_time)
        if local < slot - self.opens_before:
            return WindowState.TOO_EARLY
        if local > slot + self.closes_after:
            return WindowState.TOO_LATE
        return WindowState.OPEN
