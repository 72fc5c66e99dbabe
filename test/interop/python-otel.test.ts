import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fates, startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { eventually, startServeProcess, type CliProcess } from '../helpers/cli.js';
import { ensureVenv, type Venv } from './venv.js';

const APP = fileURLToPath(new URL('./anthropic_app.py', import.meta.url));
const quick = { retryAfterMs: 5 };

// The venv needs PyPI. In CI a missing venv is a failure; on a laptop without network, a skip
// with the reason printed.
const venv: Venv = ensureVenv();
const inCi = process.env['CI'] === 'true';
if (!venv.ok && !inCi) console.warn(`[interop] skipping the Python interoperability test: ${venv.reason}`);

let serve: CliProcess;
let api: FakeApi;
let collectorUrl = '';
let analyzerUrl = '';

beforeAll(async () => {
  if (!venv.ok) return;
  ({ serve, collectorUrl, analyzerUrl } = await startServeProcess(mkdtempSync(join(tmpdir(), 'ce-interop-'))));
  api = await startFakeApi();
}, 300_000);
afterAll(async () => {
  await api?.close();
  await serve?.stop();
});

type Tracing = 'openllmetry' | 'native';

/** Runs the Python app with the given calls; resolves with its JSON lines. */
function runPythonApp(python: string, tracing: Tracing, service: string, calls: string[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, FAKE_API_URL: api.url, OTLP_URL: collectorUrl, SERVICE_NAME: service, TRACING: tracing };
    // With OpenLLMetry the SDK's own spans are switched off: both at once make two unrelated spans per call.
    if (tracing === 'openllmetry') env['ANTHROPIC_OPEN_TELEMETRY'] = 'false';
    const child = spawn(python, [APP, ...calls], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`python app exited with ${code}:\n${out}\n${err}`));
      else resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}

async function getJson(path: string): Promise<any> {
  const res = await fetch(`${analyzerUrl}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

const TOKENS_429 = 'Number of request tokens has exceeded your per-minute rate limit';
const MAX_TOKENS_400 = 'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5';

/** Four calls: rescued after two 529s, 529s until retries run out, 429s likewise, one 400. */
async function runScenario(python: string, tracing: Tracing, service: string): Promise<{ summary: any; calls: any[]; attempts: any[] }> {
  api.reset();
  api.enqueue(
    fates.overloaded(quick), fates.overloaded(quick), fates.success(),
    fates.overloaded(quick), fates.overloaded(quick), fates.overloaded(quick),
    fates.rateLimited({ ...quick, message: TOKENS_429 }), fates.rateLimited({ ...quick, message: TOKENS_429 }), fates.rateLimited({ ...quick, message: TOKENS_429 }),
    fates.error(400, 'invalid_request_error', { message: MAX_TOKENS_400 }),
  );
  const results = await runPythonApp(python, tracing, service, ['ok', 'overloaded', 'rate_limited', 'invalid']);
  expect(results).toEqual([
    { call: 'ok', ok: true, type: 'message' },
    { call: 'overloaded', ok: false, status: 529 },
    { call: 'rate_limited', ok: false, status: 429 },
    { call: 'invalid', ok: false, status: 400 },
  ]);
  expect(api.requests).toHaveLength(10);
  const q = `from=-1h&service=${service}`;
  const summary = await eventually(() => getJson(`/api/v1/summary?${q}`), (s) => s.total_calls >= 4);
  const calls = (await getJson(`/api/v1/errors?${q}&kind=call&limit=100`)).rows as any[];
  const attempts = (await getJson(`/api/v1/errors?${q}&kind=attempt&limit=100`)).rows as any[];
  for (const r of [...calls, ...attempts]) {
    expect(r).toMatchObject({ service, model: 'claude-sonnet-4-5', outcome: 'error', source: 'python-otel', sdk: 'anthropic' });
    expect(r.trace_id).toMatch(/^[0-9a-f]{32}$/);
    // Neither the API key nor the prompt (OpenLLMetry records it in gen_ai.input.messages) is stored.
    expect(JSON.stringify(r)).not.toContain('python-interop-secret');
    expect(JSON.stringify(r)).not.toContain('interop prompt');
  }
  return { summary, calls, attempts };
}

const byStatus = (rows: any[]): any[] => [...rows].sort((a, b) => a.status - b.status);

describe('Python interoperability: the real anthropic SDK and opentelemetry-python -> claude-errors serve', () => {
  it.skipIf(!venv.ok && !inCi)('has a virtualenv with the pinned PyPI packages', () => {
    expect(venv.ok, venv.ok ? '' : `cannot build the Python virtualenv (PyPI needed): ${venv.reason}`).toBe(true);
  });

  it.runIf(venv.ok)('OpenLLMetry spans: one row per call with status, error type and catalog id from the exception', async () => {
    if (!venv.ok) throw new Error('unreachable: runs only with a virtualenv');
    const { summary, calls, attempts } = await runScenario(venv.python, 'openllmetry', 'py-openllmetry');
    expect(summary).toMatchObject({ total_calls: 4, failed_calls: 3, total_attempts: 4, failed_attempts: 3 });
    expect(byStatus(calls).map((r) => [r.status, r.error_type, r.catalog_id, r.exception_type])).toEqual([
      [400, 'invalid_request_error', 'max-tokens-exceeded', 'anthropic.BadRequestError'],
      [429, 'rate_limit_error', 'rate-limit-tokens', 'anthropic.RateLimitError'],
      [529, 'overloaded_error', 'overloaded', 'anthropic.OverloadedError'],
    ]);
    for (const r of calls) expect(r.message).toMatch(new RegExp(`^Error code: ${r.status} - `));
    // OpenLLMetry has no per-attempt detail: one synthesized row stands for the final attempt.
    expect(byStatus(attempts).map((r) => [r.status, r.attempt, r.catalog_id])).toEqual([
      [400, 1, 'max-tokens-exceeded'],
      [429, 1, 'rate-limit-tokens'],
      [529, 1, 'overloaded'],
    ]);
  });

  it.runIf(venv.ok)("the SDK's own spans: status, error type, request id and retry count per call", async () => {
    if (!venv.ok) throw new Error('unreachable: runs only with a virtualenv');
    const { summary, calls } = await runScenario(venv.python, 'native', 'py-native');
    expect(summary).toMatchObject({ total_calls: 4, failed_calls: 3 });
    expect(byStatus(calls).map((r) => [r.status, r.error_type, r.attempts, r.operation])).toEqual([
      [400, 'invalid_request_error', null, 'messages.create'],
      [429, 'rate_limit_error', 3, 'messages.create'],
      [529, 'overloaded_error', 3, 'messages.create'],
    ]);
    for (const r of calls) expect(r.request_id).toMatch(/^req_/);
    expect(calls.find((r) => r.status === 529).catalog_id).toBe('overloaded');
  });
});
