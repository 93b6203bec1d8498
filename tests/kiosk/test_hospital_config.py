"""The hospital's systems in the config: adapters by scheme, production without demo data, links per hospital."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.adapters import AdapterContext, AdapterNotFound, open_adapter, register_adapter, unregister_adapter
from kiosk.bootstrap import bootstrap
from kiosk.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = ROOT / "assets" / "demo" / "kiosk.toml"


def production_toml(tmp_path, hospital_lines: str = "") -> str:
    """The demo config made a production kiosk (payment off), with extra [hospital] lines."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = text.replace('mode = "demo"', 'mode = "production"').replace('gateway = "sandbox"', 'gateway = "off"')
    text = text.replace('wechat = "sandbox"', 'wechat = "off"')
    text = text.replace('his = "demo:"\n', "")
    text = text.replace("[hospital]\n", "[hospital]\n" + hospital_lines)
    path = tmp_path / "kiosk.toml"
    path.write_text(text.replace('"~/.local/state/onevisit/', f'"{tmp_path}/'), encoding="utf-8")
    return str(path)


def test_production_without_a_hospital_system_stops_naming_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"hospital\.his is missing") as error:
        load_config(production_toml(tmp_path))
    assert "\n" not in str(error.value)


def test_onevisit_check_exits_2_with_one_line_when_the_hospital_system_is_missing(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kiosk", "--check", "--config", production_toml(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "hospital.his is missing" in result.stderr


def test_the_demo_hospital_is_refused_in_production(tmp_path):
    with pytest.raises(ConfigError, match='hospital.his = "demo:" is the demo hospital'):
        load_config(production_toml(tmp_path, 'his = "demo:"\n'))


def test_an_unknown_scheme_names_the_key_and_the_known_ones(kiosk_config):
    with pytest.raises(AdapterNotFound, match=r"hospital\.his = 'hl7v2://x'.*demo:.*fhir\+https:"):
        bootstrap(replace(kiosk_config, systems=replace(kiosk_config.systems, his="hl7v2://x")))


def test_typed_sections_replace_the_dicts(tmp_path):
    config = load_config(production_toml(tmp_path, 'his = "fhir+https://his.example.cn/fhir"\n'
                                                   'queue_status_url = "https://his.example.cn/q/{number}-{token}"\n'))
    assert config.payment.gateway == "off" and config.payment.qr_timeout_s == 120
    assert config.payment.reconcile_at == "02:30" and config.payment.app_private_key_file is None
    assert config.wheelchair.terms.deposit_fen == 19800 and config.wheelchair.pickup_timeout_s == 60
    assert config.systems.his == "fhir+https://his.example.cn/fhir" and config.systems.billing_address == config.systems.his
    assert config.systems.invoice_verify_url == "" and config.fhir.timeout_s == 5.0


@pytest.mark.parametrize("line", ['queue_status_url = "https://his.example.cn/q/A001"',
                                  'queue_status_url = "https://his.example.cn/q/{number}/{patient}"',
                                  'invoice_verify_url = "ftp://x/{number}"'])
def test_a_wrong_link_template_stops_with_one_line(tmp_path, line):
    with pytest.raises(ConfigError, match=r"hospital\.(queue_status_url|invoice_verify_url)"):
        load_config(production_toml(tmp_path, f'his = "fhir+https://h.example.cn/fhir"\n{line}\n'))


def test_a_registered_adapter_is_opened_by_its_scheme(kiosk_config, tmp_path):
    opened = []

    def factory(address, context):
        opened.append((address, context.config.kiosk_id))
        return "an adapter"

    register_adapter("insurance", "acme", factory)
    try:
        context = AdapterContext(kiosk_config, None, None)
        assert open_adapter("insurance", "acme://platform", context) == "an adapter"
        assert opened == [("acme://platform", kiosk_config.kiosk_id)]
    finally:
        unregister_adapter("insurance", "acme")


def test_without_a_queue_status_page_the_ticket_has_no_qr(services):
    appointment = services.checkin.visit_today("DEMO-001").appointments[0].appointment
    result = services.checkin.check_in("DEMO-001", appointment.id)
    assert result.ticket.status_url == ""
    assert b"ov.example" not in services.devices.device("receipt_printer").jobs[0].data
    assert b"\x1d(k" not in services.devices.device("receipt_printer").jobs[0].data  # no native QR command


def test_with_a_queue_status_page_the_ticket_links_to_it(kiosk_config):
    template = "https://his.example.cn/q/{number}-{token}"
    built = bootstrap(replace(kiosk_config, systems=replace(kiosk_config.systems, queue_status_url=template)))
    try:
        appointment = built.checkin.visit_today("DEMO-001").appointments[0].appointment
        result = built.checkin.check_in("DEMO-001", appointment.id)
        assert result.ticket.status_url.startswith(f"https://his.example.cn/q/{result.ticket.number}-")
        assert result.ticket.status_url.encode() in built.devices.device("receipt_printer").jobs[0].data
    finally:
        built.close()


def test_a_production_kiosk_gets_no_demo_patients(production_config):
    from kiosk.face.templates import load_or_create_key
    from kiosk.wheelchair.labels import load_label_key

    load_label_key(production_config.wheelchair_label_key_file, create=True)  # the hospital's keys, installed beforehand
    load_or_create_key(production_config.face_key_file)
    built = bootstrap(production_config)
    try:
        assert built.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
        assert type(built.his).__name__ == "FhirHospital"
    finally:
        built.close()


@pytest.mark.parametrize("his", ["fhir+https://", "fhir+http:///fhir"])
def test_a_fhir_address_that_cannot_work_stops_with_one_line(kiosk_config, his):
    with pytest.raises(ConfigError, match=r"hospital\.his = .*not an http\(s\) FHIR base address") as error:
        bootstrap(replace(kiosk_config, systems=replace(kiosk_config.systems, his=his)))
    assert "\n" not in str(error.value)


def test_an_invoice_without_a_verification_page_prints_no_qr_and_its_pdf_no_link():
    from datetime import datetime, timezone

    from kiosk.his.port import ItemClass
    from kiosk.printing.blocks import QrCode
    from kiosk.printing.invoice import Invoice, InvoiceLine, invoice_html
    from kiosk.printing.layouts import Hospital, invoice_summary

    hospital = Hospital("医院", "Hospital")
    invoice = Invoice(hospital, "张建华", "330102195001011236", (InvoiceLine(ItemClass.EXAMINATION, "心电图", "ECG", 2500),),
                      0, 0, 2500, "33261122000001", "A1B2C3", "", datetime(2026, 11, 22, 1, tzinfo=timezone.utc))
    assert not [b for b in invoice_summary(hospital, invoice).blocks if isinstance(b, QrCode)]
    assert "verify-qr.png" not in invoice_html(invoice) and "ov.example" not in invoice_html(invoice)
    linked = replace(invoice, verification_url="https://his.example.cn/v/33261122000001-A1B2C3")
    assert [b.payload for b in invoice_summary(hospital, linked).blocks if isinstance(b, QrCode)] == [
        linked.verification_url]
