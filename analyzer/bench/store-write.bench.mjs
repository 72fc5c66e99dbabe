#!/usr/bin/env node
// npm run bench:store [-- --sizes 0,1000000,5000000 --batch-rows 2200 --rows 110000]
//
// Rows/s of RecordStore.write (one transaction per call: staging, dedupe insert, offsets, commit)
// for batches of realistic records (the collector's mapper output for the ingest benchmark's OTLP
// bodies, classified as the analyzer does) into a DuckDB file that already holds 0, 1M and 5M
// rows. Each size starts from a copy of a prefilled file (kept under .cache/bench-store/, built
// once by SQL from the same records with other trace ids, then CHECKPOINTed), opened the way the
// analyzer opens it. Scenarios per size:
//   new     batches of rows never seen (the common case)
//   replay  the same batches again (every row a duplicate: a Kafka replay after a crash)
//   mixed   batches where every other call's rows were stored before
// Reported: rows/s (wall), p50/p99 ms per write, process CPU ms per 1k rows (all threads; DuckDB
// works in its own threads), and the file's size. The machine may be shared: compare CPU too.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { decodeTracesProtobuf, mapResourceSpans } from '@claude-errors/collector';
import { recordColumns } from '@claude-errors/schemas';
import { RecordStore, classifyRecord } from '../dist/index.js';
import { buildProbe, buildTemplates, bodyFor } from '@claude-errors/testkit/load/spans';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '0,1000000,5000000' },
    'batch-rows': { type: 'string', default: '2200' },
    rows: { type: 'string', default: '110000' },
    scenarios: { type: 'string', default: 'new,replay,mixed' },
    cache: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '../../.cache/bench-store') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const batchRows = Number(values['batch-rows']);
const totalRows = Number(values.rows);
const scenarios = values.scenarios.split(',');
const cacheDir = values.cache;

// Records: the mapper's output for the ingest benchmark's 16 template bodies (500 spans each,
// 2.2 rows per span). Request `seq` gets its own trace ids, as in the ingest benchmark.
const templates = buildTemplates({ count: 16, spansPerRequest: 500 });
const probe = buildProbe();
function requestRecords(seq) {
  const rs = mapResourceSpans(decodeTracesProtobuf(bodyFor(templates, probe, seq))).records;
  for (const r of rs) classifyRecord(r);
  return rs;
}
/** Batches of about `batchRows` rows, whole calls only, from requests first..; returns the next seq. */
function makeBatches(firstSeq, rows) {
  const batches = [];
  let seq = firstSeq;
  let cur = [];
  let made = 0;
  while (made < rows) {
    for (const r of requestRecords(seq++)) {
      if (cur.length >= batchRows && r.attempt === 0) {
        batches.push(cur);
        made += cur.length;
        cur = [];
        if (made >= rows) break;
      }
      cur.push(r);
    }
  }
  return batches;
}

// Bump when the store's table layout changes (v2: no PRIMARY KEY on dedupe_key), so the cached
// prefilled files are rebuilt by the current code instead of migrated on every run.
const LAYOUT = 'v2';
const clone = (batch) => batch.map((r) => ({ ...r }));

async function prefilled(n) {
  const schemaTag = createHash('sha1').update(JSON.stringify(recordColumns) + LAYOUT).digest('hex').slice(0, 8);
  const file = join(cacheDir, `records-${n}-${schemaTag}.duckdb`);
  if (n === 0 || existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(cacheDir, 'build-'));
  const t0 = performance.now();
  const store = new RecordStore({ dataDir: dir });
  await store.start();
  // 16 requests' real rows as the template; copies get trace ids from request numbers >= 1e6,
  // so they never collide with the benchmark's batches (request numbers < 1e6).
  const tpl = [];
  for (let s = 0; s < 16; s++) tpl.push(...requestRecords(s));
  await store.write(tpl);
  const c = await store.connect();
  const cols = recordColumns.map((col) => `"${col.name}"`);
  const copies = Math.ceil((n - tpl.length) / tpl.length);
  const per = Math.max(1, Math.floor(1_000_000 / tpl.length));
  await c.run('CREATE TEMP TABLE tpl AS SELECT * FROM records');
  for (let k = 0; k < copies; k += per) {
    const upto = Math.min(copies, k + per);
    const sel = cols.map((col) => (col === '"trace_id"' ? 't AS trace_id' : col)).join(', ');
    await c.run(
      `INSERT INTO records (dedupe_key, ingested_at, ${cols.join(', ')}) ` +
        `SELECT hash(t, span_id, attempt), now()::TIMESTAMP_MS, ${sel} FROM (` +
        `SELECT *, lpad(printf('%x', 1000000 + g), 16, '0') || substr(trace_id, 17) AS t FROM tpl, range(${k}, ${upto}) r(g))`,
    );
  }
  await c.run('CHECKPOINT');
  c.closeSync();
  await store.shutdown();
  renameSync(join(dir, 'claude-errors.duckdb'), file);
  rmSync(dir, { recursive: true, force: true });
  console.log(`prefilled ${n} rows into ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

async function measure(store, batches) {
  const times = [];
  let rows = 0;
  let stored = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const b of batches) {
    const s = performance.now();
    stored += (await store.write(b, [{ topic: 'bench', partition: 0, offset: String(rows) }])).length;
    times.push(performance.now() - s);
    rows += b.length;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { rows, stored, writes: batches.length, rowsPerSec: rows / wall, p50: q(0.5), p99: q(0.99), cpuMsPer1k: (cpu.user + cpu.system) / 1000 / (rows / 1000) };
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`);
console.log(`batches of ~${batchRows} rows, ${totalRows} rows per scenario`);
let nextSeq = 100;
for (const n of sizes) {
  const src = await prefilled(n);
  const dir = mkdtempSync(join(tmpdir(), 'ce-bench-store-'));
  try {
    if (n > 0) copyFileSync(src, join(dir, 'claude-errors.duckdb'));
    const store = new RecordStore({ dataDir: dir });
    await store.start();
    const warm = makeBatches(nextSeq, batchRows * 2);
    const fresh = makeBatches(nextSeq + 50, totalRows);
    nextSeq += 1000;
    for (const b of warm) await store.write(clone(b));
    const results = {};
    if (scenarios.includes('new') || scenarios.includes('replay')) results.new = await measure(store, fresh.map(clone));
    if (scenarios.includes('replay')) results.replay = await measure(store, fresh.map(clone));
    if (scenarios.includes('mixed')) {
      // Every other call of fresh batches stored first (outside the timing), then the whole batches.
      const more = makeBatches(nextSeq, totalRows);
      nextSeq += 1000;
      for (const b of more) {
        const half = [];
        let keep = false;
        for (const r of b) {
          if (r.attempt === 0) keep = !keep;
          if (keep) half.push({ ...r });
        }
        await store.write(half);
      }
      results.mixed = await measure(store, more.map(clone));
    }
    await store.shutdown();
    const size = statSync(join(dir, 'claude-errors.duckdb')).size / 2 ** 20;
    for (const [name, r] of Object.entries(results)) {
      const line =
        `${(n / 1e6).toFixed(1)}M stored, ${name.padEnd(6)}: ${Math.round(r.rowsPerSec).toLocaleString('en')} rows/s, ` +
        `write p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms (${Math.round(r.rows / r.writes)} rows/write), ` +
        `CPU ${r.cpuMsPer1k.toFixed(1)} ms per 1k rows, ${r.stored} of ${r.rows} new; file ${size.toFixed(0)} MiB`;
      console.log(line);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
