"""Starts and stops the test FHIR server (``server.mjs``: Medplum's FHIR router, in-memory) for tests and benchmarks.

``FhirServer.start()`` raises ``FhirServerUnavailable`` with the reason (no Node.js, ``npm ci`` not run)
so a test can skip with it. Node 20 needs ``--experimental-websocket`` for the Medplum packages; newer
Node accepts the flag as well.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import urllib.request
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
LOCAL_NODE = FOLDER.parents[1] / ".venv" / "node" / "bin" / "node"  # where make setup puts Node.js when missing
START_TIMEOUT_S = 60.0


class FhirServerUnavailable(RuntimeError):
    """Node.js or the pinned npm packages are missing."""


class FhirServer:
    def __init__(self, token: str = "") -> None:
        self.token = token
        self.port = 0
        self._process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/fhir"

    def start(self) -> "FhirServer":
        node = str(LOCAL_NODE) if LOCAL_NODE.exists() else shutil.which("node")
        if node is None:
            raise FhirServerUnavailable("Node.js is not installed (make setup installs it)")
        if not (FOLDER / "node_modules" / "@medplum" / "fhir-router").is_dir():
            raise FhirServerUnavailable(f"the FHIR server's npm packages are missing; run 'npm ci' in {FOLDER}")
        env = {**os.environ, "FHIR_TOKEN": self.token}
        self._process = subprocess.Popen([node, "--experimental-websocket", "server.mjs", "0"], cwd=FOLDER, env=env,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self._process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        if not line or not line[0].startswith("listening "):
            self.stop()
            raise FhirServerUnavailable(f"the FHIR server did not start within {START_TIMEOUT_S:.0f} s")
        self.port = int(line[0].split()[1])
        return self

    def control(self, action: str, **params: int) -> dict:
        """Fault injection: ``outage(requests=N)``, ``delay(ms=M)``; ``stats()``."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/control/{action}?{query}", method="POST")
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            for stream in (self._process.stdout, self._process.stderr):
                stream.close()
            self._process = None
