"""Renting and returning wheelchairs: quote → confirm → rental row → dock unlock → (taken | relocked).

Order of effects, so nothing is lost or done twice: the rental row, the chair's new state and a
``pending`` dock command are committed together before the dock is asked to unlock; the command is
then marked done or failed. A chair not taken within ``pickup_timeout_s`` is locked again and the
rental cancelled with nothing charged. A return computes the fee with the pricing engine, posts one
unpaid ``wheelchair`` charge to the visit bill (its id is derived from the rental, so it can never be
posted twice), releases a held deposit and frees the chair, all in one transaction.

Kiosks sharing one database (a chair rented in the east lobby is returned in the west lobby):
every change to a chair's rental or state holds the chair's lock (``lock(db, "wheelchair:<id>")``, a
transaction advisory lock on PostgreSQL) from its first read to its commit, and a rent also the
patient's, so two kiosks renting one chair, or one patient renting two, end in exactly one rental;
the partial UNIQUE index on open rentals per chair is the database's own last word.

Every method blocks (database, dock I/O): the UI calls them through its task runner.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import timedelta

import sqlite_utils

from devices.base import DeviceError
from devices.protocols import WheelchairDock
from kiosk.audit import AuditLog
from kiosk.clock import Clock, from_utc_text, to_local, to_utc_text
from kiosk.his.port import HisPort, Patient
from kiosk.storage import INTEGRITY_ERRORS, write_transaction
from kiosk.wheelchair import store
from kiosk.wheelchair.charges import charge_id_for, post_wheelchair_charge
from kiosk.wheelchair.fleet import ChairState, Fleet, UnknownChair, Wheelchair
from kiosk.wheelchair.pricing import RentalFee, RentalMode, RentalTerms, home_use_due, quote_rental_fee
from kiosk.wheelchair.records import Problem, Refusal, Rental, RentalRefused, RentalState, ReturnOutcome

DEFAULT_PICKUP_TIMEOUT_S = 60
MAX_HOME_USE_DAYS = 30


class RentalService:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, audit: AuditLog, fleet: Fleet, his: HisPort,
                 terms: RentalTerms, kiosk_id: str, dock: WheelchairDock | None = None,
                 pickup_timeout_s: int = DEFAULT_PICKUP_TIMEOUT_S) -> None:
        self._db = db
        self._his = his
        self._clock = clock
        self._audit = audit
        self.fleet = fleet
        self.terms = terms
        self.kiosk_id = kiosk_id
        self.dock = dock
        self.pickup_timeout = timedelta(seconds=pickup_timeout_s)
        self._terms_json = json.dumps(terms.to_dict(), sort_keys=True)

    # Before renting -----------------------------------------------------------------------------------

    def deposit_for(self, patient: Patient) -> int:
        return self.terms.deposit_for(patient.credit_score, patient.has_overdue_debt)

    def check_rentable(self, chair_id: str) -> Wheelchair:
        """The chair, or ``RentalRefused`` in plain words when it cannot be rented now."""
        try:
            chair = self.fleet.chair(chair_id)
        except UnknownChair:
            raise RentalRefused(Refusal.UNKNOWN_CHAIR, f"chair {chair_id} is not in this hospital's register") from None
        if chair.state in (ChairState.RENTED, ChairState.HOME_USE, ChairState.OVERDUE):
            raise RentalRefused(Refusal.CHAIR_RENTED, f"chair {chair_id} is already rented to someone")
        if chair.state in (ChairState.MAINTENANCE, ChairState.DISINFECTION):
            raise RentalRefused(Refusal.CHAIR_IN_MAINTENANCE, f"chair {chair_id} is waiting for a check or cleaning")
        if chair.state is not ChairState.AVAILABLE:
            raise RentalRefused(Refusal.CHAIR_NOT_AVAILABLE, f"chair {chair_id} cannot be rented ({chair.state.value})")
        return chair

    def free_chair_in_dock(self) -> str:
        """The chair this kiosk's dock would hand out now (lowest slot holding an available chair)."""
        for slot in self._dock_slots():
            if slot.chair_id and slot.locked:
                chair = self.fleet.find(slot.chair_id)
                if chair is not None and chair.state is ChairState.AVAILABLE:
                    return slot.chair_id
        raise RentalRefused(Refusal.NO_FREE_CHAIR, "there is no free chair in this kiosk's dock")

    def register_docked_chairs(self) -> list[str]:
        """At start-up: chairs standing in this kiosk's dock join the register if they are new."""
        docked = [slot.chair_id for slot in self._dock_slots() if slot.chair_id]
        for chair_id in docked:
            self.fleet.register(chair_id)
        return docked

    # Renting ------------------------------------------------------------------------------------------

    def rent(self, chair_id: str, patient: Patient, key: str, mode: RentalMode = RentalMode.ON_SITE,
             home_use_days: int = 0, deposit_paid: bool = False) -> Rental:
        """Confirm a rental; the same ``key`` again returns the first rental (a double tap rents once).

        When the chair stands in this kiosk's dock its slot is unlocked and the rental waits for the
        chair to be taken (``check_pickup``); a chair elsewhere is handed over at once.
        """
        existing = self._by_key(key)
        if existing is not None:
            return self._again(existing)
        mode = RentalMode(mode)
        if mode is RentalMode.HOME_USE and not 1 <= home_use_days <= MAX_HOME_USE_DAYS:
            raise ValueError(f"home use is for 1 to {MAX_HOME_USE_DAYS} days, not {home_use_days}")
        deposit = self.deposit_for(patient)
        if deposit and not deposit_paid:
            raise RentalRefused(Refusal.DEPOSIT_NEEDED, "a deposit is needed before this rental", deposit)
        slot = self._slot_holding(chair_id)
        now = from_utc_text(to_utc_text(self._clock.now()))  # exactly what the row will say
        rental_id = "R" + uuid.uuid4().hex[:11].upper()
        state = RentalState.AWAITING_PICKUP if slot else RentalState.ACTIVE
        home_use = mode is RentalMode.HOME_USE
        due = home_use_due(now, home_use_days) if home_use else None
        rental = Rental(rental_id, key, chair_id, patient.id, self.kiosk_id, slot, mode, state, self.terms, deposit,
                        "held" if deposit else "waived", now, now if home_use else None, due, None, None, None, "", "")
        try:
            with write_transaction(self._db) as db:
                store.lock_chair(db, chair_id)
                store.lock_patient_rentals(db, patient.id)
                chair = self.check_rentable(chair_id)
                if store.has_open_rental(db, patient.id):
                    raise RentalRefused(Refusal.ALREADY_RENTING, "you already have a wheelchair; return it first")
                store.insert_rental(db, rental, self._terms_json)
                chair_state = ChairState.HOME_USE if home_use else ChairState.RENTED
                self.fleet.move_within(db, chair, chair_state, f"rental {rental_id}")
                self._audit.record("patient", "wheelchair.rented", {
                    "rental": rental_id, "chair": chair_id, "patient": patient.id, "mode": mode.value,
                    "deposit_fen": deposit, "kiosk": self.kiosk_id,
                    "chair_state": {"from": ChairState.AVAILABLE.value, "to": chair_state.value}})
                if slot:
                    self._write_dock_command("unlock", slot, rental_id)
        except INTEGRITY_ERRORS as error:  # another kiosk won the race for this chair
            existing = self._by_key(key)
            if existing is not None:
                return self._again(existing)
            raise RentalRefused(Refusal.CHAIR_RENTED, f"chair {chair_id} was just rented by someone else") from error
        if not slot:  # handed over at once: the row is exactly what was just committed
            return rental
        try:
            self._run_dock_command("unlock", slot, rental_id)
        except DeviceError as error:
            # The slot may have opened with its reply lost: lock it again before anything else, so the
            # chair cannot leave without a rental. The dock is suspect either way: the chair waits for a check.
            self._lock_again(slot, rental_id)
            self._end_unreturned(rental_id, "dock_did_not_unlock", ChairState.MAINTENANCE,
                                 f"slot {slot} did not unlock: {error}")
            raise RentalRefused(Refusal.DOCK_DID_NOT_UNLOCK,
                                f"the dock did not release chair {chair_id}; nothing was charged") from error
        return self.rental(rental_id)

    def _again(self, rental: Rental) -> Rental:
        """The same rent key once more: the first rental, unless it was cancelled (then the same refusal)."""
        if rental.state is not RentalState.CANCELLED:
            return rental
        if rental.end_reason == "dock_did_not_unlock":
            raise RentalRefused(Refusal.DOCK_DID_NOT_UNLOCK, f"rental {rental.id} was cancelled: the dock did not unlock")
        raise RentalRefused(Refusal.CHAIR_NOT_AVAILABLE, f"rental {rental.id} was cancelled ({rental.end_reason})")

    def _lock_again(self, slot: int, rental_id: str) -> bool:
        """Lock a slot whose rental is ending untaken; False when the lock did not answer either."""
        with write_transaction(self._db):
            self._write_dock_command("lock", slot, rental_id)
        try:
            self._run_dock_command("lock", slot, rental_id)
        except DeviceError:
            return False
        return True

    def check_pickup(self, rental_id: str) -> Rental:
        """Has the unlocked chair been taken? Taken → active; too long → relocked and cancelled."""
        rental = self.rental(rental_id)
        if rental.state is not RentalState.AWAITING_PICKUP or rental.dock_slot is None:
            return rental
        slots = {slot.number: slot for slot in self._dock_slots()}
        present = slots.get(rental.dock_slot)
        if present is None or present.chair_id != rental.chair_id:
            with write_transaction(self._db) as db:
                store.mark_taken(db, rental_id)
                self._audit.record("kiosk", "wheelchair.taken", {"rental": rental_id, "chair": rental.chair_id})
            return self.rental(rental_id)
        if self._clock.now() - rental.started_at < self.pickup_timeout:
            return rental
        return self.cancel_pickup(rental_id, "not_taken")

    def cancel_pickup(self, rental_id: str, reason: str = "walked_away") -> Rental:
        """Lock the slot again and cancel a rental whose chair was not taken; nothing is charged."""
        rental = self.rental(rental_id)
        if rental.state is not RentalState.AWAITING_PICKUP:
            return rental
        next_state = ChairState.AVAILABLE
        if rental.dock_slot is not None and not self._lock_again(rental.dock_slot, rental_id):
            next_state = ChairState.MAINTENANCE  # an unlocked slot needs a technician
        self._end_unreturned(rental_id, reason, next_state, f"rental {rental_id} cancelled: {reason}")
        return self.rental(rental_id)

    def check_pickups(self) -> list[Rental]:
        """Every rental of this kiosk still waiting for its chair, checked now (taken, waiting, or relocked
        and cancelled): runs on a timer whatever the screen shows, so a patient who walks away from the
        pickup screen does not leave the slot unlocked."""
        return [self.check_pickup(rental_id) for rental_id in store.rentals_awaiting_pickup(self._db, self.kiosk_id)]

    # During a rental ----------------------------------------------------------------------------------

    def convert_to_home_use(self, rental_id: str, days: int) -> Rental:
        if not 1 <= days <= MAX_HOME_USE_DAYS:
            raise ValueError(f"home use is for 1 to {MAX_HOME_USE_DAYS} days, not {days}")
        now = self._clock.now()
        with write_transaction(self._db) as db:
            store.lock_chair(db, self.rental(rental_id).chair_id)
            rental = self.rental(rental_id)
            if rental.state is not RentalState.ACTIVE or rental.mode is RentalMode.HOME_USE:
                raise RentalRefused(Refusal.NOT_RENTED, "only a chair in use in the hospital can be taken home")
            store.start_home_use(db, rental_id, now, home_use_due(now, days))
            self.fleet.move(rental.chair_id, ChairState.HOME_USE, "patient", f"rental {rental_id} taken home")
        return self.rental(rental_id)

    def sweep_overdue(self) -> list[str]:
        """Home-use chairs past their due time become overdue (staff and reminders look for these)."""
        chair_ids = store.chairs_past_home_use_due(self._db, self._clock.now())
        for chair_id in chair_ids:
            self.fleet.move(chair_id, ChairState.OVERDUE, "kiosk", "home use past its due date")
        return chair_ids

    # Returning ----------------------------------------------------------------------------------------

    def preview_return(self, chair_id: str) -> tuple[Rental, RentalFee]:
        """What returning this chair now would cost, without changing anything."""
        rental = self.open_rental_of_chair(chair_id)
        if rental is None:
            raise RentalRefused(Refusal.NOT_RENTED, f"chair {chair_id} is not rented out")
        return rental, self._fee(rental)

    def return_chair(self, chair_id: str, problems: tuple[Problem, ...] = ()) -> ReturnOutcome:
        """End the chair's rental: fee, charge on the visit bill, deposit released, chair freed.

        Scanning a chair again after its return changes nothing and answers ``already_returned``.
        """
        problems = tuple(Problem(problem) for problem in problems)
        now = from_utc_text(to_utc_text(self._clock.now()))
        running = self.open_rental_of_chair(chair_id)
        if running is not None and self._fee(running, now).total_fen > 0:
            # The fee reaches the hospital's bill first (idempotent by rental): when the hospital system is
            # down the return is refused whole (HisUnavailable) and nothing is half-written.
            post_wheelchair_charge(self._his, running, self._fee(running, now), to_local(now).date())
        with write_transaction(self._db) as db:
            store.lock_chair(db, chair_id)  # a return at another kiosk at the same moment waits, then finds it done
            rental = self.open_rental_of_chair(chair_id)
            if rental is None:
                last = store.last_returned_rental(db, chair_id)
                if last is None:
                    self.fleet.chair(chair_id)  # UnknownChair for a chair never registered
                    raise RentalRefused(Refusal.NOT_RENTED, f"chair {chair_id} is not rented out")
                return ReturnOutcome(last, self._fee(last), last.charge_id,
                                     self.fleet.chair(chair_id).state is ChairState.MAINTENANCE, already_returned=True)
            fee = self._fee(rental, now)
            charge_id = charge_id_for(rental.id) if fee.total_fen > 0 else None
            if charge_id is not None and rental.id != getattr(running, "id", None):
                post_wheelchair_charge(self._his, rental, fee, to_local(now).date())  # a rental started meanwhile
            deposit_state = "released" if rental.deposit_state == "held" else rental.deposit_state
            store.mark_returned(db, rental.id, now, fee, charge_id, deposit_state, self.kiosk_id)
            for problem in problems:
                store.add_damage_report(db, chair_id, rental.id, problem.value, now)
            next_state = ChairState.MAINTENANCE if problems else ChairState.AVAILABLE
            reason = "reported: " + ", ".join(p.value for p in problems) if problems else f"returned ({rental.id})"
            before = self.fleet.chair(chair_id)
            self.fleet.move_within(db, before, next_state, reason)
            self._audit.record("patient", "wheelchair.returned", {
                "rental": rental.id, "chair": chair_id, "fee_fen": fee.total_fen, "charge": charge_id,
                "problems": [p.value for p in problems], "kiosk": self.kiosk_id,
                "chair_state": {"from": before.state.value, "to": next_state.value}})
            if deposit_state == "released" and rental.deposit_state == "held":
                self._audit.record("kiosk", "wheelchair.deposit_released",
                                   {"rental": rental.id, "amount_fen": rental.deposit_fen})
        returned = replace(rental, state=RentalState.RETURNED, ended_at=now, fee_fen=fee.total_fen, charge_id=charge_id,
                           deposit_state=deposit_state, end_reason="returned", return_kiosk_id=self.kiosk_id)
        return ReturnOutcome(returned, fee, charge_id, bool(problems))

    def detect_dock_returns(self) -> list[ReturnOutcome]:
        """Chairs the dock's sensors see in a slot while their rental is still running: return them."""
        outcomes = []
        for slot in self._dock_slots():
            if slot.chair_id:
                rental = self.open_rental_of_chair(slot.chair_id)
                if rental is not None and rental.state is RentalState.ACTIVE:
                    outcomes.append(self.return_chair(slot.chair_id))
        return outcomes

    # After a crash ------------------------------------------------------------------------------------

    def recover_interrupted(self) -> int:
        """At start-up: dock commands left ``pending`` by a crash are failed, then every unlocked chair
        still waiting in this kiosk's dock is locked again and its rental cancelled."""
        with write_transaction(self._db) as db:
            store.fail_pending_dock_commands(db, self.kiosk_id, self._clock.now())
        waiting = store.rentals_awaiting_pickup(self._db, self.kiosk_id)
        for rental_id in waiting:
            rental = self.check_pickup(rental_id)
            if rental.state is RentalState.AWAITING_PICKUP:
                self.cancel_pickup(rental_id, "kiosk_restarted")
        return len(waiting)

    # Queries ------------------------------------------------------------------------------------------

    def rental(self, rental_id: str) -> Rental:
        rental = store.rental_by_id(self._db, rental_id)
        if rental is None:
            raise KeyError(f"no wheelchair rental {rental_id}")
        return rental

    def open_rental_of(self, patient_id: str) -> Rental | None:
        rentals = store.open_rentals_of(self._db, patient_id)
        return rentals[0] if rentals else None

    def open_rental_of_chair(self, chair_id: str) -> Rental | None:
        return store.open_rental_of_chair(self._db, chair_id)

    def dock_commands(self, rental_id: str) -> list[tuple[str, int, str]]:
        """(action, slot, state) of the dock commands written for a rental, oldest first."""
        return store.dock_commands_of(self._db, rental_id)

    # Internals ----------------------------------------------------------------------------------------

    def _fee(self, rental: Rental, end=None) -> RentalFee:
        end = end or rental.ended_at or self._clock.now()
        if rental.mode is RentalMode.HOME_USE and rental.home_use_from == rental.started_at:
            return quote_rental_fee(rental.terms, rental.started_at, end, RentalMode.HOME_USE)
        return quote_rental_fee(rental.terms, rental.started_at, end, RentalMode.ON_SITE, rental.home_use_from)

    def _by_key(self, key: str) -> Rental | None:
        if not key:
            raise ValueError("a rental needs an idempotency key (e.g. 'rent:<session id>:<chair id>')")
        return store.rental_by_key(self._db, key)

    def _end_unreturned(self, rental_id: str, reason: str, chair_state: ChairState, note: str) -> None:
        with write_transaction(self._db) as db:
            store.lock_chair(db, self.rental(rental_id).chair_id)
            rental = self.rental(rental_id)
            if rental.state is not RentalState.AWAITING_PICKUP:
                return  # taken, or cancelled by another caller meanwhile
            store.mark_cancelled(db, rental_id, self._clock.now(), reason)
            self.fleet.move(rental.chair_id, chair_state, "kiosk", note)
            self._audit.record("kiosk", "wheelchair.rental_cancelled",
                               {"rental": rental_id, "chair": rental.chair_id, "reason": reason})

    def _dock_slots(self):
        if self.dock is None:
            return []
        return self.dock.slots()

    def _slot_holding(self, chair_id: str) -> int | None:
        for slot in self._dock_slots():
            if slot.chair_id == chair_id:
                return slot.number
        return None

    def _write_dock_command(self, action: str, slot: int, rental_id: str) -> None:
        """A command tried before (a crash in the middle, then recovery) is the same row, pending again."""
        store.write_dock_command(self._db, f"{action}:{rental_id}", self.kiosk_id, slot, action, rental_id,
                                 self._clock.now())

    def _run_dock_command(self, action: str, slot: int, rental_id: str) -> None:
        key = f"{action}:{rental_id}"
        try:
            if self.dock is None:
                raise DeviceError("this kiosk has no wheelchair dock")
            (self.dock.unlock if action == "unlock" else self.dock.lock)(slot)
        except DeviceError as error:
            self._mark_dock_command(key, "failed", str(error) or type(error).__name__)
            raise
        self._mark_dock_command(key, "done")

    def _mark_dock_command(self, key: str, state: str, error: str = "") -> None:
        with write_transaction(self._db) as db:
            store.mark_dock_command(db, key, state, error, self._clock.now())
