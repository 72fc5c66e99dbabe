import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as AnthropicSdk from '@anthropic-ai/sdk';
import Anthropic from '@anthropic-ai/sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AnthropicInstrumentation } from '@claude-errors/instrumentation-anthropic';
import { INSTRUMENTATION_NAME } from '@claude-errors/instrumentation-anthropic/semconv';
import { startFakeApi, type FakeApi, type Fate } from '@claude-errors/testkit/fake-api';
import { CLI, REPO } from './serve.js';

/**
 * Real traffic for the browser tests: the real @anthropic-ai/sdk, instrumented, against the fake
 * Claude API, exported as OTLP protobuf to a running serve. One service per process (the
 * instrumentation patches the SDK module once).
 */
export interface Traffic {
  /** One call whose HTTP attempts meet `fates` in order (the SDK retries per its own rules). */
  call(model: string, fates: Fate[], opts?: { stream?: boolean; maxRetries?: number }): Promise<'ok' | 'error'>;
  close(): Promise<void>;
}

export async function startTraffic(otlpUrl: string, service: string): Promise<Traffic> {
  const api: FakeApi = await startFakeApi();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }) })],
  });
  const instrumentation = new AnthropicInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(AnthropicSdk);
  return {
    async call(model, fates, opts = {}) {
      api.enqueue(...fates);
      const client = new Anthropic({ apiKey: 'sk-ant-test-placeholder', baseURL: api.url, maxRetries: opts.maxRetries ?? 2 });
      const params = { model, max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };
      let result: 'ok' | 'error' = 'ok';
      try {
        if (opts.stream) await client.messages.stream(params).finalMessage();
        else await client.messages.create(params);
      } catch {
        result = 'error';
      }
      await provider.forceFlush();
      return result;
    },
    async close() {
      await provider.forceFlush();
      await provider.shutdown();
      instrumentation.disable();
      await api.close();
    },
  };
}

/**
 * Failed calls that happened `agoMs` in the past, posted as OTLP/JSON spans shaped like the
 * instrumentation's (live traffic cannot be back-dated), so time ranges have something to tell apart.
 */
export async function postPastErrors(otlpUrl: string, service: string, model: string, count: number, agoMs: number): Promise<void> {
  const spans = Array.from({ length: count }, (_, i) => {
    const start = (Date.now() - agoMs + i * 1000) * 1e6;
    const attrs: Record<string, string | number> = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': model,
      'http.response.status_code': 529,
      'error.type': 'overloaded_error',
      'anthropic.error.type': 'overloaded_error',
      'anthropic.error.message': 'Overloaded',
      'anthropic.outcome': 'error',
      'anthropic.attempt.count': 1,
      'anthropic.request.id': `req_past${randomBytes(6).toString('hex')}`,
    };
    return {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: `chat ${model}`,
      kind: 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 200e6),
      attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
      status: { code: 2, message: 'Overloaded' },
    };
  });
  const body = {
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: INSTRUMENTATION_NAME, version: '0.1.0' }, spans }] }],
  };
  const res = await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`OTLP/JSON post: HTTP ${res.status} ${await res.text()}`);
}

/** Runs the built `claude-errors demo` against a serve; resolves with its output. */
export function runDemo(otlpUrl: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'demo', '--url', otlpUrl, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`demo exited with ${code}:\n${out}`))));
  });
}
