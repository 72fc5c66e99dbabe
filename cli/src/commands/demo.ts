import { parseArgs } from 'node:util';
import * as AnthropicSdk from '@anthropic-ai/sdk';
import Anthropic from '@anthropic-ai/sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AnthropicInstrumentation } from '@claude-errors/instrumentation-anthropic';
import { parseDuration } from '@claude-errors/schemas';
import type { Alert, AlertsResponse } from '@claude-errors/schemas/api';
import { startFakeApi, fates, type Fate, type RecordedRequest } from '@claude-errors/fake-api';
import type { Command } from '../command.js';
import { withoutTrailingSlashes } from '../url.js';

const USAGE = `Usage: claude-errors demo [options]

Starts a local fake Claude API and drives realistic traffic through the real @anthropic-ai/sdk,
instrumented with @claude-errors/instrumentation-anthropic, into a running \`claude-errors serve\`:
bursts of 529 overloads, 429s with retry-after, a mix of 400 causes, cut streams.

Options:
  --url <url>          OTLP/HTTP endpoint of the running serve (default http://127.0.0.1:4318)
  --dashboard <url>    where the dashboard is, printed for you to open (default http://127.0.0.1:4320/)
  --duration <time>    how long to send traffic: 30s, 2m, 1h (default 60s)
  --rate <n>           calls started per second (default 5)
  --service <name>     service.name of the demo app (default demo-app)
  --ingest-token <t>   bearer token, when serve runs with --ingest-token (env CE_INGEST_TOKEN)
  --quiet              print only the start and the final summary`;

interface DemoOptions {
  url: string;
  dashboard: string;
  durationMs: number;
  rate: number;
  service: string;
  ingestToken: string | null;
  quiet: boolean;
}

/** A bad option: printed with the usage, exit code 2. */
class UsageError extends Error {}

/** The demo's `--duration`: any duration, or a bare number of seconds (`--duration 90`). */
function demoDuration(text: string, name: string): number {
  const ms = parseDuration(text.trim(), { bareNumberUnit: 's' });
  if (ms === undefined) throw new UsageError(`${name}: '${text}' is not a duration (examples: 30s, 2m, 1h)`);
  if (ms <= 0) throw new UsageError(`${name}: must be more than zero`);
  return ms;
}

function parseOptions(argv: string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:4318' },
      dashboard: { type: 'string', default: 'http://127.0.0.1:4320/' },
      duration: { type: 'string', default: '60s' },
      rate: { type: 'string', default: '5' },
      service: { type: 'string', default: 'demo-app' },
      'ingest-token': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) throw new UsageError(`--rate: '${values.rate}' must be a number of calls per second between 0 and 1000`);
  for (const key of ['url', 'dashboard'] as const) {
    try {
      new URL(values[key]);
    } catch {
      throw new UsageError(`--${key}: '${values[key]}' is not a URL`);
    }
  }
  if (!values.service.trim()) throw new UsageError('--service: must not be empty');
  return { url: withoutTrailingSlashes(values.url), dashboard: values.dashboard, durationMs: demoDuration(values.duration, '--duration'), rate, service: values.service, ingestToken: values['ingest-token'] ?? process.env['CE_INGEST_TOKEN'] ?? null, quiet: values.quiet };
}

// ---- The traffic: which fate each HTTP attempt meets -------------------------------------------

const MODELS = [
  ['claude-sonnet-5', 0.5],
  ['claude-haiku-4-5', 0.35],
  ['claude-opus-5', 0.15],
] as const;
/** The model whose capacity runs out during overload bursts. */
const BURST_MODEL = 'claude-sonnet-5';
const CYCLE_MS = 30_000;
// The overload burst lasts 10 s of every 30 s, so the streak alerts it trips stay firing long
// enough to be seen on the page (they resolve a few successes after the burst ends).
const OVERLOAD_BURST: [number, number] = [5_000, 15_000];
const RATE_LIMIT_BURST: [number, number] = [18_000, 23_000];

/** 400 answers as the API words them, each matching a catalog entry; the last matches none. */
const BAD_REQUESTS = [
  'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-5',
  'prompt is too long: 214871 tokens > 200000 maximum',
  'messages: first message must use the "user" role',
  'messages: text content blocks must be non-empty',
  'messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XFDUDYJgAACzvnptvVoYEL',
  'model: claude-sonet-5 is an invalid model name',
  'messages.1.content.0.citations: citation settings differ between documents 3 and 7 in this request',
];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function pickModel(): string {
  let r = Math.random();
  for (const [model, weight] of MODELS) {
    if ((r -= weight) < 0) return model;
  }
  return MODELS[0][0];
}

type Phase = 'baseline' | 'overload' | 'rate-limit';

function phaseAt(elapsedMs: number): Phase {
  const t = elapsedMs % CYCLE_MS;
  if (t >= OVERLOAD_BURST[0] && t < OVERLOAD_BURST[1]) return 'overload';
  if (t >= RATE_LIMIT_BURST[0] && t < RATE_LIMIT_BURST[1]) return 'rate-limit';
  return 'baseline';
}

/** The fate of one HTTP attempt; retries of a call draw again, so many failures are retried away. */
function fateFor(req: RecordedRequest, phase: Phase): Fate {
  const model = typeof req.json?.['model'] === 'string' ? req.json['model'] : '';
  const stream = req.json?.['stream'] === true;
  if (phase === 'overload' && model === BURST_MODEL) return fates.overloaded();
  if (phase === 'rate-limit' && Math.random() < 0.6) return fates.rateLimited({ retryAfter: 1, rateLimits: { requests: { limit: 50, remaining: 0, reset: 1 } } });
  const r = Math.random();
  if (r < 0.05) return fates.overloaded();
  if (r < 0.08) return fates.rateLimited({ retryAfter: 1 });
  if (r < 0.1) return fates.error(500, 'api_error', { message: 'Internal server error' });
  if (r < 0.15) return fates.error(400, 'invalid_request_error', { message: pick(BAD_REQUESTS) });
  if (stream && r < 0.3) return fates.streamCut({ afterDeltas: 2 });
  return fates.success({ delayMs: 20 + Math.floor(Math.random() * 120) });
}

// ---- Running it ----------------------------------------------------------------------------------

interface Tally {
  calls: number;
  ok: number;
  failed: Map<string, number>;
  skipped: number;
  /** HTTP attempts per call id still in flight (counted by the fake API's handler). */
  attemptsByCall: Map<string, number>;
  attempts: number;
  failedAttempts: number;
  /** Failed attempts of calls that then succeeded: the app never saw them. */
  retriedAway: number;
}

/** Header that ties each HTTP attempt to its call, so the tally can tell retried-away failures. */
const CALL_HEADER = 'x-demo-call';

function failureLabel(err: unknown): string {
  const e = err as { status?: number; constructor?: { name?: string }; message?: string };
  if (typeof e.status === 'number') return String(e.status);
  return e.constructor?.name ?? 'error';
}

async function oneCall(client: Anthropic, tally: Tally): Promise<void> {
  const id = String((tally.calls += 1));
  tally.attemptsByCall.set(id, 0);
  const params = { model: pickModel(), max_tokens: 256, messages: [{ role: 'user' as const, content: 'Summarize the incident report in two sentences.' }] };
  const options = { headers: { [CALL_HEADER]: id } };
  try {
    if (Math.random() < 0.2) {
      await client.messages.stream(params, options).finalMessage();
    } else {
      await client.messages.create(params, options);
    }
    tally.ok += 1;
    tally.retriedAway += Math.max(0, (tally.attemptsByCall.get(id) ?? 1) - 1);
  } catch (err) {
    const label = failureLabel(err);
    tally.failed.set(label, (tally.failed.get(label) ?? 0) + 1);
  } finally {
    tally.attemptsByCall.delete(id);
  }
}

/** Fails fast, with a hint, when nothing listens at the OTLP endpoint. */
async function checkCollector(url: string, headers: Record<string, string>): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', ...headers }, body: new Uint8Array(), signal: AbortSignal.timeout(5000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new Error(`no OTLP receiver answers at ${url} (${cause}). Start one first with \`claude-errors serve\`, or pass --url.`);
  }
  if (res.status === 401 || res.status === 403) throw new Error(`the OTLP receiver at ${url} refused the demo (HTTP ${res.status}): pass its --ingest-token`);
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function summary(tally: Tally): string {
  const failed = [...tally.failed.values()].reduce((a, b) => a + b, 0);
  const by = [...tally.failed.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}×${v}`).join(', ');
  return `${tally.calls} calls: ${tally.ok} ok, ${failed} failed${by ? ` (${by})` : ''}; ${tally.attempts} HTTP attempts, ${tally.failedAttempts} failed, ${tally.retriedAway} of them retried away`;
}

async function runDemo(o: DemoOptions): Promise<void> {
  const headers: Record<string, string> = o.ingestToken ? { Authorization: `Bearer ${o.ingestToken}` } : {};
  await checkCollector(o.url, headers);
  const api = await startFakeApi();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': o.service }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${o.url}/v1/traces`, headers }), scheduledDelayMillis: 500 })],
  });
  const instrumentation = new AnthropicInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(AnthropicSdk);
  // A placeholder key: the fake API accepts anything, and the instrumentation never records it.
  const client = new Anthropic({ apiKey: 'sk-ant-demo-placeholder', baseURL: api.url, maxRetries: 2 });

  const started = Date.now();
  let phase: Phase = 'baseline';
  const tally: Tally = { calls: 0, ok: 0, failed: new Map(), skipped: 0, attemptsByCall: new Map(), attempts: 0, failedAttempts: 0, retriedAway: 0 };
  api.setHandler((req) => {
    const fate = fateFor(req, phaseAt(Date.now() - started));
    const id = req.headers[CALL_HEADER];
    if (id !== undefined && tally.attemptsByCall.has(id)) tally.attemptsByCall.set(id, (tally.attemptsByCall.get(id) ?? 0) + 1);
    tally.attempts += 1;
    if (fate.kind !== 'success') tally.failedAttempts += 1;
    return fate;
  });
  say(`claude-errors demo: fake Claude API at ${api.url}; sending spans of service '${o.service}' to ${o.url}/v1/traces`);
  say(`  ${o.rate} calls/s for ${o.durationMs / 1000}s with models ${MODELS.map((m) => m[0]).join(', ')}; every ${CYCLE_MS / 1000}s a 529 burst on ${BURST_MODEL} (trips the overload streak alert) and a 429 burst`);
  say(`  open the dashboard: ${o.dashboard}`);

  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(20, o.rate * 10);
  let lastReport = started;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      if (elapsed >= o.durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      const now = phaseAt(elapsed);
      if (now !== phase && !o.quiet) {
        if (now === 'overload') say(`[${Math.round(elapsed / 1000)}s] overload burst: every attempt on ${BURST_MODEL} gets 529 for ${(OVERLOAD_BURST[1] - OVERLOAD_BURST[0]) / 1000}s`);
        if (now === 'rate-limit') say(`[${Math.round(elapsed / 1000)}s] rate-limit burst: 60% of attempts get 429 with retry-after: 1`);
        if (now === 'baseline') say(`[${Math.round(elapsed / 1000)}s] back to normal: mostly successes, a few 529/429/500 (most retried away), 400s, cut streams`);
      }
      phase = now;
      if (inFlight.size >= maxInFlight) {
        tally.skipped += 1;
      } else {
        const p = oneCall(client, tally).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (!o.quiet && Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        say(`[${Math.round(elapsed / 1000)}s] ${summary(tally)}`);
      }
    }, 1000 / o.rate);
  });
  say('Waiting for calls still retrying…');
  await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 30_000))]);
  await provider.forceFlush();
  await provider.shutdown();
  instrumentation.disable();
  await api.close();
  say(`Done: ${summary(tally)}${tally.skipped ? `; ${tally.skipped} calls not started because ${maxInFlight} were still in flight` : ''}.`);
  await printAlerts(o.dashboard, started);
  say(`See them at ${o.dashboard}`);
}

function alertText(a: Alert): string {
  const labels = Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${a.rule}${labels ? ` (${labels})` : ''}`;
}

/**
 * Best effort: the alerts firing now and those that fired during the demo and resolved since
 * (streak alerts resolve a few successes after a burst). Skipped when the API is not reachable.
 */
async function printAlerts(dashboard: string, startedMs: number): Promise<void> {
  try {
    const res = await fetch(new URL('api/v1/alerts', dashboard), { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return;
    const { active, history } = (await res.json()) as AlertsResponse;
    const firingNow = new Set(active.map(alertText));
    const firedDuring = new Set(history.filter((h) => h.event === 'firing' && Date.parse(h.time) >= startedMs).map(alertText));
    for (const a of firingNow) firedDuring.delete(a);
    say(firingNow.size ? `Alerts firing now: ${[...firingNow].join('; ')}` : 'No alert is firing now.');
    if (firedDuring.size) say(`Alerts that fired during the demo and resolved since (see the Alerts view): ${[...firedDuring].join('; ')}`);
  } catch {
    // The dashboard URL is only printed; not reaching it is not an error of the demo.
  }
}

export const command: Command = {
  name: 'demo',
  summary: 'Drive realistic Claude API errors through the real SDK into a running serve',
  usage: USAGE,
  async run(argv) {
    let options: DemoOptions;
    try {
      options = parseOptions(argv);
    } catch (err) {
      process.stderr.write(`claude-errors demo: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    await runDemo(options);
    return 0;
  },
};
