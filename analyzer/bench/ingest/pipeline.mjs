// Scenario "embedded" and "kafka": the whole pipeline as separate processes of the built CLI.
//   embedded: `claude-errors serve` (collector + embedded queue + analyzer in one process)
//   kafka:    `claude-errors analyzer --kafka …` and `claude-errors collector --kafka …`, each its
//             own process, with a real single-node broker (test/kafka/broker.ts) on the same machine
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendLoad, startPoller } from '@claude-errors/testkit/load/send';
import { cpuSeconds, freePort, peakRssMiB, startCli } from '@claude-errors/testkit/load/processes';

const WARMUP_REQUESTS = 8;

export async function runPipeline({ mode, brokers, templates, probe, requests, connections, pollMs, nodeArgs = [], requestsPerSec = 0 }) {
  const dir = mkdtempSync(join(tmpdir(), `ce-ingest-bench-${mode}-`));
  const otlpPort = await freePort();
  const apiPort = await freePort();
  const common = ['--data', join(dir, 'data'), '--port', String(apiPort), '--otlp-port', String(otlpPort), '--log-level', 'warn'];
  const procs = [];
  try {
    if (mode === 'embedded') {
      procs.push(await startCli('serve', ['serve', ...common], `http://127.0.0.1:${otlpPort}/readyz`, nodeArgs));
    } else {
      const kafka = ['--kafka', brokers.join(','), '--topic', `bench-ingest-${Date.now()}`];
      procs.push(await startCli('analyzer', ['analyzer', ...common, ...kafka], `http://127.0.0.1:${apiPort}/readyz`, nodeArgs));
      procs.push(await startCli('collector', ['collector', ...common, ...kafka], `http://127.0.0.1:${otlpPort}/readyz`, nodeArgs));
    }
    const url = `http://127.0.0.1:${otlpPort}/v1/traces`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const rowsOf = (first, count) => {
      let rows = 0;
      for (let s = first; s < first + count; s++) rows += templates[s % templates.length].rows + probe.rows;
      return rows;
    };

    // Warm-up (JIT, DuckDB, consumer fetch loop), not measured.
    const warm = startPoller({ apiUrl, expectedRows: rowsOf(0, WARMUP_REQUESTS), pollMs });
    await sendLoad({ url, templates, probe, first: 0, count: WARMUP_REQUESTS, connections, onSent: warm.register });
    const warmSeries = await warm.done;
    const baseline = warmSeries[warmSeries.length - 1].stored;

    const cpuBefore = procs.map((p) => cpuSeconds(p.pid));
    const rows = rowsOf(WARMUP_REQUESTS, requests);
    const poller = startPoller({ apiUrl, expectedRows: baseline + rows, pollMs });
    const load = sendLoad({ url, templates, probe, first: WARMUP_REQUESTS, count: requests, connections, onSent: poller.register, requestsPerSec });
    const { results, refusals } = await load.catch((err) => {
      poller.abort();
      throw err;
    });
    const series = await poller.done;
    const processes = procs.map((p, i) => ({ name: p.name, peakRssMiB: peakRssMiB(p.pid), cpuSeconds: cpuSeconds(p.pid) - cpuBefore[i] }));
    return { mode, results, refusals, series, baseline, rows, processes };
  } catch (err) {
    for (const p of procs) console.error(`--- ${p.name} output ---\n${p.output()}`);
    throw err;
  } finally {
    for (const p of [...procs].reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/** Figures of one run; `spansPerRequest` includes the probe span. */
export function summarize(run, spansPerRequest) {
  const { results, series, baseline, rows } = run;
  const spans = results.length * spansPerRequest;
  const t0 = Math.min(...results.map((r) => r.firstSentAt));
  const acked = Math.max(...results.map((r) => r.ackedAt));
  const target = baseline + rows;
  const storedAt = series.find((s) => s.stored >= target)?.t ?? NaN;
  const crossing = (f) => series.find((s) => s.stored >= baseline + f * rows)?.t ?? NaN;
  const t10 = crossing(0.1);
  const t90 = crossing(0.9);
  const spansPerRow = spans / rows;
  const sendToVisible = results.map((r) => r.visibleAt - r.sentAt);
  const ackToVisible = results.map((r) => r.visibleAt - r.ackedAt);
  const sendToAck = results.map((r) => r.ackedAt - r.sentAt);
  return {
    spans,
    rows,
    requests: results.length,
    seconds: (storedAt - t0) / 1000,
    e2eSpansPerSec: spans / ((storedAt - t0) / 1000),
    sustainedSpansPerSec: (0.8 * rows * spansPerRow) / ((t90 - t10) / 1000),
    ackedSpansPerSec: spans / ((acked - t0) / 1000),
    sendToVisible: { p50: pct(sendToVisible, 50), p99: pct(sendToVisible, 99), max: Math.max(...sendToVisible) },
    ackToVisible: { p50: pct(ackToVisible, 50), p99: pct(ackToVisible, 99), max: Math.max(...ackToVisible) },
    sendToAck: { p50: pct(sendToAck, 50), p99: pct(sendToAck, 99) },
    refused: run.refusals,
    processes: run.processes,
  };
}
