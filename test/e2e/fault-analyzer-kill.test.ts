import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliProcess } from '../helpers/cli.js';
import { readStore, startLoad, storedViaApi, waitUntil } from './fault-load.js';

/**
 * Fault: the analyzer is killed with SIGKILL while OTLP load flows through collector -> Kafka ->
 * analyzer (separate `claude-errors` processes, the shared test broker), and restarted on the same
 * DuckDB file while the load goes on. Rows and consumed offsets share one DuckDB transaction, so the
 * restarted analyzer resumes exactly where the last commit ended: the file must hold every record
 * the collector acknowledged with 2xx, once, and nothing else.
 */
// ~40 requests/s of 5 spans (about 600 records/s): enough to be mid-load at the kill, bounded at
// 4,000 requests (20,000 spans); the test stops the loop once enough arrived after the restart.
const SPANS_PER_REQUEST = 5;
const MAX_REQUESTS = 4_000;
const ANALYZER_URL = /API: (http:\/\/\S+)\/api\/v1\/summary/;

let brokers = '';
let topic = '';
let data = '';
let collector: CliProcess | undefined;
let analyzer: CliProcess | undefined;

function startAnalyzer(): CliProcess {
  return runCli(['analyzer', '--kafka', brokers, '--topic', topic, '--group', `${topic}-analyzer`, '--data', data, '--port', '0']);
}

beforeAll(async () => {
  brokers = inject('kafkaBrokers').join(',');
  topic = `fault-kill-${process.pid}-${Date.now()}`;
  data = mkdtempSync(join(tmpdir(), 'ce-fault-kill-'));
  collector = runCli(['collector', '--kafka', brokers, '--topic', topic, '--otlp-port', '0']);
  await collector.waitFor(/collector: (http:\/\/\S+)\/v1\/traces/, 60_000);
});
afterAll(async () => {
  await analyzer?.kill();
  await collector?.kill();
  if (data) rmSync(data, { recursive: true, force: true });
});

describe('fault: kill -9 of the analyzer mid-load (real broker, separate processes)', () => {
  it('after a restart on the same DuckDB file, stores exactly the acknowledged records, each once', async () => {
    const collectorUrl = (await collector!.waitFor(/collector: (http:\/\/\S+)\/v1\/traces/))[1]!;
    analyzer = startAnalyzer();
    let analyzerUrl = (await analyzer.waitFor(ANALYZER_URL, 60_000))[1]!;
    const load = startLoad({ url: collectorUrl, service: 'fault-kill', spansPerRequest: SPANS_PER_REQUEST, maxRequests: MAX_REQUESTS, concurrency: 2, intervalMs: 40 });
    try {
      // Kill while the analyzer is storing and the load is still going.
      await waitUntil('the analyzer has stored 2,000 rows', async () => (await storedViaApi(analyzerUrl)) >= 2_000, 60_000);
      expect(load.finished, 'load still running at the kill').toBe(false);
      const storedBeforeKill = await storedViaApi(analyzerUrl);
      await analyzer.kill();
      const ackedAtKill = load.acked.size;

      // The collector keeps acknowledging while no analyzer runs (Kafka holds the records).
      await waitUntil('2,000 more records acknowledged with the analyzer down', () => load.acked.size >= ackedAtKill + 2_000 || load.finished, 60_000);
      analyzer = startAnalyzer();
      analyzerUrl = (await analyzer.waitFor(ANALYZER_URL, 60_000))[1]!;
      const ackedAtRestart = load.acked.size;
      await waitUntil('2,000 more records acknowledged after the restart', () => load.acked.size >= ackedAtRestart + 2_000 || load.finished, 60_000);
      await load.stop();

      const refused = load.answers.filter((a) => a.status < 200 || a.status >= 300);
      expect(refused.map((a) => a.status), 'no request refused: the broker was up throughout').toEqual([]);
      const acked = load.acked;
      console.log(
        `[fault-kill] ${load.answers.length} requests, ${acked.size} records acknowledged; killed at ${ackedAtKill} acked / ${storedBeforeKill} stored; restarted at ${ackedAtRestart} acked`,
      );
      expect(ackedAtRestart).toBeGreaterThan(ackedAtKill);
      expect(acked.size).toBeGreaterThan(ackedAtRestart);

      await waitUntil(`the analyzer API shows ${acked.size} rows`, async () => (await storedViaApi(analyzerUrl)) >= acked.size, 60_000, 250);
      // The restarted analyzer resumed at the offsets committed with the rows: nothing replayed twice.
      const metrics = await (await fetch(`${analyzerUrl}/metrics`)).text();
      expect(metrics).toMatch(/^analyzer_duplicate_records_total 0$/m);
      expect(await analyzer.stop(), 'graceful analyzer shutdown').toBe(0);
      analyzer = undefined;

      const stored = await readStore(data, topic);
      expect(stored.keys.length).toBe(acked.size);
      expect(stored.distinct).toBe(stored.keys.length);
      const unexpected = stored.keys.filter((k) => !acked.has(k));
      expect(unexpected.slice(0, 5), 'rows that were never acknowledged').toEqual([]);
      const storedSet = new Set(stored.keys);
      expect([...acked].filter((k) => !storedSet.has(k)).slice(0, 5), 'acknowledged records missing').toEqual([]);
      expect(stored.deadLetters).toBe(0);
    } finally {
      await load.stop();
    }
  }, 110_000);
});
