// One scripted failure sequence through the Node package and through the Python package, against
// the fake API; both call spans reduced to the attributes that should match.
import { fileURLToPath } from 'node:url';
import * as AnthropicModule from '@anthropic-ai/sdk';
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicInstrumentation } from '@claude-errors/instrumentation-anthropic';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { fates, startFakeApi, type Fate, type FakeApi } from '@claude-errors/testkit/fake-api';
import { runAsync } from './venv.js';

const APP = fileURLToPath(new URL('./parity_app.py', import.meta.url));
const QUICK = { retryAfterMs: 5 };
const LIMITS = { requests: { limit: 50, remaining: 0, reset: '2026-12-04T00:00:00Z' }, tokens: { limit: 1000, remaining: 10 } };

export const PARITY_FATES: Record<string, () => Fate[]> = {
  retried: () => [fates.overloaded({ ...QUICK, rateLimits: LIMITS }), fates.overloaded({ ...QUICK, shouldRetry: true }), fates.success()],
  exhausted: () => [1, 2, 3].map(() => fates.rateLimited({ ...QUICK, shouldRetry: true, rateLimits: LIMITS, errorCode: 'enforced_spend_limit_reached' })),
  invalid: () => [fates.error(400, 'invalid_request_error', { message: 'bad key sk-ant-api03-parity-leak-000 here' })],
  stream_error: () => [fates.streamError('overloaded_error')],
  stream_cut: () => [fates.streamCut()],
};

export interface ParityCase {
  name: string;
  stream: boolean;
  fates: keyof typeof PARITY_FATES;
}

export interface Reduced {
  call: Record<string, unknown>;
  attempts: Record<string, unknown>[];
}

const TIMINGS = ['anthropic.attempt.start_ms', 'anthropic.attempt.duration_ms', 'anthropic.attempt.wait_ms', 'anthropic.stream.time_to_first_token_ms'];
/** Differs by design: each SDK's own version. */
const DIFFERENT = ['anthropic.sdk.version'];

/**
 * Drops the timings (after checking they are non-negative numbers) and the attributes that differ by
 * design; request ids become their position among the fake API's requests (req#0, req#1, …).
 */
function reduce(attrs: Record<string, unknown>, requestIds: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (TIMINGS.includes(k)) {
      if (typeof v !== 'number' || v < 0) throw new Error(`${k} should be a non-negative number, got ${String(v)}`);
      continue;
    }
    if (DIFFERENT.includes(k)) continue;
    if (k === 'gen_ai.response.id') out[k] = /^msg_\w+$/.test(String(v)) ? 'msg_*' : v; // the fake API makes a new id per answer
    else out[k] = k === 'anthropic.request.id' ? `req#${requestIds.indexOf(String(v))}` : Array.isArray(v) ? [...v] : v;
  }
  return out;
}

function reduceSpan(attributes: Record<string, unknown>, events: { name: string; attributes: Record<string, unknown> }[], requestIds: string[]): Reduced {
  return {
    call: reduce(attributes, requestIds),
    attempts: events.filter((e) => e.name === 'anthropic.attempt').map((e) => reduce(e.attributes, requestIds)),
  };
}

const ARGS = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'parity prompt' }] };

async function nodeCall(api: FakeApi, c: ParityCase): Promise<Reduced> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const instrumentation = new AnthropicInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(AnthropicModule);
  try {
    const client = new Anthropic({ apiKey: 'sk-ant-api03-parity-secret-0000', baseURL: api.url, maxRetries: 2, openTelemetry: false });
    try {
      if (c.stream) for await (const _ of await client.messages.create({ ...ARGS, stream: true })) void _;
      else await client.messages.create(ARGS);
    } catch {
      // the failure is what is recorded
    }
    const until = Date.now() + 5000;
    while (exporter.getFinishedSpans().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    const span: ReadableSpan | undefined = exporter.getFinishedSpans()[0];
    if (!span) throw new Error('the Node package recorded no span');
    const events = span.events.map((e) => ({ name: e.name, attributes: { ...e.attributes } }));
    return reduceSpan({ ...span.attributes }, events, api.requests.map((r) => r.requestId));
  } finally {
    instrumentation.disable();
    await provider.shutdown();
  }
}

async function pythonCall(python: string, api: FakeApi, c: ParityCase): Promise<Reduced> {
  const res = await runAsync(python, [APP, c.stream ? `stream_${c.name}` : c.name], { env: { FAKE_API_URL: api.url }, timeout: 120_000 });
  if (res.status !== 0) throw new Error(`parity_app.py exited with ${res.status}:\n${res.out}`);
  type PySpan = { attributes: Record<string, unknown>; events: { name: string; attributes: Record<string, unknown> }[] };
  const spans = res.out.split('\n').filter((l) => l.startsWith('{"call"')).map((l) => JSON.parse(l) as PySpan);
  const call = spans.find((s) => 'anthropic.outcome' in s.attributes);
  if (!call) throw new Error(`the Python package recorded no call span:\n${res.out}`);
  return reduceSpan(call.attributes, call.events, api.requests.map((r) => r.requestId));
}

/** Runs the case's fates through each package in turn against one fake API. */
export async function pythonAndNodeSpans(python: string, c: ParityCase): Promise<{ node: Reduced; py: Reduced }> {
  const api = await startFakeApi();
  try {
    api.enqueue(...PARITY_FATES[c.fates]!());
    const node = await nodeCall(api, c);
    api.reset();
    api.enqueue(...PARITY_FATES[c.fates]!());
    const py = await pythonCall(python, api, c);
    return { node, py };
  } finally {
    await api.close();
  }
}
