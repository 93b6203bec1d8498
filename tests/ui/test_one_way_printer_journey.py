"""Issue 18.5: an ``escpos+file:`` printer cannot report its state; patients are not shown a red
"printer not working" banner for that, while maintenance still sees "unknown" — and it prints."""
from __future__ import annotations

from dataclasses import replace

import pytest

from devices.base import HealthState
from devices.simulators.escpos_readback import read_escpos
from kiosk.bootstrap import bootstrap
from kiosk.printing.samples import sample_ticket


@pytest.fixture
def services(kiosk_config, tmp_path):
    devices = dict(kiosk_config.devices, receipt_printer=f"escpos+file://{tmp_path / 'lp0'}")
    built = bootstrap(replace(kiosk_config, devices=devices))
    yield built
    built.close()


def test_a_one_way_printer_prints_without_a_red_banner(window, services, tmp_path):
    health = services.devices.last_healths()["receipt_printer"]
    assert health.state is HealthState.UNKNOWN  # the truth, for maintenance
    window._show_health(services.devices.poll())
    assert not window.fault_banner.isVisible() and "打印" not in window.fault_banner.text()
    outcome = services.printing.print_receipt(sample_ticket(), key="ticket:one-way")
    assert outcome.printed and read_escpos((tmp_path / "lp0").read_bytes()).cuts == 1
    services.devices.device("scanner").inject(fail="fault")  # a real fault still shows
    window._show_health(services.devices.poll())
    assert window.fault_banner.isVisible() and "扫码" in window.fault_banner.text()
