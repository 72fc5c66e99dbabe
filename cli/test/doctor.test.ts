// `claude-errors doctor` against a real running serve (API and ingest tokens on), and its
// explanations of an app's OpenTelemetry environment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '@claude-errors/testkit/serve';
import { checkAppEnv, effectiveTracesUrl } from '../src/doctor/app-env.js';
import type { Finding } from '../src/doctor/finding.js';
import { runCli } from './run-cli.js';

const API_TOKEN = 'doctor-api-token';
const INGEST_TOKEN = 'doctor-ingest-token';

function titles(findings: Finding[], level: Finding['level']): string[] {
  return findings.filter((f) => f.level === level).map((f) => f.title);
}

describe('app environment', () => {
  const server = { otlpUrl: 'http://127.0.0.1:4318', ingestTokenRequired: false };

  it('derives the traces URL as the SDKs do', () => {
    expect(effectiveTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).url).toBe('http://c:4318/v1/traces');
    expect(effectiveTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://d:4318/x' }).url).toBe('http://d:4318/x');
    expect(effectiveTracesUrl({}).url).toBe('http://localhost:4318/v1/traces');
  });

  it('a correct set-up has no failure', () => {
    const f = checkAppEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', NODE_OPTIONS: '--import ./telemetry.mjs' }, server);
    expect(titles(f, 'fail')).toEqual([]);
    expect(titles(f, 'warn')).toEqual([]);
    expect(titles(f, 'ok')).toEqual(['exporter protocol', 'loader hook']);
  });

  it('explains /v1/traces appended twice, and missing, naming the collector to use', () => {
    const twice = checkAppEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }, server);
    expect(twice.find((f) => f.title === '/v1/traces appended twice')?.detail).toContain('Set OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 ');
    const missing = checkAppEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318' }, server);
    expect(missing.find((f) => f.title === '/v1/traces missing')?.level).toBe('fail');
  });

  it('explains the gRPC port and the gRPC protocol', () => {
    const f = checkAppEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, server);
    expect(titles(f, 'fail')).toEqual(['gRPC port', 'gRPC exporter']);
    expect(f.find((x) => x.title === 'gRPC port')?.detail).toContain('OTLP over HTTP only');
  });

  it('takes JSON exporters, and notes another address or a missing ingest token', () => {
    const f = checkAppEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.internal:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, { otlpUrl: 'http://127.0.0.1:4318', ingestTokenRequired: true });
    expect(f.find((x) => x.title === 'exporter protocol')).toMatchObject({ level: 'ok' });
    expect(titles(f, 'warn')).toEqual(['another address']);
    expect(titles(f, 'fail')).toEqual(['ingest token']);
    const withHeader = checkAppEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20t' }, { otlpUrl: 'http://localhost:4318', ingestTokenRequired: true });
    expect(titles(withHeader, 'fail')).toEqual([]);
  });

  it('explains an ES module app without the loader hook, and the flush of short scripts', () => {
    const f = checkAppEnv({ NODE_OPTIONS: '--require ./tracing.cjs' }, server);
    expect(f.find((x) => x.title === 'loader hook')).toMatchObject({ level: 'warn' });
    expect(f.find((x) => x.title === 'loader hook')?.detail).toContain('--import');
    expect(f.find((x) => x.title === 'short scripts')?.detail).toContain('sdk.shutdown()');
    expect(checkAppEnv({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'console' }, server).filter((x) => x.level === 'fail').map((x) => x.title)).toEqual(['SDK disabled', 'no OTLP exporter']);
  });
});

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface DoctorReport {
  collector: string;
  server: Finding[];
  app: { source: string; findings: Finding[] };
}

describe('doctor against a running serve', () => {
  let serve: RunningServe;
  const dir = mkdtempSync(join(tmpdir(), 'ce-doctor-'));
  const doctor = (...args: string[]) => runCli(['doctor', '--url', serve.url, '--timeout', '15s', ...args]);
  const tokens = () => ['--api-token', API_TOKEN, '--ingest-token', INGEST_TOKEN];

  beforeAll(async () => {
    serve = await startServe(['--api-token', API_TOKEN, '--ingest-token', INGEST_TOKEN], API_TOKEN);
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a marked span through the collector, finds it through the API, and reads the rules', async () => {
    const run = await doctor(...tokens());
    expect(run.err).toBe('');
    expect(run.out).toMatch(/^\[ok\] {3}analyzer: .* answers \(claude-errors \d/m);
    expect(run.out).toContain(`[ok]   collector: accepted a test span (OTLP/HTTP protobuf, service.name claude-errors-doctor) at ${serve.otlpUrl}/v1/traces`);
    expect(run.out).toMatch(/^\[ok\] {3}stored: the test span is queryable through the API after/m);
    expect(run.out).toMatch(/^\[ok\] {3}rules: 5 alert rules loaded from \(defaults\)/m);
    expect(run.out).toContain('[info] notifiers: none configured');
    const summary = await serve.api<{ total_calls: number; failed_calls: number }>('summary?from=-1h&service=claude-errors-doctor');
    expect(summary).toMatchObject({ total_calls: 1, failed_calls: 0 });
    expect(run.code).toBe(0);
  });

  it('sends JSON when the app exports JSON, and reports in JSON', async () => {
    const env = join(dir, 'json.env');
    writeFileSync(env, `# the app's .env\nOTEL_EXPORTER_OTLP_ENDPOINT="${serve.otlpUrl}"\nOTEL_EXPORTER_OTLP_PROTOCOL=http/json\nOTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20${INGEST_TOKEN}\nNODE_OPTIONS="--import ./telemetry.mjs"\n`);
    const run = await doctor(...tokens(), '--app-env', env, '--json');
    const report = JSON.parse(run.out) as DoctorReport;
    expect(report.server.map((f) => [f.title, f.level])).toEqual([['analyzer', 'ok'], ['collector', 'ok'], ['stored', 'ok'], ['rules', 'ok'], ['notifiers', 'info']]);
    expect(report.server[1]!.detail).toContain('OTLP/HTTP JSON');
    expect(report.app.findings.filter((f) => f.level === 'fail' || f.level === 'warn')).toEqual([]);
    expect(run.code).toBe(0);
    expect((await serve.api<{ total_calls: number }>('summary?from=-1h&service=claude-errors-doctor')).total_calls).toBe(2);
  });

  it('says a missing API token is the problem', async () => {
    const run = await doctor('--ingest-token', INGEST_TOKEN);
    expect(run.out).toContain(`[FAIL] analyzer: ${serve.url} needs an API token: pass --api-token or set CE_API_TOKEN.`);
    expect(run.code).toBe(1);
  });

  it('says a missing ingest token is the problem', async () => {
    const run = await doctor('--api-token', API_TOKEN);
    expect(run.out).toContain(`[FAIL] collector: POST ${serve.otlpUrl}/v1/traces answered 401: the collector needs the ingest token`);
    expect(run.code).toBe(1);
  });

  it('explains a wrong path, the analyzer port given as the collector, and a port nothing listens on', async () => {
    const twice = await doctor(...tokens(), '--otlp', `${serve.otlpUrl}/v1/traces/v1/traces`);
    expect(twice.out).toContain('answered 404: nothing takes spans at this path');
    expect(twice.out).toContain(`[info] collector: the analyzer says its collector takes spans at ${serve.otlpUrl}/v1/traces.`);
    const analyzerPort = await doctor(...tokens(), '--otlp', serve.url);
    expect(analyzerPort.out).toContain(`[FAIL] collector: ${serve.url}/v1/traces is the analyzer's address (dashboard and API), not the collector's: it takes spans at ${serve.otlpUrl}/v1/traces.`);
    const port = await closedPort();
    const closed = await doctor(...tokens(), '--otlp', `http://127.0.0.1:${port}`);
    expect(closed.out).toContain(`[FAIL] collector: cannot send to http://127.0.0.1:${port}/v1/traces (ECONNREFUSED)`);
    for (const r of [twice, analyzerPort, closed]) expect(r.code).toBe(1);
  });

  it("explains the usual mistakes of an app's environment file", async () => {
    const env = join(dir, 'bad.env');
    writeFileSync(env, `export OTEL_EXPORTER_OTLP_ENDPOINT=${serve.otlpUrl.replace(/:\d+$/, ':4317')}/v1/traces\nOTEL_EXPORTER_OTLP_PROTOCOL=grpc\nNODE_OPTIONS=--require ./tracing.cjs\n`);
    const run = await doctor(...tokens(), '--app-env', env);
    expect(run.out).toContain(`App environment (from ${env}):`);
    expect(run.out).toContain(`[FAIL] /v1/traces appended twice: OTEL_EXPORTER_OTLP_ENDPOINT is a base URL and the SDK adds /v1/traces itself, so it sends to /v1/traces/v1/traces and the collector answers 404. Set OTEL_EXPORTER_OTLP_ENDPOINT=${serve.otlpUrl} `);
    expect(run.out).toContain('[FAIL] gRPC port: port 4317 is the OTLP/gRPC port');
    expect(run.out).toContain('[FAIL] gRPC exporter');
    expect(run.out).toContain('[FAIL] ingest token');
    expect(run.out).toMatch(/^\[warn\] loader hook: NODE_OPTIONS preloads \.\/tracing\.cjs with --require/m);
    expect(run.out).toContain('[info] short scripts');
    expect(run.code).toBe(1);
  });

  it("sends the test span as the app would, to its own endpoint with its headers", async () => {
    const env = join(dir, 'path.env');
    writeFileSync(env, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${serve.otlpUrl}\nOTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20${INGEST_TOKEN}\n`);
    const run = await doctor(...tokens(), '--app-env', env);
    expect(run.out).toContain('[FAIL] /v1/traces missing');
    expect(run.out).toContain(`[FAIL] sent as the app would: POST ${serve.otlpUrl} answered 404: nothing takes spans at this path.`);
    writeFileSync(env, `OTEL_EXPORTER_OTLP_ENDPOINT=${serve.otlpUrl}/\nOTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20${INGEST_TOKEN}\n`);
    const fixed = await doctor(...tokens(), '--app-env', env);
    expect(fixed.out).not.toContain('sent as the app would');
    expect(fixed.code).toBe(0);
  });

  it('says when nothing answers at the analyzer URL', async () => {
    const port = await closedPort();
    const run = await runCli(['doctor', '--url', `http://127.0.0.1:${port}`, '--app-env', '/dev/null']);
    expect(run.out).toContain(`[FAIL] analyzer: nothing answers at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(run.out).toContain('[skip] collector: not tried');
    expect(run.code).toBe(1);
  });
});
