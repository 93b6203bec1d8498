"""Wheelchairs across kiosk processes on one PostgreSQL: rent at one kiosk, return at another, and a
kiosk killed (SIGKILL) in the middle of a rental loses nothing once it starts again."""
from __future__ import annotations

import threading
import time




def rental_row(db, rental_id: str) -> dict:
    columns = ("id", "kiosk_id", "return_kiosk_id", "state", "fee_fen", "charge_id", "end_reason")
    row = db.execute(f"SELECT {', '.join(columns)} FROM wheelchair_rentals WHERE id = ?", (rental_id,)).fetchone()
    return dict(zip(columns, row)) if row else {}


def chair_state(db, chair_id: str) -> str:
    return db.execute("SELECT state FROM wheelchairs WHERE chair_id = ?", (chair_id,)).fetchone()[0]


def charges_of(db, rental_id: str) -> list[tuple]:
    return db.execute("SELECT id, amount_fen, status FROM charges WHERE id = ?", (f"WC-{rental_id}",)).fetchall()


def test_a_chair_rented_in_the_east_lobby_is_returned_in_the_west_lobby(start_kiosk, hospital_db):
    east, west = start_kiosk("EAST-1"), start_kiosk("WEST-1")
    east.ok("register", chairs=["WC-101"])
    rented = east.ok("rent", chair="WC-101", patient="DEMO-001", key="rent:s1:WC-101", mode="home_use", days=1)
    assert rented["state"] == "active"
    assert west.call("rent", chair="WC-101", patient="DEMO-002", key="rent:s2:WC-101")["kind"] == "RentalRefused"

    returned = west.ok("return", chair="WC-101")
    assert (returned["rental"], returned["already_returned"], returned["fee_fen"]) == (rented["rental"], False, 1000)
    row = rental_row(hospital_db, rented["rental"])
    assert (row["kiosk_id"], row["return_kiosk_id"], row["state"], row["fee_fen"]) == ("EAST-1", "WEST-1", "returned", 1000)
    assert charges_of(hospital_db, rented["rental"]) == [(f"WC-{rented['rental']}", 1000, "unpaid")]
    assert chair_state(hospital_db, "WC-101") == "available"

    again = east.ok("return", chair="WC-101")  # the slip scanned once more, back at the first kiosk
    assert again["already_returned"] and len(charges_of(hospital_db, rented["rental"])) == 1


def test_a_kiosk_killed_while_its_dock_unlocks_cancels_that_rental_on_restart_and_loses_no_other(start_kiosk, hospital_db):
    east = start_kiosk("EAST-1", dock="sim:?slots=4&chairs=WC-201,WC-202")
    west = start_kiosk("WEST-1")
    east.ok("register", chairs=["WC-203"])
    handed_over = east.ok("rent", chair="WC-203", patient="DEMO-002", key="rent:s1:WC-203")  # not docked: out at once

    east.ok("hang_dock")
    east.send("rent", chair="WC-201", patient="DEMO-001", key="rent:s2:WC-201")
    east.wait_for_event("dock_unlocking")
    east.kill()  # power lost between "rental written, unlock pending" and the dock's answer
    waiting = hospital_db.execute("SELECT id, state FROM wheelchair_rentals WHERE chair_id = 'WC-201'").fetchall()
    assert [state for _, state in waiting] == ["awaiting_pickup"]
    assert hospital_db.execute("SELECT state FROM dock_commands WHERE rental_id = ?", (waiting[0][0],)).fetchall() == [("pending",)]

    east.start()  # start-up recovery: the chair never left its slot, so the rental is cancelled, nothing charged
    cancelled = rental_row(hospital_db, waiting[0][0])
    assert (cancelled["state"], cancelled["end_reason"], cancelled["fee_fen"]) == ("cancelled", "kiosk_restarted", 0)
    assert charges_of(hospital_db, waiting[0][0]) == []
    assert chair_state(hospital_db, "WC-201") == "available"
    assert hospital_db.execute("SELECT state FROM dock_commands WHERE rental_id = ? AND action = 'unlock'",
                               (waiting[0][0],)).fetchall() == [("failed",)]

    # The rental that was out when the kiosk died is still there and can be returned anywhere.
    assert rental_row(hospital_db, handed_over["rental"])["state"] == "active"
    assert west.ok("return", chair="WC-203")["rental"] == handed_over["rental"]
    assert rental_row(hospital_db, handed_over["rental"])["state"] == "returned"
    # And the patient whose rental was cancelled can rent the same chair again.
    assert east.ok("rent", chair="WC-201", patient="DEMO-001", key="rent:s3:WC-201")["state"] == "awaiting_pickup"


def test_one_chair_scanned_at_two_kiosks_at_the_same_moment_is_returned_once(start_kiosk, hospital_db):
    east, west = start_kiosk("EAST-1"), start_kiosk("WEST-1")
    chairs = [f"WC-3{n:02d}" for n in range(10)]
    east.ok("register", chairs=chairs)
    for round_number, chair in enumerate(chairs):
        rented = east.ok("rent", chair=chair, patient="DEMO-001", key=f"rent:race:{round_number}")
        go = time.time() + 0.5
        for kiosk in (east, west):
            kiosk.send("return", chair=chair, start_at=go)
        answers = [kiosk.reply() for kiosk in (east, west)]
        assert all(answer["ok"] for answer in answers), answers
        assert sorted(answer["already_returned"] for answer in answers) == [False, True]
        assert rental_row(hospital_db, rented["rental"])["state"] == "returned"
        assert chair_state(hospital_db, chair) == "available"


def test_kiosks_switched_on_at_the_same_moment_all_start(start_kiosk):
    started, errors = [], []

    def switch_on(name: str) -> None:
        try:
            started.append(start_kiosk(name).kiosk)
        except Exception as error:  # collected: the assertion below names every kiosk that failed
            errors.append(f"{name}: {error}"[:400])

    threads = [threading.Thread(target=switch_on, args=(f"LOBBY-{n}",)) for n in range(1, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(started) == ["LOBBY-1", "LOBBY-2", "LOBBY-3"]
