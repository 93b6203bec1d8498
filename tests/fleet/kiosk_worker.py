"""One kiosk process of a fleet test or benchmark: bootstraps a kiosk's services and obeys JSON lines.

Run as ``python tests/fleet/kiosk_worker.py '<spec json>'`` (``tests/fleet/kiosks.py`` starts it). The spec names the kiosk id, the shared
database (a ``postgresql://`` URL, or a SQLite file for the single-kiosk figures), the folder of the
hospital-wide key files (face templates, wheelchair labels: every kiosk of a hospital installs the
same ones), the dock and optionally an Alipay-compatible gateway (the sandbox process's URL and key
files). The kiosk is built by ``kiosk.bootstrap`` with simulated devices and the demo hospital, as
``onevisit`` would build it, and every operation goes through the kiosk/ service layer.

Commands arrive on stdin, one JSON object a line (``{"op": "rent", ...}``); each gets one JSON reply
line on stdout (``{"ok": true, ...}`` or ``{"ok": false, "error": ..., "kind": ...}``). The first line
out is ``{"ready": true, "kiosk": ..., "pid": ...}``. Everything else the kiosk prints goes to stderr.
``hang_dock`` makes the next dock unlock block forever after printing ``{"event": "dock_unlocking"}``:
the moment a test kills the process with SIGKILL, mid-rental.
"""
from __future__ import annotations

import collections
import json
import os
import sys
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"


def kiosk_config(spec: dict[str, Any]):
    """The demo config turned into one kiosk of a hospital fleet (see the module docstring)."""
    from kiosk.config import load_config

    keys = Path(spec["keys"])
    config = load_config(DEMO_CONFIG)
    devices = dict(config.devices, dock=spec.get("dock", "sim:?slots=6"))
    payment = replace(config.payment, gateway="off", wechat="off")
    gateway = spec.get("gateway")
    if gateway:
        payment = replace(payment, gateway=gateway["url"], app_id=gateway["app_id"],
                          app_private_key_file=Path(gateway["app_private_key_file"]),
                          gateway_public_key_file=Path(gateway["gateway_public_key_file"]),
                          poll_interval_s=0.5)
    return replace(config, kiosk_id=spec["kiosk"], database=spec["database"], devices=devices, payment=payment,
                   face_key_file=keys / "face.key", wheelchair_label_key_file=keys / "wheelchair-label.key",
                   fullscreen=False)


class HangingDock:
    """The kiosk's dock, except that once armed the next unlock never comes back (a kiosk frozen there)."""

    def __init__(self, dock, say) -> None:
        self._dock = dock
        self._say = say
        self.armed = False

    def unlock(self, slot: int) -> None:
        if self.armed:
            self._say({"event": "dock_unlocking", "slot": slot})
            threading.Event().wait()
        self._dock.unlock(slot)

    def __getattr__(self, name: str):
        return getattr(self._dock, name)


class Worker:
    def __init__(self, spec: dict[str, Any], out) -> None:
        from kiosk.bootstrap import bootstrap

        self._out = out
        self.services = bootstrap(kiosk_config(spec))
        rentals = self.services.wheelchairs.rentals
        self.dock = HangingDock(rentals.dock, self.say) if rentals.dock is not None else None
        rentals.dock = self.dock

    def say(self, message: dict[str, Any]) -> None:
        self._out.write(json.dumps(message, default=str) + "\n")
        self._out.flush()

    # --- wheelchairs -------------------------------------------------------------------------------

    def op_register(self, chairs: list[str]) -> dict:
        for chair in chairs:
            self.services.wheelchairs.rentals.fleet.register(chair)
        return {"chairs": len(chairs)}

    def op_rent(self, chair: str, patient: str, key: str, mode: str = "on_site", days: int = 0) -> dict:
        started = self.services.wheelchairs.rent(chair, self.services.his.patient(patient), key, mode, days)
        return {"rental": started.rental.id, "state": started.rental.state.value}

    def op_hang_dock(self) -> dict:
        self.dock.armed = True
        return {}

    def op_return(self, chair: str, start_at: float = 0.0) -> dict:
        _sleep_until(start_at)
        done = self.services.wheelchairs.return_chair(chair)
        outcome = done.outcome
        return {"rental": outcome.rental.id, "already_returned": outcome.already_returned,
                "fee_fen": outcome.fee.total_fen, "charge": outcome.charge_id}

    def op_rent_return_loop(self, seconds: float, chairs: list[str], patients: list[str], return_chairs: list[str],
                            start_at: float) -> dict:
        """The benchmark's load: until ``start_at + seconds`` (wall clock), rent one of our free chairs
        (chair i always to patient i; every other rental for home use, which always puts a day's fee
        on the bill) and return one of ``return_chairs`` that is out: the chairs of the kiosk before
        us, so every return happens at another kiosk than its rental, and no two kiosks return the
        same chair. Through the rental service (one transaction per rent or return, audited, the fee
        posted to the hospital system), without the desk's slip and receipt printing. An operation
        that raises is counted by its error, never hidden."""
        from kiosk.wheelchair.fleet import ChairState
        from kiosk.wheelchair.pricing import RentalMode
        from kiosk.wheelchair.records import RentalRefused

        rentals = self.services.wheelchairs.rentals
        fleet = rentals.fleet
        patient_of = {chair: self.services.his.patient(patient) for chair, patient in zip(chairs, patients)}
        mine, theirs = set(chairs), set(return_chairs)
        _sleep_until(start_at)
        deadline = start_at + seconds
        cpu_before = time.process_time()  # the whole kiosk process: its service threads count too
        ops = refused = already = cycle = 0
        errors: collections.Counter[str] = collections.Counter()
        rented: list[str] = []
        free: list[str] = []
        out: list[str] = []
        while time.time() < deadline:
            cycle += 1
            if not free:  # only we rent our chairs: what is free stays free until we rent it
                free = [c.chair_id for c in fleet.chairs(ChairState.AVAILABLE) if c.chair_id in mine]
            if not out:  # only we return theirs: what is out stays out until we return it
                out = [c.chair_id for state in (ChairState.RENTED, ChairState.HOME_USE)
                       for c in fleet.chairs(state) if c.chair_id in theirs]
            if free:
                chair, home = free.pop(0), cycle % 2 == 1
                try:
                    rental = rentals.rent(chair, patient_of[chair], f"bench:{rentals.kiosk_id}:{cycle}",
                                          RentalMode.HOME_USE if home else RentalMode.ON_SITE, 1 if home else 0)
                    rented.append(rental.id)
                    ops += 1
                except RentalRefused:
                    refused += 1
                except Exception as error:
                    errors[f"rent: {type(error).__name__}"] += 1
            if out:
                try:
                    if rentals.return_chair(out.pop(0)).already_returned:
                        already += 1
                    else:
                        ops += 1
                except Exception as error:
                    errors[f"return: {type(error).__name__}"] += 1
        return {"ops": ops, "refused": refused, "already_returned": already, "errors": dict(errors),
                "rented": rented, "elapsed_s": time.time() - start_at, "cpu_s": time.process_time() - cpu_before}

    # --- check-in and faces ------------------------------------------------------------------------

    def op_checkin(self, patient: str, appointment: str) -> dict:
        result = self.services.checkin.check_in(patient, appointment)
        return {"number": result.ticket.number, "printed": result.printed}

    def op_checkin_many(self, pairs: list[list[str]], start_at: float, seconds: float = 0.0) -> dict:
        """Check in each (patient, appointment) from ``start_at`` (wall clock) on, until done or
        ``seconds`` have passed (0: no limit); failures are counted by their kind, never hidden."""
        _sleep_until(start_at)
        numbers, failures = {}, {}
        for patient, appointment in pairs:
            if seconds and time.time() >= start_at + seconds:
                break
            try:
                numbers[appointment] = self.services.checkin.check_in(patient, appointment).ticket.number
            except Exception as error:  # counted and named: a duplicate key here is what the test looks for
                failures[appointment] = f"{type(error).__name__}: {error}"[:300]
        return {"numbers": numbers, "failures": failures, "elapsed_s": time.time() - start_at}

    def op_enrol(self, patient: str, templates: list[list[float]]) -> dict:
        faces = self.services.faces
        faces.record_consent(patient, "self_service", identified_by="id_card")
        return {"templates": faces.enrol(patient, [np.asarray(t, dtype=np.float32) for t in templates])}

    def op_identify(self, frames: list[list[float]]) -> dict:
        """The kiosk's decision rule over these encoded frames: who it would accept, or None."""
        from kiosk.face.decision import IdentificationAttempt

        faces = self.services.faces
        attempt = IdentificationAttempt(faces.settings)
        for frame in frames:
            attempt.add(faces.gallery.search(np.asarray(frame, dtype=np.float32)))
        return {"patient": attempt.identity, "verdict": attempt.verdict.value, "enrolled": faces.enrolled_people}

    def op_withdraw(self, patient: str) -> dict:
        return {"removed": self.services.faces.withdraw(patient)}

    # --- payments ----------------------------------------------------------------------------------

    def op_open_bill(self, patient: str) -> dict:
        intent = self.services.payments.service.open_bill(patient)
        return {"intent": intent.id, "due_fen": intent.due_fen, "state": intent.state.value}

    def op_start_qr(self, intent: str) -> dict:
        attempt = self.services.payments.service.start_qr(intent)
        return {"out_trade_no": attempt.out_trade_no, "amount_fen": attempt.amount_fen}

    def op_check_attempt(self, out_trade_no: str) -> dict:
        attempt = self.services.payments.service.check_attempt(out_trade_no, ask_gateway=True)
        return {"state": attempt.state.value}

    def op_intent(self, intent: str) -> dict:
        return {"state": self.services.payments.service.intent(intent).state.value}

    def op_recover(self) -> dict:
        return {"done": self.services.payments.service.recover()}

    def run(self, lines) -> None:
        self.say({"ready": True, "kiosk": self.services.config.kiosk_id, "pid": os.getpid()})
        for line in lines:
            if not line.strip():
                continue
            command = json.loads(line)
            op = command.pop("op")
            if op == "quit":
                break
            try:
                reply = {"ok": True, **getattr(self, f"op_{op}")(**command)}
            except Exception as error:
                traceback.print_exc(file=sys.stderr)
                reply = {"ok": False, "kind": type(error).__name__, "error": str(error)[:500]}
            self.say(reply)
        self.services.close()


def _sleep_until(at: float) -> None:
    time.sleep(max(0.0, at - time.time()))


def main() -> int:
    out = sys.stdout
    sys.stdout = sys.stderr  # replies alone on the real stdout
    spec = json.loads(sys.argv[1])
    try:
        worker = Worker(spec, out)
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        out.write(json.dumps({"ready": False, "kind": type(error).__name__, "error": str(error)[:500]}) + "\n")
        out.flush()
        return 1
    worker.run(sys.stdin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
