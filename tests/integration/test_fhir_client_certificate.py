"""The FHIR client over HTTPS with a client certificate (mutual TLS) and the hospital's own CA, against a
real TLS server on 127.0.0.1 that requires the certificate; certificates made here with ``cryptography``."""
from __future__ import annotations

import datetime
import http.server
import ipaddress
import json
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.his.fhir.client import FhirClient
from kiosk.his.port import HisError, HisUnavailable


def _certificate(subject: str, issuer_key, issuer_name, key, ca: bool = False, san: str | None = None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(san))]),
                                        critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path, key, cert):
    path.with_suffix(".key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                           serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    path.with_suffix(".pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path.with_suffix(".pem"), path.with_suffix(".key")


@pytest.fixture
def pki(tmp_path):
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Hospital test CA")])
    ca = _certificate("Hospital test CA", ca_key, ca_name, ca_key, ca=True)
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    made = {"ca": tmp_path / "ca.pem"}
    for name, san in (("server", "127.0.0.1"), ("kiosk", None)):
        key = ec.generate_private_key(ec.SECP256R1())
        made[name] = _write(tmp_path / name, key, _certificate(name, ca_key, ca_name, key, san=san))
    return made


@pytest.fixture
def https_server(pki):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            peer = self.connection.getpeercert()["subject"][0][0][1]
            body = json.dumps({"resourceType": "Patient", "id": "DEMO-001", "text": {"div": peer}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki["ca"]))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(*map(str, pki["server"]))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/fhir"
    server.shutdown()
    server.server_close()


def test_the_client_certificate_opens_the_hospital_system(https_server, pki):
    cert, key = pki["kiosk"]
    client = FhirClient(https_server, client_cert_file=cert, client_key_file=key, ca_file=pki["ca"])
    answer = client.read("Patient", "DEMO-001")
    assert answer.body["text"]["div"] == "kiosk"  # the server saw the kiosk's certificate
    client.close()


def test_without_the_certificate_the_server_refuses_and_the_kiosk_says_it_cannot_reach_it(https_server, pki):
    client = FhirClient(https_server, timeout_s=2.0, ca_file=pki["ca"])
    with pytest.raises(HisUnavailable):
        client.read("Patient", "DEMO-001")


def test_a_broken_certificate_file_names_the_keys(pki, tmp_path):
    (tmp_path / "broken.pem").write_text("not a certificate")
    with pytest.raises(HisError, match="fhir.client_cert_file"):
        FhirClient("https://127.0.0.1:1/fhir", client_cert_file=tmp_path / "broken.pem", ca_file=pki["ca"])
