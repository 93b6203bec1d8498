"""The FHIR adapter authenticates with a bearer token read from a file (fhir.token_file), and a refused
token is a plain one-line problem naming the key, not a retry storm or a traceback."""
from __future__ import annotations

import pytest

from kiosk.clock import FixedClock
from kiosk.his.fhir.adapter import FhirHospital
from kiosk.his.fhir.client import FhirClient, FhirRefused
from kiosk.his.fhir.demo_load import load_demo_hospital
from kiosk.his.port import HisError

from fhir_server.process import FhirServer, FhirServerUnavailable

ID_SYSTEM = "urn:oid:1.2.156.112604.1.1"
TOKEN = "kiosk-DEMO-LOBBY-1-7f3c9a"


@pytest.fixture(scope="module")
def server():
    process = FhirServer(token=TOKEN)
    try:
        process.start()
    except FhirServerUnavailable as reason:
        pytest.skip(str(reason))
    yield process
    process.stop()


def token_file(tmp_path, text):
    path = tmp_path / "fhir.token"
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def test_the_token_from_the_file_opens_the_hospital(server, tmp_path):
    client = FhirClient(server.base_url, token_file=token_file(tmp_path, TOKEN))
    clock = FixedClock.at_local(2026, 11, 22, 9, 0)
    load_demo_hospital(client, clock.today(), ID_SYSTEM)
    assert FhirHospital(client, clock, ID_SYSTEM).patient("DEMO-001").name == "张建华"


def test_a_wrong_token_is_refused_at_once_naming_the_key(server, tmp_path):
    client = FhirClient(server.base_url, token_file=token_file(tmp_path, "stale-token"))
    before = server.control("stats")["refused"]
    with pytest.raises(FhirRefused, match="check fhir.token_file") as refused:
        client.read("Patient", "DEMO-001")
    assert refused.value.status == 401 and "\n" not in str(refused.value)
    assert server.control("stats")["refused"] == before + 1  # asked once: a refusal is not retried


def test_an_unreadable_token_file_says_which_key(tmp_path):
    client = FhirClient("http://127.0.0.1:9/fhir", token_file=tmp_path / "missing.token")
    with pytest.raises(HisError, match="fhir.token_file"):
        client.read("Patient", "DEMO-001")
