"""A short chaos run: kiosk worker processes killed at random points against the real sandbox with
faults (payments taken after a cancel, refunds confirmed late); afterwards nothing is charged twice,
nothing is lost or unrecorded, every refund is confirmed and the ledger balances to the fen."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_killed_and_restarted_kiosks_pay_every_bill_at_most_once():
    finished = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "payment_chaos.py"), "--runs", "4",
                               "--seed", "5"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert finished.returncode == 0, finished.stderr[-2000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["chaos_runs"] == 4
    assert result["double_charges"] == 0
    assert result["lost_payments"] == 0
    assert result["ledger_diff_fen"] == 0
    assert result["cancelled_paid_unrefunded"] == 0
    assert result["insurance_confirmed_unpaid"] == 0
    assert result["paid_unrecorded"] == 0
    assert result["refunds_unconfirmed"] == 0
    assert result["gateway_orders"] > 0
