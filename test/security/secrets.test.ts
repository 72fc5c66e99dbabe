import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import { eventually, runCli, startServeProcess, type CliProcess } from '../helpers/cli.js';

/**
 * Issue 10 items 6 and 7: secrets reached DuckDB, the API, the CLI's output and webhooks as they
 * were sent (a full sk-ant- key in anthropic.sdk.version, in a scope name, in an attribute name;
 * URL passwords, AWS secrets, tokens in messages). One sample per detector of the shared scrubber
 * is planted in every place a span or log record can carry text, sent through a real `serve`
 * (collector -> embedded queue -> analyzer -> DuckDB), and looked for everywhere the text comes out:
 * the DuckDB file's bytes and every table read back after shutdown, the API's list, detail and live
 * stream, the webhook bodies a local receiver gets, the process's logs, and `analyze`, `analyze
 * --json` and `classify`. None may appear.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n: number, alphabet = ALNUM): string => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

interface Planted {
  kind: string;
  /** The text planted: a secret in the form the detector finds. */
  sample: string;
  /** What must never come out: the secret part of the sample. */
  needle: string;
}

function planted(): Planted[] {
  const p = (kind: string, sample: string, needle: string): Planted => ({ kind, sample, needle });
  const anthropic = `sk-ant-api03-${rand(93)}AA`;
  const admin = `sk-ant-admin01-${rand(80)}`;
  const openai = `sk-proj-${rand(64)}`;
  const akia = `AKIA${rand(16, UPPER)}`;
  const awsSecret = rand(40, `${ALNUM}/+`);
  const google = `AIza${rand(35)}`;
  const ghp = `ghp_${rand(36)}`;
  const pat = `github_pat_${rand(22)}_${rand(59)}`;
  const slack = `xoxb-${rand(12, '0123456789')}-${rand(13, '0123456789')}-${rand(24)}`;
  const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ${rand(24)}.${rand(43)}`;
  const bearer = `${rand(20)}.${rand(12)}`;
  const basicPass = `Pw${rand(14)}`;
  const urlPass = `Pw${rand(16)}`;
  const queryToken = `Qt${rand(18)}`;
  const queryKey = `Qk${rand(18)}`;
  const pairSecret = `Ps${rand(18)}`;
  const escapedSecret = `Es${rand(18)}`;
  const awsInForm = rand(40, `${ALNUM}/+`);
  return [
    p('anthropic-key', anthropic, anthropic.slice(7)),
    p('anthropic-admin-key', admin, admin.slice(7)),
    p('openai-key', openai, openai.slice(8)),
    p('aws-access-key-id', akia, akia),
    p('aws-secret-key', `aws_secret_access_key=${awsSecret}`, awsSecret),
    p('aws-secret-key (env form)', `AWS_SECRET_ACCESS_KEY: ${awsInForm}`, awsInForm),
    p('google-api-key', `https://maps.example.com/geo?q=1&key=${google}`, google),
    p('github-token', ghp, ghp),
    p('github-pat', pat, pat),
    p('slack-token', slack, slack),
    p('jwt', jwt, jwt.slice(jwt.lastIndexOf('.') + 1)),
    p('bearer-token', `Authorization: Bearer ${bearer}`, bearer),
    p('basic-credentials', `Proxy-Authorization: Basic ${Buffer.from(`deploy:${basicPass}`).toString('base64')}`, Buffer.from(`deploy:${basicPass}`).toString('base64')),
    p('url-credentials', `connect ECONNREFUSED https://deploy:${urlPass}@proxy.internal:3128`, urlPass),
    p('query token', `GET /v1/hook?token=${queryToken}&v=2`, queryToken),
    p('query key', `GET /v1/thing?a=1&key=${queryKey}`, queryKey),
    p('secret pair', `api_key=${pairSecret}`, pairSecret),
    p('escaped JSON x-api-key', `{\\"x-api-key\\": \\"${escapedSecret}\\"}`, escapedSecret),
  ];
}

const PLANTED = planted();
const NOW = Date.now();
const hex = (n: number): string => randomBytes(n).toString('hex');
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** A span of this project's instrumentation with the sample in every field it can carry text in. */
function ourSpan(s: Planted, traceId: string, spanId: string) {
  const t = (ms: number): string => `${NOW - 1000 + ms}000000`;
  return {
    traceId,
    spanId,
    name: `anthropic.messages.create ${s.sample}`,
    kind: 3,
    startTimeUnixNano: t(0),
    endTimeUnixNano: t(500),
    attributes: [
      str(sc.ANTHROPIC_SDK_VERSION, s.sample),
      str(sc.GEN_AI_REQUEST_MODEL, `claude-sonnet-4-5 ${s.sample}`),
      str(sc.ANTHROPIC_OPERATION, `messages.create ${s.sample}`),
      str(sc.ANTHROPIC_REQUEST_ID, `req_011CV ${s.sample}`),
      str(sc.ANTHROPIC_ERROR_MESSAGE, `authentication failed: ${s.sample}`),
      str(sc.ANTHROPIC_ERROR_TYPE, `authentication_error ${s.sample}`),
      str(sc.ANTHROPIC_OUTCOME, 'error'),
      { key: sc.HTTP_RESPONSE_STATUS_CODE, value: { intValue: '401' } },
      // An attribute name holding the secret, with the secret as its value too.
      str(`${sc.RATELIMIT_PREFIX}${s.sample}`, s.sample),
      str(`${sc.RATELIMIT_PREFIX}note`, `limit note ${s.sample}`),
    ],
    events: [
      { name: 'exception', timeUnixNano: t(400), attributes: [str('exception.type', `AuthenticationError ${s.sample}`), str('exception.message', `401 ${s.sample}`)] },
      {
        name: sc.ATTEMPT_EVENT,
        timeUnixNano: t(10),
        attributes: [
          { key: sc.ATTEMPT_NUMBER, value: { intValue: '1' } },
          str(sc.ATTEMPT_OUTCOME, 'error'),
          { key: sc.HTTP_RESPONSE_STATUS_CODE, value: { intValue: '401' } },
          str(sc.ANTHROPIC_ERROR_MESSAGE, `attempt failed ${s.sample}`),
          str(sc.EXCEPTION_TYPE, `AuthenticationError ${s.sample}`),
          str(sc.ANTHROPIC_REQUEST_ID, `req_011CW ${s.sample}`),
          str(`${sc.RATELIMIT_PREFIX}attempt`, s.sample),
        ],
      },
    ],
    status: { code: 2, message: `status ${s.sample}` },
  };
}

/** An OpenLLMetry span: the SDK name comes from the scope name, the message from the status. */
function otherSpan(s: Planted, traceId: string, spanId: string) {
  return {
    traceId,
    spanId,
    name: 'anthropic.chat',
    kind: 3,
    startTimeUnixNano: `${NOW - 900}000000`,
    endTimeUnixNano: `${NOW - 800}000000`,
    attributes: [str('gen_ai.system', 'anthropic'), str('llm.request.type', 'chat'), { key: 'http.status_code', value: { intValue: '500' } }],
    events: [],
    status: { code: 2, message: `Error code: 500 - ${s.sample}` },
  };
}

interface Sent {
  traces: Array<{ traceId: string; spanId: string }>;
}

function tracesBody(sent: Sent) {
  return {
    resourceSpans: PLANTED.map((s) => {
      const ours = { traceId: hex(16), spanId: hex(8) };
      const other = { traceId: hex(16), spanId: hex(8) };
      sent.traces.push(ours, other);
      return {
        resource: { attributes: [str('service.name', `svc ${s.sample}`), str('deployment.environment', s.sample), str('telemetry.sdk.language', 'nodejs')] },
        scopeSpans: [
          { scope: { name: sc.INSTRUMENTATION_NAME, version: s.sample }, spans: [ourSpan(s, ours.traceId, ours.spanId)] },
          { scope: { name: `@traceloop/instrumentation-anthropic ${s.sample}`, version: s.sample }, spans: [otherSpan(s, other.traceId, other.spanId)] },
        ],
      };
    }),
  };
}

function logsBody() {
  return {
    resourceLogs: PLANTED.map((s) => ({
      resource: { attributes: [str('service.name', `log-svc ${s.sample}`), str('telemetry.sdk.language', 'python')] },
      scopeLogs: [
        {
          scope: { name: `app.logger ${s.sample}` },
          logRecords: [
            {
              timeUnixNano: `${NOW - 700}000000`,
              severityText: 'ERROR',
              body: { stringValue: `anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key ${s.sample}'}}` },
              attributes: [str('exception.type', `anthropic.AuthenticationError ${s.sample}`), str('exception.message', `invalid ${s.sample}`), str('gen_ai.request.model', `claude ${s.sample}`)],
            },
          ],
        },
      ],
    })),
  };
}

/** Every planted secret found in `text`, by kind (empty when none leaked). */
function leaks(text: string): string[] {
  return PLANTED.filter((s) => text.includes(s.needle)).map((s) => s.kind);
}

/** Runs the built CLI to its end with `input` on stdin. */
async function runOnce(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  const p = runCli(args, { CE_LOG_LEVEL: 'info' }, input);
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.stderr() };
}

/** Every table of a DuckDB file, read back in a child process (read-only) as JSON text. */
function dumpStore(file: string): Promise<string> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const db = await DuckDBInstance.create(process.argv[1], { access_mode: 'READ_ONLY' });
    const conn = await db.connect();
    const tables = (await conn.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).getRows().map((r) => String(r[0]));
    const out = {};
    for (const t of tables) out[t] = (await conn.runAndReadAll('SELECT * FROM "' + t + '"')).getRowsJson();
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], { cwd: fileURLToPath(new URL('../../analyzer/', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`reading ${file} failed (${code}): ${err}`))));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const dir = mkdtempSync(join(tmpdir(), 'ce-secrets-'));
const dataDir = join(dir, 'data');
const received: string[] = [];
const sent: Sent = { traces: [] };
let hook: Server;
let serve: CliProcess;
let collectorUrl = '';
let analyzerUrl = '';
let liveText = '';
let liveAbort: AbortController;
let liveDone: Promise<void>;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    `rules:
  - name: any-error
    kind: count
    threshold: 1
    window: 10m
    group_by: [service, model, sdk, sdk_version, error_type, request_id]
    summary: "{value} errors in {service} {model} {sdk_version} {error_type}"
    severity: warning
notifiers:
  - name: hook
    type: webhook
    url: ${hookUrl}
    format: json
    repeat_interval: 4h
`,
  );
  ({ serve, collectorUrl, analyzerUrl } = await startServeProcess(dataDir, ['--rules', rules, '--log-format', 'json'], { CE_LOG_LEVEL: 'debug' }));

  // The live stream, connected before anything is sent.
  liveAbort = new AbortController();
  const live = await fetch(`${analyzerUrl}/api/v1/live`, { signal: liveAbort.signal });
  expect(live.status).toBe(200);
  liveDone = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of live.body as unknown as AsyncIterable<Uint8Array>) liveText += decoder.decode(chunk, { stream: true });
    } catch {
      // aborted at the end of the test
    }
  })();

  const post = (path: string, body: unknown) => fetch(`${collectorUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const traces = await post('/v1/traces', tracesBody(sent));
  expect(traces.status, await traces.text()).toBe(200);
  const logs = await post('/v1/logs', logsBody());
  expect(logs.status, await logs.text()).toBe(200);
  // One more span with an invalid trace id: its name is quoted in the refusal (and may be logged).
  const refused = await post('/v1/traces', { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: sc.INSTRUMENTATION_NAME }, spans: [{ ...ourSpan(PLANTED[0]!, 'zz', 'zz'), name: `bad span ${PLANTED[0]!.sample}` }] }] }] });
  await refused.text();
}, 180_000);

afterAll(async () => {
  liveAbort?.abort();
  await serve?.stop();
  hook?.close();
});

const json = async (path: string): Promise<string> => {
  const res = await fetch(`${analyzerUrl}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('no planted secret comes out of serve', () => {
  it('every span and log record was stored, with markers where the secrets were', async () => {
    const calls = sent.traces.length + PLANTED.length;
    const list = await eventually(
      async () => JSON.parse(await json('/api/v1/errors?kind=call&limit=500')) as { rows: unknown[] },
      (l) => l.rows.length >= calls,
    );
    expect(list.rows.length).toBe(calls);
    const first = JSON.parse(await json(`/api/v1/errors/${sent.traces[0]!.traceId}/${sent.traces[0]!.spanId}`)) as { call: Record<string, unknown> };
    expect(JSON.stringify(first)).toContain('[REDACTED:anthropic-key]');
  });

  it('API: the error list (calls and attempts) and every call detail', async () => {
    const list = await json('/api/v1/errors?limit=500');
    expect(leaks(list)).toEqual([]);
    for (const t of sent.traces) expect(leaks(await json(`/api/v1/errors/${t.traceId}/${t.spanId}`)), `${t.traceId}/${t.spanId}`).toEqual([]);
    for (const path of ['/api/v1/summary', '/api/v1/patterns', '/api/v1/alerts']) expect(leaks(await json(path)), path).toEqual([]);
  });

  it('API: the live stream', async () => {
    await eventually(async () => liveText, (t) => (t.match(/REDACTED/g) ?? []).length > PLANTED.length);
    expect(liveText).toContain('[REDACTED:');
    expect(leaks(liveText)).toEqual([]);
  });

  it('webhook bodies', async () => {
    await eventually(async () => received.length, (n) => n >= PLANTED.length);
    expect(received.join('\n')).toContain('[REDACTED:');
    expect(leaks(received.join('\n'))).toEqual([]);
  });

  it("the process's logs, the DuckDB file's bytes and every table read back after shutdown", async () => {
    liveAbort.abort();
    await liveDone;
    expect(await serve.stop()).toBe(0);
    expect(leaks(serve.stdout() + serve.stderr())).toEqual([]);
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('.duckdb'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const s of PLANTED) expect(bytes.includes(Buffer.from(s.needle)), `${s.kind} in ${f}`).toBe(false);
    }
    const dump = await dumpStore(files.find((f) => f.endsWith('.duckdb'))!);
    expect(dump).toContain('[REDACTED:');
    expect(leaks(dump)).toEqual([]);
  });
});

describe('no planted secret comes out of the CLI', () => {
  const log = join(dir, 'app.log');
  beforeAll(() => {
    const lines: string[] = [];
    for (const s of PLANTED) {
      lines.push(`2026-12-04T10:00:00Z ERROR anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key ${s.sample}'}}`);
      lines.push(JSON.stringify({ level: 50, time: NOW, msg: `Claude call failed ${s.sample}`, err: { type: 'RateLimitError', message: `429 {"type":"error","error":{"type":"rate_limit_error","message":"slow down ${s.sample}"}}` } }));
      lines.push(`2026-12-04T10:00:01Z ERROR anthropic.InternalServerError: Error code: 500 - {'type': 'error', 'error': {'type': 'api_error', 'message': 'strange new failure ${rand(6)} ${s.sample}'}}`);
    }
    writeFileSync(log, lines.join('\n') + '\n');
  });

  it('analyze (text report)', async () => {
    const r = await runOnce(['analyze', log]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Found \d+ Claude API errors/);
    expect(leaks(r.out + r.err)).toEqual([]);
  });

  it('analyze --json', async () => {
    const r = await runOnce(['analyze', '--json', log]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { entries: Array<{ sample: { text: string } }> };
    expect(report.entries.some((e) => e.sample.text.includes('[REDACTED:'))).toBe(true);
    expect(leaks(r.out + r.err)).toEqual([]);
  });

  it('log lines, JSON and pretty, whatever is logged (messages, error objects, fields)', async () => {
    const logger = new URL('../../cli/dist/logger.js', import.meta.url).href;
    const samples = JSON.stringify(PLANTED.map((s) => s.sample));
    for (const format of ['json', 'pretty']) {
      const script = `
        const { makeLogger } = await import(${JSON.stringify(logger)});
        const log = makeLogger('info', 'secrets-test', ${JSON.stringify(format)});
        for (const s of ${samples}) log.error({ err: new Error('call failed ' + s), url: s, [s]: 1 }, 'failed: ' + s);
        log.flush?.();`;
      const r = await new Promise<{ err: string; code: number | null }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ err, code }));
      });
      expect(r.code, r.err).toBe(0);
      expect(r.err, format).toContain('[REDACTED:');
      expect(leaks(r.err), format).toEqual([]);
    }
  });

  it('classify: fingerprints and error lines', async () => {
    const input = PLANTED.flatMap((s) => [
      JSON.stringify({ status: 500, message: `something odd ${s.sample}`, exception: `Weird ${s.sample}`, error_type: `odd_error ${s.sample}` }),
      JSON.stringify({ status: 401, message: `Authorization failed with Bearer-less ${s.sample}` }),
      `{"message": "broken line ${s.sample}`,
      JSON.stringify({ status: `bad ${s.sample}` }),
    ]).join('\n');
    const r = await runOnce(['classify'], input);
    expect(r.out).toContain('[REDACTED:');
    expect(leaks(r.out + r.err)).toEqual([]);
  });
});
