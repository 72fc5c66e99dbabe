import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { instrumentedApp } from '../helpers/app.js';
import { runCli, type CliProcess } from '../helpers/cli.js';
import { overloadScenario } from './pipeline.js';

let collector: CliProcess;
let analyzer: CliProcess;
let api: FakeApi;
let app: Awaited<ReturnType<typeof instrumentedApp>>;
let analyzerUrl = '';
let collectorUrl = '';

beforeAll(async () => {
  const brokers = inject('kafkaBrokers').join(',');
  const topic = `e2e-${process.pid}-${Date.now()}`;
  const data = mkdtempSync(join(tmpdir(), 'ce-e2e-kafka-'));
  const common = ['--kafka', brokers, '--topic', topic, '--group', `${topic}-analyzer`];
  collector = runCli(['collector', ...common, '--otlp-port', '0']);
  analyzer = runCli(['analyzer', ...common, '--data', data, '--port', '0']);
  collectorUrl = (await collector.waitFor(/collector: (http:\/\/\S+)\/v1\/traces/, 60_000))[1]!;
  analyzerUrl = (await analyzer.waitFor(/API: (http:\/\/\S+)\/api\/v1\/summary/, 60_000))[1]!;
  api = await startFakeApi();
  app = await instrumentedApp(collectorUrl);
});
afterAll(async () => {
  await app?.shutdown();
  await api?.close();
  await collector?.stop();
  await analyzer?.stop();
});

describe('Kafka mode end to end: real SDK -> fake API -> instrumentation -> OTLP -> collector -> real Kafka broker -> analyzer -> DuckDB -> API', () => {
  it('counts a call rescued after two 529s and a call whose retries ran out', async () => {
    await overloadScenario(app, api, analyzerUrl);
    // The collector's /metrics shows what the Kafka exporter had acknowledged: 2 call + 6 attempt rows.
    const metrics = await (await fetch(`${collectorUrl}/metrics`)).text();
    expect(metrics).toMatch(/^receiver_accepted_records_total 8$/m);
    expect(metrics).toMatch(/^# TYPE exporter_sent_records_total counter\nexporter_sent_records_total 8$/m);
    expect(metrics).toMatch(/^exporter_failed_sends_total 0$/m);
    expect(metrics).toMatch(/^# TYPE exporter_pending_records gauge\nexporter_pending_records 0$/m);
    expect(metrics).toMatch(/^exporter_available 1$/m);
  });
});
