// The analyzer's own ceiling in Kafka mode: a topic filled first (through the collector), then
// drained by a fresh analyzer (new consumer group, new DuckDB file) with nothing else running.
//   npm run bench:drain -- [--spans 200000] [--rounds 3] [--variant name=<analyzer dist dir>]... [--cpu-prof <dir>]
//   npm run bench:drain -- --variant built= --variant sgc=node:--single-threaded-gc
// Each round starts every variant once (order reversed each round); a variant swaps its folder in
// as analyzer/dist for its run and the built one is put back at the end (before/after in one run);
// a variant `node:<flags>` (space-separated) runs the built one with those Node flags, an empty
// one the built one as it is.
// Figures: rows stored per second from the analyzer's start of consuming (first row stored) to the
// last row, and the analyzer's CPU seconds per 1,000 rows.
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sendLoad } from '@claude-errors/testkit/load/send';
import { cpuSeconds, freePort, peakRssMiB, root, startCli, startKafka } from '@claude-errors/testkit/load/processes';
import { buildProbe, buildTemplates } from '@claude-errors/testkit/load/spans';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' }, variant: { type: 'string', multiple: true, default: [] }, 'cpu-prof': { type: 'string' } } });
const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
const spansPerRequest = 500;
const requests = Math.ceil(Number(values.spans) / spansPerRequest);
const variants = values.variant.length
  ? values.variant.map((v) => {
      const [name, spec] = [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)];
      return spec.startsWith('node:') ? [name, null, spec.slice(5).split(/\s+/).filter(Boolean)] : [name, spec || null, []];
    })
  : [['built', null, []]];
const templates = buildTemplates({ spansPerRequest });
const probe = buildProbe();
const { broker } = await startKafka();
const brokers = broker.brokers;
const dist = join(root, 'analyzer/dist');
const kept = `${dist}.drain-bench-kept`;
const topic = `bench-drain-${Date.now()}`;
const metric = async (url) => Number(/^analyzer_stored_records_total (\d+)/m.exec(await (await fetch(url)).text())?.[1] ?? NaN);
try {
  // Fill: the collector alone, then stopped.
  const dir = mkdtempSync(join(tmpdir(), 'ce-drain-fill-'));
  const otlpPort = await freePort();
  const collector = await startCli('collector', ['collector', '--data', join(dir, 'data'), '--otlp-port', String(otlpPort), '--port', String(await freePort()), '--kafka', brokers.join(','), '--topic', topic, '--log-level', 'warn'], `http://127.0.0.1:${otlpPort}/readyz`);
  await sendLoad({ url: `http://127.0.0.1:${otlpPort}/v1/traces`, templates, probe, first: 0, count: requests, connections: 4, onSent: () => {} });
  await collector.stop();
  rmSync(dir, { recursive: true, force: true });
  let rows = 0;
  for (let s = 0; s < requests; s++) rows += templates[s % templates.length].rows + probe.rows;
  console.log(`topic ${topic}: ${requests} requests, ${rows} rows`);
  // Folders are swapped in as analyzer/dist; without any, the built one runs where it is.
  const swap = variants.some(([, folder]) => folder !== null);
  if (swap) renameSync(dist, kept);
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const [name, folder, flags] of order) {
      if (swap) {
        rmSync(dist, { recursive: true, force: true });
        cpSync(folder ?? kept, dist, { recursive: true });
      }
      const d = mkdtempSync(join(tmpdir(), 'ce-drain-'));
      const apiPort = await freePort();
      const t0 = performance.now();
      const a = await startCli('analyzer', ['analyzer', '--data', join(d, 'data'), '--port', String(apiPort), '--otlp-port', String(await freePort()), '--kafka', brokers.join(','), '--topic', topic, '--group', `drain-${name}-${round}-${Date.now()}`, '--log-level', 'warn'], `http://127.0.0.1:${apiPort}/readyz`, [...flags, ...nodeArgs]);
      const url = `http://127.0.0.1:${apiPort}/metrics`;
      const cpu0 = cpuSeconds(a.pid);
      let first = NaN;
      let stored = 0;
      while (stored < rows) {
        stored = await metric(url);
        if (stored > 0 && Number.isNaN(first)) first = performance.now();
        await new Promise((r) => setTimeout(r, 20));
      }
      const last = performance.now();
      const cpu = cpuSeconds(a.pid) - cpu0;
      const rss = peakRssMiB(a.pid);
      await a.stop();
      rmSync(d, { recursive: true, force: true });
      const secs = (last - first) / 1000;
      console.log(`round ${round + 1} ${name.padEnd(8)} ${Math.round(rows / secs).toLocaleString('en-US').padStart(8)} rows/s (${(rows / secs / 2.2 / 1000).toFixed(1)}k spans/s), ${((cpu / rows) * 1e6).toFixed(1)} µs CPU per row, peak RSS ${Math.round(rss)} MiB, start ${((first - t0) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  if (existsSync(kept)) {
    rmSync(dist, { recursive: true, force: true });
    renameSync(kept, dist);
  }
  await broker.stop?.();
}
