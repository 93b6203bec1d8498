"""``onevisit --check`` as an installer runs it: one line per part, non-zero on any failure, one instance."""
from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.config import SCHEMA
from kiosk.ops.instance_lock import InstanceLock

ROOT = Path(__file__).resolve().parents[2]
PARTS = ["config", "database", "camera", "receipt_printer", "document_printer", "scanner", "dock", "speaker",
         "id_card_reader", "hospital_system", "payment_gateway", "face_key", "label_key"]


def onevisit(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd=ROOT)


def config_file(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = (ROOT / "assets" / "demo" / "kiosk.toml").read_text(encoding="utf-8")
    if any('mode = "production"' in new for _, new in replacements):  # the sandbox is demo-only
        replacements += (('wechat = "sandbox"', 'wechat = "off"'),)
    for old, new in (("~/.local/state/onevisit/demo.db", str(tmp_path / "data" / "kiosk.db")),
                     ("~/.local/state/onevisit/wheelchair-label.key", str(tmp_path / "keys" / "label.key")),
                     ("~/.local/state/onevisit/face.key", str(tmp_path / "keys" / "face.key")), *replacements):
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def lines_by_part(stdout: str) -> dict[str, tuple[str, str]]:
    parts = {}
    for line in stdout.strip().splitlines():
        name, status, detail = (line.split(None, 2) + [""])[:3]
        parts[name] = (status, detail)
    return parts


def test_a_healthy_demo_kiosk_passes_every_line(tmp_path):
    result = onevisit("--config", str(config_file(tmp_path)), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    parts = lines_by_part(result.stdout)
    assert list(parts) == PARTS
    assert all(status == "ok" for status, _ in parts.values())
    assert "signed answer" in parts["payment_gateway"][1]
    assert "Traceback" not in result.stderr


def test_a_device_at_fault_fails_the_check(tmp_path):
    result = onevisit("--config", str(config_file(tmp_path, ('dock = "sim:?slots=6', 'dock = "sim:?fail=fault&slots=6'))),
                      "--check")
    assert result.returncode == 1
    parts = lines_by_part(result.stdout)
    assert parts["dock"][0] == "FAIL" and "fault" in parts["dock"][1]
    assert parts["camera"][0] == "ok"


class UnsignedGateway(http.server.BaseHTTPRequestHandler):
    """A gateway that answers, but without a signature (what Alipay does for a wrong app id)."""

    def _reply(self) -> None:
        body = json.dumps({"alipay_trade_query_response": {"code": "40002", "msg": "Invalid Arguments",
                                                           "sub_code": "isv.invalid-app-id"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _reply

    def log_message(self, *args) -> None:
        return


@pytest.fixture
def unsigned_gateway():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), UnsignedGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/gateway.do"
    server.shutdown()
    server.server_close()


def rsa_pair(folder: Path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private, public = folder / "app-private.pem", folder / "gateway-public.pem"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                          serialization.NoEncryption()))
    private.chmod(0o600)
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def test_production_check_asks_the_gateway_and_fails_on_an_unsigned_answer(tmp_path, unsigned_gateway):
    private, public = rsa_pair(tmp_path)
    path = config_file(tmp_path, ('mode = "demo"', 'mode = "production"'),
                       ('his = "demo:"', 'his = "fhir+http://127.0.0.1:9/fhir"'),
                       ('gateway = "sandbox"', f'gateway = "{unsigned_gateway}"\napp_private_key_file = "{private}"\n'
                                               f'gateway_public_key_file = "{public}"\n'
                                               'notify_url = "https://pay.hospital.example/notify/alipay"'))
    result = onevisit("--config", str(path), "--check")
    assert result.returncode == 2 and "face_key_file" in result.stderr and "onevisit keys init" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert onevisit("keys", "init", "--config", str(path)).returncode == 0

    result = onevisit("--config", str(path), "--check")
    assert result.returncode == 1, result.stdout + result.stderr
    parts = lines_by_part(result.stdout)
    assert parts["payment_gateway"][0] == "FAIL"
    assert "check payment.app_id" in parts["payment_gateway"][1]  # the unsigned 40002, named in plain words
    assert parts["face_key"][0] == parts["label_key"][0] == parts["database"][0] == "ok"


def test_a_second_instance_says_so_in_one_line(tmp_path):
    path = config_file(tmp_path)
    (tmp_path / "data").mkdir()
    with InstanceLock(tmp_path / "data" / "kiosk.db"):
        result = onevisit("--config", str(path), "--check")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "already running" in result.stderr and f"process {os.getpid()}" in result.stderr


@pytest.mark.parametrize("what", ["face key is a FIFO", "label key is /dev/zero", "database is a FIFO",
                                  "config is a FIFO"])
def test_special_files_in_the_config_end_in_one_line_not_a_hang(tmp_path, what):
    (tmp_path / "keys").mkdir(mode=0o700)
    (tmp_path / "data").mkdir(mode=0o700)
    live = [('mode = "demo"', 'mode = "production"'), ('gateway = "sandbox"', 'gateway = "off"')]
    if "hospital.his" in SCHEMA:  # where the config names the hospital system, production needs a real one
        live.append(('his = "demo:"', 'his = "fhir+http://127.0.0.1:9/fhir"'))
    path = config_file(tmp_path, *live)
    assert onevisit("keys", "init", "--config", str(path)).returncode == 0
    target = path
    if what == "face key is a FIFO":
        (tmp_path / "keys" / "face.key").unlink()
        os.mkfifo(tmp_path / "keys" / "face.key", 0o600)
    elif what == "label key is /dev/zero":
        path.write_text(path.read_text(encoding="utf-8").replace(str(tmp_path / "keys" / "label.key"), "/dev/zero"),
                        encoding="utf-8")
    elif what == "database is a FIFO":
        os.mkfifo(tmp_path / "data" / "kiosk.db", 0o600)
    else:
        target = tmp_path / "fifo.toml"
        os.mkfifo(target, 0o600)
    result = onevisit("--config", str(target), "--check")  # run() has a timeout: a hang fails the test
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr or "not a database file" in result.stderr
