// Shared test setup: an in-memory span exporter, the instrumentation, the fake API and each SDK version.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { AnthropicInstrumentation } from '../src/index.js';
import type { AnthropicInstrumentationConfig } from '../src/types.js';

/** The SDK versions every behaviour is tested against (npm aliases in devDependencies). */
export const SDK_VERSIONS = [
  { label: '0.27.3 (core.js, no middleware, no tracing)', load: () => import('anthropic-sdk-0-27'), version: '0.27.3', nativeTracing: false },
  { label: '0.133.0 (middleware, no tracing)', load: () => import('anthropic-sdk-0-133'), version: '0.133.0', nativeTracing: false },
  { label: '1.13.0 (native tracing off)', load: () => import('@anthropic-ai/sdk'), version: '1.13.0', nativeTracing: false },
  { label: '1.13.0 (native tracing on)', load: () => import('@anthropic-ai/sdk'), version: '1.13.0', nativeTracing: true },
  { label: '1.17.0 (native tracing on, errorCode, newest error classes)', load: () => import('anthropic-sdk-1-17'), version: '1.17.0', nativeTracing: true },
] as const;
export type SdkVersion = (typeof SDK_VERSIONS)[number];

// The SDK's types differ between versions; tests drive them through this common surface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClient = any;

export interface Harness {
  api: FakeApi;
  exporter: InMemorySpanExporter;
  provider: TracerProvider;
  instrumentation: AnthropicInstrumentation;
  client(version: SdkVersion, opts?: Record<string, unknown>): Promise<AnyClient>;
  spans(): ReadableSpan[];
  /** Waits until `n` spans ended (the call span ends after the SDK's promise settles). */
  waitForSpans(n: number, timeoutMs?: number): Promise<ReadableSpan[]>;
  /** Waits for the first call span, checks it ended in error with `error.type` `errorType` and `attributes`, and returns it. */
  errorSpan(errorType: string, attributes?: Record<string, unknown>): Promise<ReadableSpan>;
  close(): Promise<void>;
}

let contextManagerSet = false;

export async function harness(
  config: AnthropicInstrumentationConfig = {},
  extraProcessors: SpanProcessor[] = [],
): Promise<Harness> {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const api = await startFakeApi();
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [...extraProcessors, new SimpleSpanProcessor({ exporter })] });
  trace.disable();
  trace.setGlobalTracerProvider(provider);
  const instrumentation = new AnthropicInstrumentation(config);
  instrumentation.setTracerProvider(provider);
  const patched = new Set<unknown>();
  const waitForSpans = async (n: number, timeoutMs = 3000): Promise<ReadableSpan[]> => {
    const until = Date.now() + timeoutMs;
    while (exporter.getFinishedSpans().length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    return exporter.getFinishedSpans();
  };
  return {
    api,
    exporter,
    provider,
    instrumentation,
    async client(version, opts = {}) {
      const mod = (await version.load()) as { default: new (o: Record<string, unknown>) => AnyClient };
      if (!patched.has(mod)) {
        instrumentation.manuallyInstrument(mod);
        patched.add(mod);
      }
      const otel = version.version.startsWith('1.') ? { openTelemetry: version.nativeTracing ? { tracerProvider: provider } : false } : {};
      return new mod.default({ apiKey: 'sk-ant-api03-SECRETKEY0123456789', baseURL: api.url, maxRetries: 2, ...otel, ...opts });
    },
    spans: () => exporter.getFinishedSpans(),
    waitForSpans,
    async errorSpan(errorType, attributes = {}) {
      const [span] = await waitForSpans(1);
      expect(span?.attributes).toMatchObject({ 'anthropic.outcome': 'error', 'error.type': errorType, ...attributes });
      return span!;
    },
    async close() {
      instrumentation.disable();
      await api.close();
      await provider.shutdown();
    },
  };
}

/**
 * One harness for the tests of a file: made before the first test, closed after the last, and the
 * fake API's queue and the exported spans emptied before each test. Returns it before it exists:
 * every field and method reads the harness of the running file.
 */
export function useHarness(config: AnthropicInstrumentationConfig = {}, extraProcessors: SpanProcessor[] = []): Harness {
  let h: Harness | undefined;
  const current = (): Harness => {
    if (!h) throw new Error('useHarness: the harness exists from its beforeAll on');
    return h;
  };
  beforeAll(async () => {
    h = await harness(config, extraProcessors);
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    current().api.reset();
    current().exporter.reset();
  });
  return {
    get api() {
      return current().api;
    },
    get exporter() {
      return current().exporter;
    },
    get provider() {
      return current().provider;
    },
    get instrumentation() {
      return current().instrumentation;
    },
    client: (version, opts) => current().client(version, opts),
    spans: () => current().spans(),
    waitForSpans: (n, timeoutMs) => current().waitForSpans(n, timeoutMs),
    errorSpan: (errorType, attributes) => current().errorSpan(errorType, attributes),
    close: () => current().close(),
  };
}

/** The span events of the attempts, as plain attribute maps. */
export function attemptEvents(span: ReadableSpan): Record<string, unknown>[] {
  return span.events.filter((e) => e.name === 'anthropic.attempt').map((e) => ({ ...e.attributes }));
}

/** Removes the timing attributes whose values vary from run to run, after checking they are numbers. */
export function withoutTimings(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (['anthropic.attempt.start_ms', 'anthropic.attempt.duration_ms', 'anthropic.attempt.wait_ms', 'anthropic.stream.time_to_first_token_ms'].includes(k)) {
      if (typeof v !== 'number' || v < 0) throw new Error(`${k} should be a non-negative number, got ${String(v)}`);
      continue;
    }
    out[k] = v;
  }
  return out;
}

export const PARAMS = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};
