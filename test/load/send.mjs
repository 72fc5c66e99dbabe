// Load generator and visibility poller of the ingest and collector benchmarks.
//
// Load: `connections` keep-alive HTTP connections, each POSTing the next pre-encoded body as soon
// as the previous request was answered (closed loop, like OTLP exporters with one export in
// flight each), or, with `requestsPerSec`, when it is due (open loop at a fixed rate, at most
// `connections` requests in flight). 429/503 are counted and the same body is sent again after 50 ms (shorter than the
// Retry-After the collector asks for: the benchmark wants to find the limit, not be polite).
//
// Every request carries one probe span (service `bench-probe`, start time = the moment the
// request was built). The poller asks the analyzer's API every `pollMs` which probes are
// queryable; a probe's "visible" time is the START of the first poll whose answer contained it
// (DuckDB answers from a snapshot taken when the query starts, so the row was committed by then).
import http from 'node:http';
import { bodyFor, probeTraceId, PROBE_SERVICE } from './spans.mjs';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends requests `first .. first+count-1`. Returns one entry per request: sentAt (start of the
 * send that got the 2xx), firstSentAt, ackedAt, probe trace id, refusals before the 2xx.
 */
export async function sendLoad({ url, templates, probe, first = 0, count, connections, onSent, requestsPerSec = 0 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const results = [];
  const refusals = { 429: 0, 503: 0, other: 0 };
  let next = first;
  const start = now();
  const worker = async () => {
    while (next < first + count) {
      const seq = next++;
      // Open loop at a fixed rate when asked: request i is due at start + i / rate.
      if (requestsPerSec > 0) {
        const due = start + ((seq - first) * 1000) / requestsPerSec - now();
        if (due > 0) await sleep(due);
      }
      const probeMs = Date.now();
      const body = bodyFor(templates, probe, seq, probeMs);
      const entry = { seq, probeMs, probeTraceId: probeTraceId(probe, seq), firstSentAt: now(), sentAt: 0, ackedAt: 0, refused: 0 };
      onSent?.(entry);
      for (;;) {
        entry.sentAt = now();
        const res = await post(agent, url, body);
        if (res.status === 200) break;
        entry.refused++;
        if (res.status === 429 || res.status === 503) refusals[res.status]++;
        else {
          refusals.other++;
          throw new Error(`collector answered ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
        }
        await sleep(50);
      }
      entry.ackedAt = now();
      results.push(entry);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  return { results, refusals };
}

async function storedRows(metricsUrl) {
  const text = await (await fetch(metricsUrl)).text();
  const m = /^analyzer_stored_records_total (\d+)/m.exec(text);
  if (!m) throw new Error(`no analyzer_stored_records_total in ${metricsUrl}`);
  return Number(m[1]);
}

/**
 * Polls the analyzer until `expectedRows` are stored and every registered probe was seen.
 * `register(entry)` adds a probe to watch. Resolves with the stored-row time series and sets
 * `entry.visibleAt` on each probe.
 */
export function startPoller({ apiUrl, expectedRows, pollMs = 20, timeoutMs = 600_000 }) {
  const pending = new Map();
  const series = [];
  let stop = false;
  const register = (entry) => pending.set(entry.probeTraceId, entry);
  const done = (async () => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const t = now();
      const stored = await storedRows(`${apiUrl}/metrics`);
      series.push({ t, stored });
      if (pending.size > 0) await seeProbes(apiUrl, pending);
      if ((stored >= expectedRows && pending.size === 0) || stop) return series;
      if (Date.now() > end) throw new Error(`timed out: ${stored}/${expectedRows} rows stored, ${pending.size} probes not visible`);
      const wait = pollMs - (now() - t);
      if (wait > 0) await sleep(wait);
    }
  })();
  return { register, done, abort: () => (stop = true) };
}

async function seeProbes(apiUrl, pending) {
  let from = Infinity;
  for (const p of pending.values()) from = Math.min(from, p.probeMs);
  const t = now();
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const q = new URLSearchParams({ service: PROBE_SERVICE, kind: 'call', from: String(Math.floor(from) - 1), to: String(Date.now() + 60_000), limit: '500' });
    if (cursor) q.set('cursor', cursor);
    const res = await fetch(`${apiUrl}/api/v1/errors?${q}`);
    if (res.status !== 200) throw new Error(`API answered ${res.status}: ${await res.text()}`);
    const { rows, next_cursor } = await res.json();
    for (const row of rows) {
      const p = pending.get(row.trace_id);
      if (p) {
        p.visibleAt = t;
        pending.delete(row.trace_id);
      }
    }
    if (!next_cursor || pending.size === 0) return;
    cursor = next_cursor;
  }
}
