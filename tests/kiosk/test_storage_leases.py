"""Job leases: one kiosk at a time runs a hospital-wide job; a lease runs out, renews, and is released.

Runs on the engine the suite uses (ONEVISIT_TEST_ENGINE): SQLite files or a shared PostgreSQL."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from kiosk.clock import FixedClock
from kiosk.storage import open_database
from kiosk.storage.leases import holder, release, take

NOW = FixedClock.at_local(2026, 11, 22, 2, 30).now()


def test_a_free_lease_is_taken_and_another_kiosk_is_refused_until_it_runs_out(db):
    assert take(db, "reconciliation", "kiosk-A", 60, NOW)
    assert not take(db, "reconciliation", "kiosk-B", 60, NOW + timedelta(seconds=59))
    assert holder(db, "reconciliation", NOW + timedelta(seconds=59)) == "kiosk-A"
    assert holder(db, "reconciliation", NOW + timedelta(seconds=60)) is None
    assert take(db, "reconciliation", "kiosk-B", 60, NOW + timedelta(seconds=60))  # A's ran out: B takes over
    assert holder(db, "reconciliation", NOW + timedelta(seconds=61)) == "kiosk-B"
    assert db.execute("SELECT count(*) FROM job_leases").fetchone()[0] == 1


def test_the_holder_renews_its_own_lease_and_other_jobs_have_their_own(db):
    assert take(db, "reconciliation", "kiosk-A", 60, NOW)
    assert take(db, "reconciliation", "kiosk-A", 60, NOW + timedelta(seconds=50))  # renewed to 110 s
    assert not take(db, "reconciliation", "kiosk-B", 60, NOW + timedelta(seconds=100))
    assert take(db, "wheelchair-reminders", "kiosk-B", 60, NOW + timedelta(seconds=100))
    assert holder(db, "reconciliation", NOW + timedelta(seconds=109)) == "kiosk-A"


def test_release_frees_it_at_once_but_only_for_its_holder(db):
    assert take(db, "reconciliation", "kiosk-A", 600, NOW)
    release(db, "reconciliation", "kiosk-B")  # not B's: nothing happens
    assert not take(db, "reconciliation", "kiosk-B", 600, NOW)
    release(db, "reconciliation", "kiosk-A")
    assert holder(db, "reconciliation", NOW) is None
    assert take(db, "reconciliation", "kiosk-B", 600, NOW)


def test_a_lease_needs_a_positive_duration(db):
    with pytest.raises(ValueError, match="positive"):
        take(db, "reconciliation", "kiosk-A", 0, NOW)


def test_kiosks_asking_at_the_same_moment_on_their_own_connections_get_one_holder(db_path):
    """Eight kiosks (eight connections to one database) race for a free lease, 20 rounds: one wins each."""
    kiosks = [f"kiosk-{n}" for n in range(8)]
    connections = [open_database(db_path, kiosk_id=kiosk) for kiosk in kiosks]
    try:
        for round_number in range(20):
            at = NOW + timedelta(minutes=10 * round_number)  # every earlier lease has run out
            start = threading.Barrier(len(kiosks))
            won: list[str] = []

            def race(kiosk: str, database) -> None:
                start.wait()
                if take(database, "reconciliation", kiosk, 300, at):
                    won.append(kiosk)

            threads = [threading.Thread(target=race, args=pair) for pair in zip(kiosks, connections)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(won) == 1, f"round {round_number}: {won}"
            assert holder(connections[0], "reconciliation", at) == won[0]
    finally:
        for connection in connections:
            connection.close()
