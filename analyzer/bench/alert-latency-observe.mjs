// In-process cost of RuleEngine.observe() (the part of alerting that runs in the ingest path):
// the shipped default rules, batches of records over 10 models and 3 services, 5% 529s and 2% 500s.
// Used by alert-latency.bench.mjs --modes observe.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RuleEngine } from '../dist/rules/index.js';

export async function observeBench({ batches = 400, batchSize = 500 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ce-observe-bench-'));
  const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'));
  const engine = new RuleEngine({ connection: await instance.connect(), tickIntervalMs: 0, watch: false });
  await engine.start();
  let n = 0;
  let t = Date.now();
  const hex = (v, w) => v.toString(16).padStart(w, '0');
  const record = (kind) => {
    n++;
    const r = Math.random();
    const status = r < 0.05 ? 529 : r < 0.07 ? 500 : 200;
    return {
      kind, time: t++, trace_id: hex(n, 32), span_id: hex(n, 16), attempt: kind === 'call' ? 0 : 1,
      service: `svc-${n % 3}`, source: 'claude-errors', platform: 'first_party', model: `model-${n % 10}`,
      outcome: status === 200 ? 'success' : 'error', http_status: status,
      error_type: status === 529 ? 'overloaded_error' : status === 500 ? 'api_error' : null,
      catalog_id: status === 529 ? 'overloaded' : status === 500 ? 'api-error' : null,
    };
  };
  const times = [];
  try {
    for (let b = 0; b < batches; b++) {
      const batch = Array.from({ length: batchSize }, (_, i) => record(i % 2 ? 'attempt' : 'call'));
      const t0 = performance.now();
      await engine.observe(batch);
      if (b >= 20) times.push(performance.now() - t0);
    }
  } finally {
    await engine.shutdown();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  const total = times.reduce((a, x) => a + x, 0);
  return { times, batchSize, recordsPerSecond: Math.round((times.length * batchSize) / (total / 1000)) };
}
