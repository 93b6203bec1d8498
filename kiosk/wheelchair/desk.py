"""The wheelchair counter of one kiosk: what the screens call, one blocking call per patient step.

Wraps the rental service with the label check (a scanned code → a chair id, or plain refusal) and
prints through the print journal with keys derived from the rental, so a slip or receipt is never
printed twice for one rental.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.his.port import HisPort, Patient
from kiosk.printing.journal import PrintOutcome, PrintService
from kiosk.printing.layouts import Hospital
from kiosk.wheelchair.labels import read_label, sign_label
from kiosk.wheelchair.pricing import RentalMode, RentalTerms
from kiosk.wheelchair.receipts import rental_slip, return_print_key, return_receipt, slip_print_key
from kiosk.wheelchair.records import Problem, Rental, ReturnOutcome
from kiosk.wheelchair.rentals import RentalService


@dataclass(frozen=True)
class RentalStarted:
    rental: Rental
    printed: PrintOutcome


@dataclass(frozen=True)
class ReturnDone:
    outcome: ReturnOutcome
    printed: PrintOutcome | None  # None when the chair had already been returned (nothing new to print)


class WheelchairDesk:
    def __init__(self, rentals: RentalService, label_key: bytes, printing: PrintService, hospital: Hospital,
                 his: HisPort, dock_name: str) -> None:
        self.rentals = rentals
        self._label_key = label_key
        self._printing = printing
        self._hospital = hospital
        self._his = his
        self.dock_name = dock_name

    @property
    def terms(self) -> RentalTerms:
        return self.rentals.terms

    @property
    def has_dock(self) -> bool:
        return self.rentals.dock is not None

    def chair_from_scan(self, text: str) -> str:
        """The chair a scanned label names; raises ``LabelError`` (forged, torn, not a label)."""
        return read_label(self._label_key, text)

    def label_for(self, chair_id: str) -> str:
        """The signed payload to print on a chair's QR label (maintenance's label sheet)."""
        return sign_label(self._label_key, chair_id)

    def labels(self) -> list[tuple[str, str]]:
        return [(chair.chair_id, self.label_for(chair.chair_id)) for chair in self.rentals.fleet.chairs()]

    def chair_to_rent(self, chair_id: str | None) -> str:
        """Check a scanned chair (or pick the dock's free chair when ``None``); raises ``RentalRefused``."""
        if chair_id is None:
            return self.rentals.free_chair_in_dock()
        self.rentals.check_rentable(chair_id)
        return chair_id

    def rent(self, chair_id: str, patient: Patient, key: str, mode: RentalMode = RentalMode.ON_SITE,
             home_use_days: int = 0) -> RentalStarted:
        rental = self.rentals.rent(chair_id, patient, key, mode, home_use_days)
        slip = rental_slip(self._hospital, rental, patient.name, self.dock_name)
        return RentalStarted(rental, self._printing.print_receipt(slip, key=slip_print_key(rental)))

    def return_chair(self, chair_id: str, problems: tuple[Problem, ...] = ()) -> ReturnDone:
        outcome = self.rentals.return_chair(chair_id, problems)
        if outcome.already_returned:
            return ReturnDone(outcome, None)
        renter = self._his.patient(outcome.rental.patient_id)
        receipt = return_receipt(self._hospital, outcome, renter.name)
        return ReturnDone(outcome, self._printing.print_receipt(receipt, key=return_print_key(outcome.rental)))
