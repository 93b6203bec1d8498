"""The wheelchair journey's steps between screens: a scanned chair → rent (identify, price card, unlock)
or return (fee, confirm, receipt). Every service call runs on the window's task runner. The journey
holds its screens (given by ``install``), so it never looks one up in the window."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from kiosk.his.port import Patient
from kiosk.wheelchair.labels import LabelError
from kiosk.wheelchair.pricing import RentalFee, RentalMode
from kiosk.wheelchair.records import Refusal, Rental, RentalRefused
from ui.identify import start_identification

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.wheelchair.deposit_screen import WheelchairDepositScreen
    from ui.wheelchair.home_screen import WheelchairHomeUseScreen
    from ui.wheelchair.overdue_screen import WheelchairOverdueScreen
    from ui.wheelchair.pickup_screen import WheelchairPickupScreen
    from ui.wheelchair.price_screen import WheelchairPriceScreen
    from ui.wheelchair.return_screen import WheelchairReturnScreen

log = logging.getLogger(__name__)

JOURNEY = "wheelchair"
START, PRICE, PICKUP, RETURN = "wheelchair", "wheelchair_price", "wheelchair_pickup", "wheelchair_return"
DEPOSIT, HOME_USE, OVERDUE = "wheelchair_deposit", "wheelchair_home", "wheelchair_overdue"


@dataclass(frozen=True)
class ToRent:
    chair_id: str


@dataclass(frozen=True)
class ToReturn:
    rental: Rental
    fee: RentalFee


class WheelchairJourney:
    """Kept on the window as ``window.wheelchair``; the screens report to it and it moves between them."""

    def __init__(self, window: "MainWindow"):
        self.window = window
        self.desk = window.services.wheelchairs
        self._watching_pickups = False
        self.price_screen: WheelchairPriceScreen | None = None
        self.deposit_screen: WheelchairDepositScreen | None = None
        self.pickup_screen: WheelchairPickupScreen | None = None
        self.return_screen: WheelchairReturnScreen | None = None
        self.home_use_screen: WheelchairHomeUseScreen | None = None
        self.overdue_screen: WheelchairOverdueScreen | None = None

    def connect(self, price: "WheelchairPriceScreen", deposit: "WheelchairDepositScreen",
                pickup: "WheelchairPickupScreen", return_screen: "WheelchairReturnScreen",
                home_use: "WheelchairHomeUseScreen", overdue: "WheelchairOverdueScreen") -> None:
        """The screens the journey fills before it shows them (``install``)."""
        self.price_screen, self.deposit_screen, self.pickup_screen = price, deposit, pickup
        self.return_screen, self.home_use_screen, self.overdue_screen = return_screen, home_use, overdue

    def remind_if_overdue(self, patient: Patient, then: Callable[[], None],
                          after_notice: Callable[[], None] | None = None) -> None:
        """Call after ``patient`` is identified, in any journey: if they still have an overdue wheelchair,
        the notice screen comes first and its button runs ``after_notice`` (default ``then``); with no
        overdue chair — or when the check itself fails — ``then()`` runs at once. Nothing blocks the GUI.

        The notice joins the current journey, so the patient session (and its identification) stays.
        """
        window = self.window

        def checked(notice) -> None:
            if notice is None:
                then()
                return
            screen = self.overdue_screen
            session = window.services.sessions.current
            screen.journey = session.journey if session is not None else JOURNEY
            screen.show_notice(notice, after_notice or then)
            window.go(OVERDUE)

        window.runner.submit(self.desk.overdue_notice, patient.id, on_done=checked, on_error=lambda _error: then())

    @property
    def help_desk(self) -> str:
        return self.window.help_desk()

    def scanned(self, code: str, on_problem: Callable[[Exception], None]) -> None:
        """A code from the scanner on the start screen: a rented chair is being returned, else rented."""
        self.window.runner.submit(self._resolve, code, on_done=self._route, on_error=on_problem)

    def any_free_chair(self, on_problem: Callable[[Exception], None]) -> None:
        self.window.runner.submit(self.desk.chair_to_rent, None, on_done=lambda chair: self._route(ToRent(chair)),
                                  on_error=on_problem)

    def return_preview(self, chair_id: str) -> None:
        """Back to the return screen for this chair, with the fee as of now."""
        self.window.runner.submit(self.desk.rentals.preview_return, chair_id,
                                  on_done=lambda found: self._route(ToReturn(*found)),
                                  on_error=lambda error: self.return_screen.show_problem(self.explain(error)))

    def take_home(self, rental: Rental) -> None:
        self.home_use_screen.show_rental(rental)
        self.window.go(HOME_USE)

    def sweep_overdue(self) -> None:
        """Home-use chairs past their due time become overdue and their renters get a reminder through
        the hospital, once a day (the window's timer calls this)."""
        self.window.runner.submit(self.desk.sweep_overdue)

    def watch_pickups(self) -> None:
        """Rentals waiting for their chair are checked even after the patient left the pickup screen:
        taken → active, too long → the slot is locked again and the rental cancelled (the window's timer)."""
        if self._watching_pickups:
            return
        self._watching_pickups = True

        def finished(_rentals) -> None:
            self._watching_pickups = False

        def failed(error: Exception) -> None:
            self._watching_pickups = False
            log.warning("checking the rentals waiting for their chair failed: %s", error)

        self.window.runner.submit(self.desk.check_pickups, on_done=finished, on_error=failed)

    def _resolve(self, code: str) -> ToRent | ToReturn:
        """A chair label (rent it, or return it if rented) or a rental slip (return or take home)."""
        slip_rental = self.desk.rental_from_slip(code)
        if slip_rental is not None:
            if not slip_rental.is_open:
                raise RentalRefused(Refusal.SLIP_ALREADY_RETURNED, f"rental {slip_rental.id} has ended")
            return ToReturn(*self.desk.rentals.preview_return(slip_rental.chair_id))
        chair_id = self.desk.chair_from_scan(code)
        rental = self.desk.rentals.open_rental_of_chair(chair_id)
        if rental is not None:
            return ToReturn(*self.desk.rentals.preview_return(chair_id))
        return ToRent(self.desk.chair_to_rent(chair_id))

    def _route(self, step: ToRent | ToReturn) -> None:
        if isinstance(step, ToReturn):
            self.return_screen.show_return(step.rental, step.fee)
            self.window.go(RETURN)
            return
        session = self.window.services.sessions.current
        if session is not None:
            session.scratch["chair_id"] = step.chair_id
        start_identification(self.window, JOURNEY, lambda patient: self._identified(step.chair_id, patient))

    def _identified(self, chair_id: str, patient: Patient) -> None:
        """An overdue renter is told first, then sent back to the scan screen to return that chair."""
        self.remind_if_overdue(patient, then=lambda: self._offer(chair_id, patient),
                               after_notice=lambda: self.window.go(START))

    def _offer(self, chair_id: str, patient: Patient) -> None:
        deposit = self.desk.rentals.deposit_for(patient)
        self.price_screen.show_offer(chair_id, patient, deposit)
        self.window.go(PRICE)

    def rent_key(self, chair_id: str) -> str:
        """One rental (and its deposit) per session and chair: a double tap or a retry rents once."""
        session = self.window.services.sessions.current
        return f"rent:{session.session_id if session else 'none'}:{chair_id}"

    @property
    def deposit_by_phone(self) -> bool:
        return self.desk.deposits is not None

    def pay_deposit(self, chair_id: str, patient: Patient, deposit_fen: int) -> None:
        self.deposit_screen.start(chair_id, patient, deposit_fen, self.rent_key(chair_id))
        self.window.go(DEPOSIT)

    def pay_for_return(self, rental: Rental, intent, later: bool) -> None:
        """"Pay now" / "pay later" after a return: the renter shows who they are, then the Pay screens.

        The visit bill lists medical items, so it is shown only to the identified renter; anyone else
        who identifies sees their own bill.
        """
        def identified(patient: Patient) -> None:
            renter = patient.id == rental.patient_id and intent is not None
            if renter:
                self.window.payment.show_bill(intent)
            self.window.go("pay_later" if later and renter else "pay")

        start_identification(self.window, "pay", identified)

    def confirm(self, chair_id: str, patient: Patient, home_use_days: int, on_problem: Callable[[Exception], None]) -> None:
        key = self.rent_key(chair_id)
        mode = RentalMode.HOME_USE if home_use_days else RentalMode.ON_SITE
        self.window.runner.submit(self.desk.rent, chair_id, patient, key, mode, home_use_days,
                                  on_done=self._rented, on_error=on_problem)

    def _rented(self, started) -> None:
        self.pickup_screen.show_started(started)
        self.window.go(PICKUP)

    def explain_refusal(self, reason: Refusal, amount_fen: int = 0) -> str:
        return self.window.wheelchair_words.refusal(reason, self.help_desk, amount_fen)

    def explain(self, error: Exception) -> str:
        words = self.window.wheelchair_words
        if isinstance(error, RentalRefused):
            return words.refusal(error.reason, self.help_desk, error.amount_fen)
        if isinstance(error, LabelError):
            return words.label_problem(error, self.help_desk)
        return words.something_went_wrong(self.help_desk)
