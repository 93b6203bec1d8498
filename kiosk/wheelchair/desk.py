"""The wheelchair counter of one kiosk: what the screens call, one blocking call per patient step.

Wraps the rental service with the label check (a scanned code → a chair id, or plain refusal) and
prints through the print journal with keys derived from the rental, so a slip or receipt is never
printed twice for one rental.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.his.port import HisPort, Patient
from kiosk.payment.gateway import GatewayRejected, GatewayUnavailable
from kiosk.payment.refunds import RefundRecord
from kiosk.printing.journal import PrintOutcome, PrintService
from kiosk.printing.layouts import Hospital
from kiosk.wheelchair.deposits import DepositCashier
from kiosk.wheelchair.labels import UnreadableLabel, read_label, read_rental_code, sign_label, slip_code
from kiosk.wheelchair.pricing import RentalMode, RentalTerms
from kiosk.wheelchair.receipts import rental_slip, return_print_key, return_receipt, slip_print_key
from kiosk.wheelchair.records import Problem, Rental, RentalState, ReturnOutcome
from kiosk.wheelchair.reminders import OverdueNotice, OverdueReminders, SweepReport
from kiosk.wheelchair.rentals import RentalService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RentalStarted:
    rental: Rental
    printed: PrintOutcome


@dataclass(frozen=True)
class ReturnDone:
    outcome: ReturnOutcome
    printed: PrintOutcome | None  # None when the chair had already been returned (nothing new to print)
    deposit_refund: RefundRecord | None = None  # the QR deposit going back to the renter's phone


class WheelchairDesk:
    def __init__(self, rentals: RentalService, label_key: bytes, printing: PrintService, hospital: Hospital,
                 his: HisPort, dock_name: str, deposits: DepositCashier | None = None, slip_url: str = "",
                 reminders: OverdueReminders | None = None) -> None:
        self.rentals = rentals
        self.deposits = deposits  # None: no mobile payment, deposits are paid at the desk
        self._label_key = label_key
        self._printing = printing
        self._hospital = hospital
        self._his = his
        self.dock_name = dock_name
        self.slip_url = slip_url  # checked by the config (labels.check_slip_url); "" = the code alone
        self.reminders = reminders  # None: no reminders are sent (tests of other parts)

    def overdue_notice(self, patient_id: str) -> OverdueNotice | None:
        """After a patient is identified, in any journey: the overdue chair they still have, or None."""
        return self.reminders.notice_for(patient_id) if self.reminders is not None else None

    def sweep_overdue(self) -> SweepReport | None:
        """The periodic sweep: home-use chairs past due become overdue, and their renters are reminded."""
        self.rentals.sweep_overdue()
        return self.reminders.sweep() if self.reminders is not None else None

    @property
    def terms(self) -> RentalTerms:
        return self.rentals.terms

    @property
    def has_dock(self) -> bool:
        return self.rentals.dock is not None

    def chair_from_scan(self, text: str) -> str:
        """The chair a scanned label names; raises ``LabelError`` (forged, torn, not a label)."""
        return read_label(self._label_key, text)

    def rental_from_slip(self, text: str) -> Rental | None:
        """The rental a scanned slip (or return receipt) names; None when the code is not a slip.

        Raises ``LabelError`` for a torn or forged slip, and for a genuine-looking one this hospital's
        database does not know (``UnreadableLabel``: printed elsewhere)."""
        rental_id = read_rental_code(self._label_key, text)
        if rental_id is None:
            return None
        try:
            return self.rentals.rental(rental_id)
        except KeyError:
            raise UnreadableLabel(f"no rental {rental_id} in this hospital's records") from None

    def slip_code(self, rental: Rental) -> str:
        """What the slip's QR says for this rental (see ``labels.slip_code``)."""
        return slip_code(self._label_key, rental.id, rental.chair_id, self.slip_url)

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
        """Rent; a needed deposit counts as paid only when its QR payment for this ``key`` was credited."""
        deposit_fen = self.rentals.deposit_for(patient)
        deposit_paid = bool(deposit_fen and self.deposits is not None and self.deposits.is_paid(key, deposit_fen))
        rental = self.rentals.rent(chair_id, patient, key, mode, home_use_days, deposit_paid=deposit_paid)
        slip = rental_slip(self._hospital, rental, patient.name, self.dock_name, self.slip_code(rental))
        return RentalStarted(rental, self._printing.print_receipt(slip, key=slip_print_key(rental)))

    def check_pickup(self, rental_id: str) -> Rental:
        """Taken, still waiting, or cancelled (relocked); a cancelled rental's QR deposit goes back."""
        rental = self.rentals.check_pickup(rental_id)
        self._refund_if_cancelled(rental)
        return rental

    def check_pickups(self) -> list[Rental]:
        """All of this kiosk's rentals waiting for their chair (the window's timer calls this)."""
        rentals = self.rentals.check_pickups()
        for rental in rentals:
            self._refund_if_cancelled(rental)
        return rentals

    def cancel_pickup(self, rental_id: str, reason: str = "walked_away") -> Rental:
        rental = self.rentals.cancel_pickup(rental_id, reason)
        self._refund_if_cancelled(rental)
        return rental

    def refund_unrented_deposit(self, rent_key: str) -> RefundRecord | None:
        return self.deposits.refund_unrented(rent_key) if self.deposits is not None else None

    def _refund_if_cancelled(self, rental: Rental) -> None:
        if self.deposits is not None and rental.state is RentalState.CANCELLED and rental.deposit_fen:
            try:
                self.deposits.refund_for(rental)
            except (GatewayUnavailable, GatewayRejected) as error:  # left "requested": recovery retries it
                log.warning("deposit refund for cancelled rental %s not done yet: %s", rental.id, error)

    def return_chair(self, chair_id: str, problems: tuple[Problem, ...] = ()) -> ReturnDone:
        outcome = self.rentals.return_chair(chair_id, problems)
        if outcome.already_returned:
            return ReturnDone(outcome, None)
        deposit_refund = None
        if self.deposits is not None and outcome.rental.deposit_fen:
            try:
                deposit_refund = self.deposits.refund_for(outcome.rental)
            except (GatewayUnavailable, GatewayRejected):  # left "requested": payment recovery retries it
                deposit_refund = self.deposits.refund_record(outcome.rental)
        renter = self._his.patient(outcome.rental.patient_id)
        receipt = return_receipt(self._hospital, outcome, renter.name, self.slip_code(outcome.rental), deposit_refund)
        return ReturnDone(outcome, self._printing.print_receipt(receipt, key=return_print_key(outcome.rental)),
                          deposit_refund)
