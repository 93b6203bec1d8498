"""A small FHIR R4 REST client: JSON over HTTP(S) with one kept-alive connection per thread.

Authentication: a bearer token read from a file, or a client certificate (mutual TLS), or both.
Every request has a timeout. Only requests that are safe to repeat are ever repeated (reads,
conditional creates with ``If-None-Exist``, updates with ``If-Match``, transactions made only of
those): the adapter sends nothing else. After the retries a network failure, a timeout or a 5xx is
``HisUnavailable``, whose message is plain words; 4xx answers are ``FhirRefused`` with the server's
own diagnostics for the log.
"""
from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from kiosk.his.port import HisError, HisUnavailable

log = logging.getLogger(__name__)
OUTAGE = "the hospital system cannot be reached right now"  # screens say 医院系统暂时连不上，请到一楼服务台
RETRY_PAUSES_S = (0.2, 0.6)  # two retries of a safe request, then HisUnavailable


class FhirRefused(HisError):
    """The server answered 4xx; ``status`` and the OperationOutcome text say why."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"the hospital system refused the request ({status}): {text}")
        self.status = status


class PreconditionFailed(FhirRefused):
    """412: the resource changed since it was read (another kiosk, a clerk); read it again."""


@dataclass(frozen=True)
class FhirResponse:
    status: int
    body: dict[str, Any]
    etag: str

    @property
    def resources(self) -> list[dict[str, Any]]:
        """The resources of a searchset Bundle (matches and includes)."""
        return [entry["resource"] for entry in self.body.get("entry", []) if "resource" in entry]


class FhirClient:
    def __init__(self, base_url: str, timeout_s: float = 5.0, token_file: Path | None = None,
                 client_cert_file: Path | None = None, client_key_file: Path | None = None,
                 ca_file: Path | None = None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HisError(f"{base_url!r} is not an http(s) FHIR base address")
        self.base_url = base_url.rstrip("/")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._path = parts.path.rstrip("/")
        self._timeout_s = timeout_s
        self._token_file = token_file
        self._context = self._tls_context(client_cert_file, client_key_file, ca_file) if self._https else None
        self._local = threading.local()

    @staticmethod
    def _tls_context(cert: Path | None, key: Path | None, ca: Path | None) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(ca) if ca else None)
        if cert is not None:
            try:
                context.load_cert_chain(str(cert), str(key) if key else None)
            except (OSError, ssl.SSLError) as exc:
                raise HisError(f"the client certificate {cert} cannot be used ({exc}); check fhir.client_cert_file "
                               "and fhir.client_key_file") from None
        return context

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/fhir+json", "Content-Type": "application/fhir+json; charset=utf-8"}
        if self._token_file is not None:
            try:
                token = self._token_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise HisError(f"the FHIR token file {self._token_file} cannot be read ({exc.strerror}); "
                               "check fhir.token_file") from None
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self._https:
                connection = http.client.HTTPSConnection(self._host, self._port, timeout=self._timeout_s,
                                                         context=self._context)
            else:
                connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout_s)
            self._local.connection = connection
        return connection

    def _drop_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def close(self) -> None:
        """Closes this thread's connection (other threads' close with their thread)."""
        self._drop_connection()

    # Interactions -------------------------------------------------------------------------------------

    def read(self, resource_type: str, resource_id: str) -> FhirResponse | None:
        try:
            return self.request("GET", f"{resource_type}/{resource_id}")
        except FhirRefused as exc:
            if exc.status in (404, 410):
                return None
            raise

    def search(self, resource_type: str, **params: str | list[str]) -> FhirResponse:
        query = [(key.replace("__", ":").rstrip("_"), v) for key, value in params.items()
                 for v in (value if isinstance(value, list) else [value])]
        return self.request("GET", f"{resource_type}?{urlencode(query)}")

    def create(self, resource: dict[str, Any], if_none_exist: str) -> FhirResponse:
        """Conditional create: a retry (or another kiosk) finds the first one instead of a second."""
        return self.request("POST", resource["resourceType"], resource, {"If-None-Exist": if_none_exist})

    def update(self, resource: dict[str, Any], version_id: str) -> FhirResponse:
        """Version-checked update: ``PreconditionFailed`` when someone changed it since it was read."""
        return self.request("PUT", f"{resource['resourceType']}/{resource['id']}", resource,
                            {"If-Match": f'W/"{version_id}"'})

    def transaction(self, entries: list[dict[str, Any]]) -> FhirResponse:
        """All entries or none (each entry conditional, so the whole is safe to repeat)."""
        return self.request("POST", "", {"resourceType": "Bundle", "type": "transaction", "entry": entries})

    def batch(self, entries: list[dict[str, Any]]) -> FhirResponse:
        """Independent entries (loading reference data); a failed entry is reported in its response."""
        answer = self.request("POST", "", {"resourceType": "Bundle", "type": "batch", "entry": entries})
        failed = [e["response"]["status"] for e in answer.body.get("entry", [])
                  if not str(e.get("response", {}).get("status", "200")).startswith("2")]
        if failed:
            raise FhirRefused(400, f"{len(failed)} of {len(entries)} batch entries failed ({failed[0]})")
        return answer

    def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                extra_headers: dict[str, str] | None = None) -> FhirResponse:
        headers = {**self._headers(), **(extra_headers or {})}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        url = f"{self._path}/{path}" if path else self._path or "/"
        problem = ""
        for attempt, pause in enumerate((0.0, *RETRY_PAUSES_S)):
            if pause:
                time.sleep(pause)
            try:
                connection = self._connection()
                connection.request(method, url, body=payload, headers=headers)
                answer = connection.getresponse()
                raw = answer.read()
                status, etag = answer.status, answer.getheader("ETag", "") or ""
            except (OSError, http.client.HTTPException, socket.timeout) as exc:
                self._drop_connection()
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if status >= 500 or status == 429:
                problem = f"HTTP {status}"
                continue
            parsed = _json(raw)
            if status >= 400:
                text = _outcome_text(parsed) or f"HTTP {status}"
                if status == 412:
                    raise PreconditionFailed(status, text)
                if status in (401, 403):
                    raise FhirRefused(status, f"{text}; check fhir.token_file or the client certificate")
                raise FhirRefused(status, text)
            return FhirResponse(status, parsed, _version_of(etag, parsed))
        log.warning("FHIR %s %s failed after %d tries: %s", method, path.split("?")[0], attempt + 1, problem)
        raise HisUnavailable(f"{OUTAGE} ({problem})")


def _json(raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HisUnavailable(f"{OUTAGE} (the answer was not FHIR JSON)") from None
    return parsed if isinstance(parsed, dict) else {}


def _outcome_text(body: dict[str, Any]) -> str:
    issues = body.get("issue", []) if body.get("resourceType") == "OperationOutcome" else []
    return "; ".join(i.get("diagnostics") or i.get("details", {}).get("text", "") or i.get("code", "") for i in issues)


def _version_of(etag: str, body: dict[str, Any]) -> str:
    if etag.startswith('W/"') and etag.endswith('"'):
        return etag[3:-1]
    return body.get("meta", {}).get("versionId", "")
