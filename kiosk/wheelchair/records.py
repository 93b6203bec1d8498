"""Rental records as read back from the database, and the refusals a renter can meet, in plain words."""
from __future__ import annotations

import enum
import functools
import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import from_utc_text
from kiosk.money import Fen
from kiosk.wheelchair.pricing import RentalFee, RentalMode, RentalTerms

RENTAL_COLUMNS = ("id, idempotency_key, chair_id, patient_id, kiosk_id, dock_slot, mode, state, terms_json, "
                  "deposit_fen, deposit_state, started_utc, home_use_from_utc, due_utc, ended_utc, fee_fen, "
                  "charge_id, end_reason, return_kiosk_id")


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


def rental_from_row(row: tuple) -> Rental:
    (rental_id, key, chair_id, patient_id, kiosk_id, dock_slot, mode, state, terms_json, deposit_fen,
     deposit_state, started, home_use_from, due, ended, fee_fen, charge_id, end_reason, return_kiosk) = row
    return Rental(rental_id, key, chair_id, patient_id, kiosk_id, dock_slot, RentalMode(mode), RentalState(state),
                  _terms(terms_json), deposit_fen, deposit_state, from_utc_text(started),
                  _optional_time(home_use_from), _optional_time(due), _optional_time(ended), fee_fen, charge_id,
                  end_reason, return_kiosk)


@functools.lru_cache(maxsize=64)
def _terms(terms_json: str) -> RentalTerms:
    """Every rental of a hospital carries the same few terms; parse each spelling once."""
    return RentalTerms.from_dict(json.loads(terms_json))


def _optional_time(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None
