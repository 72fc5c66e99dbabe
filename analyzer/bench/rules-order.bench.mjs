#!/usr/bin/env node
// npm run bench:rules-order [-- --batches 16 --batch-records 8000 --span-ms 4000 --dist <analyzer dist>]
//
// Records/s of RuleEngine.observe() (the shipped default rules, as `serve` runs them after each
// commit) when the same records arrive in time order, shuffled, or as whole batches out of order
// (issue 19 item 4: replaying captured batches out of order fell from ~0.2 s to ~5 s per batch).
// Records: calls over 6 models and 3 services with 1-3 attempts each (80% successes, 10% 529s,
// 5% 500s, 5% 429s), all dated within --span-ms (default 4 s, inside the 5 s reorder window, the
// worst case: every out-of-order record lands inside its group's window). Scenarios:
//   in-order      batches in time order, each sorted
//   shuffled      every record in a random batch (each batch is sorted by the engine, so records
//                 arrive out of order across batches)
//   interleaved   the in-order batches delivered in a random order (the replay)
// Reported per scenario: records/s (wall, observe only), the slowest batch in ms, and when the
// analyzer build has it, the work counter (ruleWork.steps) per record. --dist points at another
// build of the analyzer (e.g. an older commit's analyzer/dist) to compare.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { prng } from './prng.mjs';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '16' },
    'batch-records': { type: 'string', default: '8000' },
    'span-ms': { type: 'string', default: '4000' },
    scenarios: { type: 'string', default: 'in-order,shuffled,interleaved' },
    seed: { type: 'string', default: '19' },
    dist: { type: 'string', default: new URL('../dist', import.meta.url).pathname },
  },
});
const batches = Number(values.batches);
const batchRecords = Number(values['batch-records']);
const spanMs = Number(values['span-ms']);
const dist = pathToFileURL(resolve(values.dist) + '/').href;
const { RuleEngine } = await import(new URL('rules/index.js', dist).href);
const ruleWork = await import(new URL('rules/reorder-buffer.js', dist).href).then(
  (m) => m.ruleWork,
  () => undefined, // an analyzer build from before the counter
);

const hex = (v, w) => v.toString(16).padStart(w, '0');
const ERROR_TYPES = { 529: 'overloaded_error', 500: 'api_error', 429: 'rate_limit_error' };
const CATALOG = { 529: 'overloaded', 500: 'api-error', 429: 'rate-limited' };

/** All records in time order: calls with their attempts, dated within spanMs before `end`. */
function makeRecords(total, end, rand) {
  const out = [];
  let call = 0;
  while (out.length < total) {
    call++;
    const model = `model-${call % 6}`;
    const service = `svc-${call % 3}`;
    const attempts = 1 + Math.floor(rand() * 3);
    const statuses = Array.from({ length: attempts }, () => {
      const r = rand();
      return r < 0.8 ? 200 : r < 0.9 ? 529 : r < 0.95 ? 500 : 429;
    });
    const row = (kind, attempt, status) => ({
      kind, time: 0, trace_id: hex(call, 32), span_id: hex(call, 16), attempt, attempts: kind === 'call' ? attempts : null,
      service, source: 'claude-errors', platform: 'first_party', model, outcome: status === 200 ? 'success' : 'error',
      http_status: status, error_type: ERROR_TYPES[status] ?? null, catalog_id: CATALOG[status] ?? null,
    });
    statuses.forEach((s, i) => out.push(row('attempt', i + 1, s)));
    out.push(row('call', 0, statuses[statuses.length - 1]));
  }
  out.length = total;
  out.forEach((r, i) => (r.time = end - spanMs + Math.floor((i * spanMs) / total)));
  return out;
}

function shuffle(a, rand) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function chunk(records) {
  const out = [];
  for (let i = 0; i < records.length; i += batchRecords) out.push(records.slice(i, i + batchRecords));
  return out;
}

async function run(scenario) {
  const rand = prng(Number(values.seed));
  const end = Date.now() - 60_000; // in the past: nothing is "from the future"
  const records = makeRecords(batches * batchRecords, end, rand);
  const delivered =
    scenario === 'in-order' ? chunk(records) : scenario === 'shuffled' ? chunk(shuffle([...records], rand)) : shuffle(chunk(records), rand);
  const dir = mkdtempSync(join(tmpdir(), 'ce-rules-order-'));
  const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'));
  const engine = new RuleEngine({ connection: await instance.connect(), tickIntervalMs: 0, watch: false, now: () => end + 1000 });
  await engine.start();
  const steps0 = ruleWork?.steps ?? 0;
  let wall = 0;
  let slowest = 0;
  try {
    for (const batch of delivered) {
      const t0 = performance.now();
      await engine.observe(batch);
      const ms = performance.now() - t0;
      wall += ms;
      slowest = Math.max(slowest, ms);
    }
  } finally {
    await engine.shutdown();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  const n = records.length;
  return {
    scenario,
    records: n,
    'records/s': Math.round(n / (wall / 1000)),
    'slowest batch ms': Math.round(slowest),
    'steps/record': ruleWork ? ((ruleWork.steps - steps0) / n).toFixed(1) : 'n/a',
    late: engine.stats.late_records,
  };
}

console.log(`rules-order: ${batches} batches x ${batchRecords} records within ${spanMs} ms; ${cpus()[0]?.model ?? 'cpu'}; node ${process.version}; analyzer ${values.dist}`);
const rows = [];
for (const s of values.scenarios.split(',')) rows.push(await run(s));
console.table(rows);
