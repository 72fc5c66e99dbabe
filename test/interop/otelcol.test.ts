// The OpenTelemetry Collector (otelcol v0.165, built from Go modules by test/otelcol/build.ts) as
// the sender: the OTel JS SDK exports to otelcol's OTLP receiver, otelcol batches and forwards with
// its otlphttp exporter to `claude-errors serve`, once per compression it offers and per encoding.
// Checked: every record arrives exactly once (the analyzer's API counts), a span we reject shows
// up with our reason in otelcol's own log (partial success), and our 429/503 answers make otelcol
// wait for Retry-After and resend instead of dropping, with our Status message in its log.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { CeError, type ErrorRecord, type Exporter } from '@claude-errors/schemas';
import { Collector } from '@claude-errors/collector';
import { eventually, startServeProcess, type CliProcess } from '../helpers/cli.js';
import { otlpTelemetry } from '../helpers/otel.js';
import { ensureOtelcol, type Otelcol } from '../otelcol/build.js';

const COMPRESSIONS = ['none', 'gzip', 'deflate', 'zlib', 'zstd', 'snappy', 'x-snappy-framed', 'lz4'] as const;
const ENCODINGS = ['proto', 'json'] as const;
const SPANS_PER_CASE = 20;
const inCi = process.env['CI'] === 'true';

// Building otelcol needs Go and the Go module proxy (about 4-5 minutes the first time, cached in
// .cache/otelcol after). In CI a failed build fails the test; elsewhere the tests are skipped with
// the reason.
const otelcol: Otelcol = await ensureOtelcol((line) => console.log(`[otelcol] ${line}`));
if (!otelcol.ok) {
  if (inCi) throw new Error(`cannot build the OpenTelemetry Collector: ${otelcol.reason}`);
  console.warn(`[interop] skipping the otelcol interoperability tests: ${otelcol.reason}`);
}

interface Case {
  id: string;
  compression: (typeof COMPRESSIONS)[number];
  encoding: (typeof ENCODINGS)[number];
  port: number;
}

/** An exporter that answers the first batches with our 429 and 503 refusals, then keeps records. */
class FlakyExporter implements Exporter {
  readonly name = 'flaky';
  readonly records: ErrorRecord[] = [];
  readonly attempts: { at: number; answer: number }[] = [];
  constructor(private readonly refusals: CeError[]) {}
  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}
  ready(): boolean {
    return true;
  }
  async consume(records: ErrorRecord[]): Promise<void> {
    const refusal = this.refusals.shift();
    this.attempts.push({ at: Date.now(), answer: refusal?.statusCode ?? 200 });
    if (refusal) throw refusal;
    this.records.push(...records);
  }
}

let serve: CliProcess;
let collectorUrl = '';
let analyzerUrl = '';
let otel: ChildProcess | undefined;
let otelLog = '';
let cases: Case[] = [];
let retryPort = 0;
let flaky: FlakyExporter;
let flakyCollector: Collector;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const QUEUE_FULL = 'the test queue is full';
const BROKER_DOWN = 'the test broker is down';

/** otelcol's configuration, as JSON (a YAML subset): one receiver -> batch -> otlphttp pipeline per case. */
function otelcolConfig(): object {
  const receivers: Record<string, object> = {};
  const exporters: Record<string, object> = {};
  const pipelines: Record<string, object> = {};
  const retry = { enabled: true, initial_interval: '100ms', max_interval: '1s', max_elapsed_time: '60s' };
  for (const c of cases) {
    receivers[`otlp/${c.id}`] = { protocols: { http: { endpoint: `127.0.0.1:${c.port}` } } };
    exporters[`otlp_http/${c.id}`] = { endpoint: collectorUrl, compression: c.compression, encoding: c.encoding, retry_on_failure: retry };
    for (const signal of ['traces', 'logs']) pipelines[`${signal}/${c.id}`] = { receivers: [`otlp/${c.id}`], processors: ['batch'], exporters: [`otlp_http/${c.id}`] };
  }
  receivers['otlp/retry'] = { protocols: { http: { endpoint: `127.0.0.1:${retryPort}` } } };
  exporters['otlp_http/retry'] = { endpoint: flakyCollector.url, compression: 'zstd', retry_on_failure: retry };
  pipelines['traces/retry'] = { receivers: ['otlp/retry'], processors: ['batch'], exporters: ['otlp_http/retry'] };
  return {
    receivers,
    processors: { batch: { timeout: '200ms' } },
    exporters,
    service: { pipelines, telemetry: { logs: { level: 'info', encoding: 'json', sampling: { enabled: false } }, metrics: { level: 'none' } } },
  };
}

beforeAll(async () => {
  if (!otelcol.ok) return;
  const data = mkdtempSync(join(tmpdir(), 'ce-otelcol-'));
  ({ serve, collectorUrl, analyzerUrl } = await startServeProcess(data));

  flaky = new FlakyExporter([
    new CeError('CE_ERR_QUEUE_FULL', QUEUE_FULL, { retryable: true, statusCode: 429, retryAfterSeconds: 2 }),
    new CeError('CE_ERR_KAFKA_UNAVAILABLE', BROKER_DOWN, { retryable: true, statusCode: 503, retryAfterSeconds: 1 }),
  ]);
  flakyCollector = new Collector({ exporter: flaky, port: 0 });
  await flakyCollector.start();

  // The receivers' ports are picked free, then otelcol binds them: a test running alongside may
  // take one in between. Then otelcol stops with `address already in use`, and is started again
  // on other ports (a few times at most); any other failure to start fails at once.
  for (let attempt = 1; ; attempt++) {
    cases = [];
    for (const compression of COMPRESSIONS) {
      for (const encoding of ENCODINGS) cases.push({ id: `${compression.replace(/-/g, '_')}_${encoding}`, compression, encoding, port: await freePort() });
    }
    retryPort = await freePort();
    const config = join(data, 'otelcol.yaml');
    writeFileSync(config, JSON.stringify(otelcolConfig(), null, 2));
    otelLog = '';
    const started = spawn(otelcol.bin, ['--config', `file:${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    otel = started;
    started.stdout!.on('data', (d: Buffer) => (otelLog += d.toString()));
    started.stderr!.on('data', (d: Buffer) => (otelLog += d.toString()));
    const ready = await eventually(async () => otelLog, (log) => log.includes('Everything is ready') || started.exitCode !== null, 60_000);
    if (ready.includes('Everything is ready')) break;
    if (attempt < 5 && ready.includes('address already in use')) {
      if (started.exitCode === null) await new Promise((r) => started.once('exit', r));
      continue;
    }
    throw new Error(`otelcol did not start:\n${otelLog.slice(-4000)}`);
  }
}, 900_000);

afterAll(async () => {
  if (otel && otel.exitCode === null) {
    const exited = new Promise((r) => otel!.once('exit', r));
    otel.kill('SIGTERM');
    await exited;
  }
  // OTELCOL_LOG=<file> keeps otelcol's whole log for a look after the run.
  if (process.env['OTELCOL_LOG']) writeFileSync(process.env['OTELCOL_LOG'], otelLog);
  await flakyCollector?.shutdown();
  await serve?.stop();
});

/** Sends `count` Claude API spans with the OTel JS SDK (OTLP/HTTP protobuf) to otelcol's receiver. */
async function sendSpans(port: number, service: string, count: number): Promise<void> {
  const tel = otlpTelemetry({ url: `http://127.0.0.1:${port}`, protocol: 'protobuf', service, batch: { maxExportBatchSize: 512, scheduledDelayMillis: 50 } });
  const tracer = tel.tracer('interop', '1.0.0');
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('anthropic.chat', {
      kind: SpanKind.CLIENT,
      attributes: { 'gen_ai.system': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', 'http.response.status_code': 529 },
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: `529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded ${i}"}}` });
    span.end();
  }
  await tel.shutdown();
}

/** `count` log records of Claude API errors as OTLP/JSON to otelcol's receiver. */
async function sendLogs(port: number, service: string, count: number): Promise<void> {
  const logRecords = Array.from({ length: count }, (_, i) => ({
    timeUnixNano: `${Date.now() - i}000000`,
    severityNumber: 17,
    body: { stringValue: 'Claude API call failed' },
    attributes: [
      { key: 'exception.type', value: { stringValue: 'anthropic.InternalServerError' } },
      { key: 'exception.message', value: { stringValue: `Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded ${i}'}}` } },
    ],
  }));
  const body = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeLogs: [{ scope: { name: 'interop' }, logRecords }] }] };
  const res = await fetch(`http://127.0.0.1:${port}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** One Claude API span with an all-zero trace id, which otelcol forwards and we reject. */
async function sendInvalidSpan(port: number, service: string): Promise<void> {
  const now = `${Date.now()}000000`;
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'interop' },
            spans: [{ traceId: '00000000000000000000000000000000', spanId: '0102030405060708', name: 'anthropic.chat', kind: 3, startTimeUnixNano: now, endTimeUnixNano: now, attributes: [{ key: 'gen_ai.system', value: { stringValue: 'anthropic' } }] }],
          },
        ],
      },
    ],
  };
  const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

async function summary(service: string): Promise<{ total_calls: number; total_attempts: number }> {
  const res = await fetch(`${analyzerUrl}/api/v1/summary?from=-1h&service=${service}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { total_calls: number; total_attempts: number };
}

/** otelcol's JSON log lines that mention `text`. */
function otelLogLines(text: string): Record<string, unknown>[] {
  return otelLog
    .split('\n')
    .filter((l) => l.includes(text))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return { line: l };
      }
    });
}

describe.skipIf(!otelcol.ok)('the OpenTelemetry Collector (otlphttp exporter) -> claude-errors serve', () => {
  it('delivers every span exactly once with every compression and both encodings', async () => {
    await Promise.all(cases.map((c) => sendSpans(c.port, `otelcol-${c.id}`, SPANS_PER_CASE)));
    const counts: Record<string, { total_calls: number; total_attempts: number }> = {};
    for (const c of cases) {
      counts[c.id] = await eventually(() => summary(`otelcol-${c.id}`), (s) => s.total_calls >= SPANS_PER_CASE && s.total_attempts >= SPANS_PER_CASE, 30_000);
    }
    console.log(`[interop] calls/attempts stored per case: ${Object.entries(counts).map(([id, s]) => `${id} ${s.total_calls}/${s.total_attempts}`).join(', ')}`);
    // One call row and one synthesized attempt row per span, nothing more, nothing less.
    for (const c of cases) expect(counts[c.id], c.id).toMatchObject({ total_calls: SPANS_PER_CASE, total_attempts: SPANS_PER_CASE });
    expect(otelLogLines('Exporting failed'), otelLog.slice(-3000)).toEqual([]);
  });

  it('delivers log records exactly once with every compression and both encodings', async () => {
    await Promise.all(cases.map((c) => sendLogs(c.port, `otelcol-log-${c.id}`, 3)));
    for (const c of cases) {
      const s = await eventually(() => summary(`otelcol-log-${c.id}`), (v) => v.total_calls >= 3, 30_000);
      expect(s, c.id).toMatchObject({ total_calls: 3, total_attempts: 0 });
    }
  });

  it("logs our reason for a rejected span in otelcol's own log (partial success), for both encodings", async () => {
    await Promise.all(cases.map((c) => sendInvalidSpan(c.port, `otelcol-${c.id}`)));
    for (const c of cases) {
      const lines = await eventually(
        async () => otelLogLines('Partial success response').filter((l) => JSON.stringify(l).includes(`otlp_http/${c.id}`)),
        (ls) => ls.length > 0,
        15_000,
      );
      expect(lines, `${c.id}:\n${otelLog.slice(-3000)}`).toHaveLength(1);
      expect(lines[0]).toMatchObject({ message: "span 'anthropic.chat': invalid trace or span id", dropped_spans: 1 });
    }
    // The rejected spans were not stored.
    for (const c of cases) expect(await summary(`otelcol-${c.id}`), c.id).toMatchObject({ total_calls: SPANS_PER_CASE });
  });

  it('waits for Retry-After on our 429 and 503 and then delivers, with our Status message in its log', async () => {
    await sendSpans(retryPort, 'otelcol-retry', 5);
    await eventually(async () => flaky.records.length, (n) => n >= 10, 30_000);
    expect(flaky.records).toHaveLength(10); // 5 calls + 5 synthesized attempts, once
    expect(flaky.attempts.map((a) => a.answer)).toEqual([429, 503, 200]);
    const [first, second, third] = flaky.attempts.map((a) => a.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(1900); // Retry-After: 2
    expect(third - second).toBeGreaterThanOrEqual(900); // Retry-After: 1
    // otelcol decoded our protobuf google.rpc.Status: its retry log carries the message.
    const retries = otelLogLines('otlp_http/retry').filter((l) => JSON.stringify(l).includes('Will retry'));
    expect(retries.map((l) => String(l['error'] ?? JSON.stringify(l))).join('\n')).toMatch(new RegExp(`HTTP Status Code 429, Message=${QUEUE_FULL}[\\s\\S]*HTTP Status Code 503, Message=${BROKER_DOWN}`));
  });
});
