"""Rental records (as ``kiosk.wheelchair.store`` reads them back), and the refusals a renter can meet, in plain words."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from kiosk.money import Fen
from kiosk.wheelchair.pricing import RentalFee, RentalMode, RentalTerms


class RentalState(str, enum.Enum):
    AWAITING_PICKUP = "awaiting_pickup"  # the dock slot is unlocked; the chair is still in it
    ACTIVE = "active"
    RETURNED = "returned"
    CANCELLED = "cancelled"  # never taken (or the dock did not unlock): nothing is charged


OPEN_STATES = (RentalState.AWAITING_PICKUP.value, RentalState.ACTIVE.value)


class Problem(str, enum.Enum):
    """What a renter can report at return; any of them sends the chair to maintenance."""

    WHEEL = "wheel"
    BRAKE = "brake"
    SEAT = "seat"
    FOOTREST = "footrest"
    OTHER = "other"


class Refusal(str, enum.Enum):
    """Why a rental or return was refused; the screen turns each into plain words and a next step."""

    UNKNOWN_CHAIR = "unknown_chair"
    CHAIR_RENTED = "chair_rented"
    CHAIR_IN_MAINTENANCE = "chair_in_maintenance"
    CHAIR_NOT_AVAILABLE = "chair_not_available"
    NO_FREE_CHAIR = "no_free_chair"
    DEPOSIT_NEEDED = "deposit_needed"
    ALREADY_RENTING = "already_renting"
    DOCK_DID_NOT_UNLOCK = "dock_did_not_unlock"
    NOT_RENTED = "not_rented"
    SLIP_ALREADY_RETURNED = "slip_already_returned"  # a slip scanned after its chair came back


class RentalRefused(Exception):
    """A rental or return that cannot go ahead; nothing was charged and no state was lost."""

    def __init__(self, reason: Refusal, message: str, amount_fen: Fen = 0) -> None:
        super().__init__(message)
        self.reason = reason
        self.amount_fen = amount_fen


@dataclass(frozen=True)
class Rental:
    id: str
    key: str
    chair_id: str
    patient_id: str
    kiosk_id: str
    dock_slot: int | None
    mode: RentalMode
    state: RentalState
    terms: RentalTerms
    deposit_fen: Fen
    deposit_state: str  # waived | held | released
    started_at: datetime
    home_use_from: datetime | None
    due_at: datetime | None
    ended_at: datetime | None
    fee_fen: Fen | None
    charge_id: str | None
    end_reason: str
    return_kiosk_id: str

    @property
    def is_open(self) -> bool:
        return self.state.value in OPEN_STATES


@dataclass(frozen=True)
class ReturnOutcome:
    rental: Rental
    fee: RentalFee
    charge_id: str | None  # the unpaid charge on the visit bill; None when the rental was free
    to_maintenance: bool
    already_returned: bool = False  # the chair was scanned again after its return: nothing new happened
