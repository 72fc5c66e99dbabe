#!/usr/bin/env node
// npm run bench:queries [-- --rows 10000000 --runs 30 --order scattered|time]
// Fills a real DuckDB file with N synthetic rows spread over 7 days (one call row per ~3 attempt
// rows, ~15 % errors across catalog entries, 4 services, 5 models), then times the report API's
// summary and trends queries through Fastify's inject (no network), p50/p99 over repeated runs.
// --order: scattered (default) stores the rows in an order unrelated to their time, so every row
// group spans the whole week and no time filter can skip any; time stores them in time order, as
// ingest appends them (records arrive seconds after their time).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Analyzer } from '../dist/index.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '30' }, order: { type: 'string', default: 'scattered' } } });
if (!['scattered', 'time'].includes(values.order)) throw new Error(`--order: scattered or time, not ${values.order}`);
const N = Number(values.rows);
const RUNS = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'ce-bench-queries-'));
const analyzer = new Analyzer({ dataDir: dir, port: 0, rulesFile: false });
await analyzer.start();
const conn = await analyzer.store.connect();
const now = Date.now();
const t0 = performance.now();
await conn.run(`
  INSERT INTO records (dedupe_key, ingested_at, kind, time, duration_ms, trace_id, span_id, attempt, attempts, service, source, sdk, platform, model, operation, stream, outcome, http_status, error_type, error_message, catalog_id, fingerprint)
  SELECT i AS dedupe_key, now()::TIMESTAMP_MS,
    CASE WHEN i % 4 = 0 THEN 'call' ELSE 'attempt' END,
    epoch_ms(${now} - (i * 7919 % 604800000)),
    100 + i % 900,
    lpad(printf('%x', i // 4), 32, '0'), lpad(printf('%x', i // 4), 16, '0'),
    CASE WHEN i % 4 = 0 THEN 0 ELSE i % 4 END, CASE WHEN i % 4 = 0 THEN 3 ELSE NULL END,
    ['checkout', 'search', 'support-bot', 'batch'][1 + i % 4], 'claude-errors', '@anthropic-ai/sdk',
    CASE WHEN i % 50 = 0 THEN 'bedrock' ELSE 'first_party' END,
    ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5', 'claude-sonnet-4', 'claude-3-5-haiku'][1 + i % 5],
    'messages.create', i % 3 = 0,
    CASE WHEN i % 7 = 0 THEN 'error' ELSE 'success' END,
    CASE WHEN i % 7 = 0 THEN [529, 429, 500, 400, 418, 413, 529][1 + (i // 7) % 7] ELSE 200 END,
    CASE WHEN i % 7 = 0 THEN 'overloaded_error' ELSE NULL END,
    CASE WHEN i % 7 = 0 THEN 'Overloaded' ELSE NULL END,
    CASE WHEN i % 7 = 0 THEN ['overloaded', 'rate-limit-tokens', 'internal-server-error', 'first-message-not-user', 'unknown', 'request-too-large', 'overloaded'][1 + (i // 7) % 7] ELSE NULL END,
    NULL
  FROM range(${N}) t(i)${values.order === 'time' ? ' ORDER BY 4' : ''}`);
const loadMs = performance.now() - t0;
conn.closeSync();
// The rows went in by SQL, past the store: rebuild the per-minute rollup the store keeps at ingest.
let rollupMs = null;
if (typeof analyzer.store.rebuildRollup === 'function') {
  const r0 = performance.now();
  await analyzer.store.rebuildRollup();
  rollupMs = performance.now() - r0;
}
// The analyzer listens on a port of its own: inject with a Host header its host check answers.
const headers = { host: `127.0.0.1:${analyzer.http.server.address().port}` };
const loadBefore = loadavg()[0];

const queries = {
  'summary 24h': '/api/v1/summary?from=-24h',
  'summary 7d': '/api/v1/summary?from=-7d',
  'summary 7d model filter': '/api/v1/summary?from=-7d&model=claude-opus-4-1',
  'trends 24h 5m by catalog_id': '/api/v1/trends?from=-24h&bucket=5m&by=catalog_id',
  'trends 7d 1h by model': '/api/v1/trends?from=-7d&bucket=1h&by=model',
  'errors page 7d': '/api/v1/errors?from=-7d&limit=50',
  'errors page 7d, 529 only': '/api/v1/errors?from=-7d&status=529&limit=50',
};
const results = [];
for (const [name, url] of Object.entries(queries)) {
  const times = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const s = performance.now();
    const res = await analyzer.http.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    if (i >= 3) times.push(performance.now() - s); // 3 warm-up runs
  }
  times.sort((a, b) => a - b);
  const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  results.push({ query: name, p50_ms: p(0.5), p99_ms: p(0.99), max_ms: times[times.length - 1].toFixed(1) });
}
await analyzer.shutdown();
rmSync(dir, { recursive: true, force: true });
const loadAfter = loadavg()[0];
console.log(`rows: ${N.toLocaleString('en')} (loaded in ${(loadMs / 1000).toFixed(1)} s${rollupMs === null ? '' : `, rollup rebuilt in ${(rollupMs / 1000).toFixed(1)} s`}); order: ${values.order}; runs per query: ${RUNS}; machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average (1 min) ${loadBefore.toFixed(2)} before the queries, ${loadAfter.toFixed(2)} after`);
console.table(results);
