"""The Prometheus endpoint, scraped over HTTP as Prometheus would, while the kiosk works."""
from __future__ import annotations

import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.ops.metrics import MetricsEndpoint, MetricsError
from tests.conftest import TEST_ENGINE

ID_NUMBER = "330102195001011236"


def scrape(endpoint: MetricsEndpoint) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(endpoint.url, timeout=10) as reply:
        assert reply.status == 200
        text = reply.read().decode()
    assert ID_NUMBER not in text and "张建华" not in text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


@pytest.fixture
def endpoint(services):
    running = MetricsEndpoint(services, "127.0.0.1:0")
    yield running
    running.stop()


def test_scraping_the_kiosk_over_http(services, endpoint):
    before = scrape(endpoint)
    assert before[("onevisit_info", (("kiosk", "DEMO-LOBBY-1"), ("mode", "demo")))] == 1
    assert before[("onevisit_device_up", (("kind", "dock"),))] == 1
    assert before[("onevisit_wheelchairs", (("state", "available"),))] == 4
    assert before[("onevisit_payments_in_flight", ())] == 0
    assert before[("onevisit_payment_attempts_failed_total", ())] == 0
    assert before[("onevisit_checkins_total", ())] == 0
    assert ("onevisit_receipt_paper_tickets_left", ()) not in before  # no roll change recorded: unknown

    services.maintenance.paper_roll.record_new_roll("staff:1001")
    patient = services.finder.by_id_number(ID_NUMBER).patient
    visit = services.checkin.visit_today(patient.id)
    services.checkin.check_in(patient.id, visit.open_appointments[0].appointment.id)
    services.request_help("home")
    services.faces.start_attempt(time.monotonic())
    services.devices.device("dock").inject(fail="fault")
    services.devices.poll()

    after = scrape(endpoint)
    assert after[("onevisit_checkins_total", ())] == 1
    assert after[("onevisit_help_calls_total", ())] == 1
    assert after[("onevisit_face_attempts_total", (("outcome", "started"),))] == 1
    assert after[("onevisit_device_up", (("kind", "dock"),))] == 0
    assert after[("onevisit_device_health", (("kind", "dock"), ("state", "fault")))] == 1
    assert after[("onevisit_device_up", (("kind", "camera"),))] == 1
    tickets = after[("onevisit_receipt_paper_tickets_left", ())]
    assert 0 < tickets < 2000  # an 80 m roll less one ticket, in tickets
    last_write = after[("onevisit_database_last_write_timestamp_seconds", ())]
    assert last_write >= before[("onevisit_database_last_write_timestamp_seconds", ())]
    assert abs(last_write - time.time()) < 3600


@pytest.mark.skipif(TEST_ENGINE != "postgresql", reason="the outbox exists on the hospital's PostgreSQL only")
def test_the_outbox_and_the_database_state_are_scraped(services, endpoint):
    assert services.outbox is not None
    before = scrape(endpoint)
    assert before[("onevisit_database_up", ())] == 1
    assert before[("onevisit_outbox_rows", (("state", "waiting"),))] == 0
    assert before[("onevisit_outbox_rows", (("state", "held"),))] == 0
    assert ("onevisit_outbox_oldest_waiting_timestamp_seconds", ()) not in before

    services.outbox.put("audit", {"kiosk_id": "DEMO-LOBBY-1", "at_utc": "2026-12-06T01:00:00.000000Z",
                                  "actor": "kiosk", "action": "metrics.test", "detail": {}}, "a test row")
    after = scrape(endpoint)
    assert after[("onevisit_outbox_rows", (("state", "waiting"),))] == 1
    assert abs(after[("onevisit_outbox_oldest_waiting_timestamp_seconds", ())] - services.clock.now().timestamp()) < 60


def test_an_address_in_use_is_one_plain_line(services, endpoint):
    with pytest.raises(MetricsError, match="cannot listen there"):
        MetricsEndpoint(services, f"127.0.0.1:{endpoint.port}")
