import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import Anthropic, * as AnthropicModule from '@anthropic-ai/sdk';
import { fates } from '@claude-errors/testkit/fake-api';
import { useFakeApi } from '@claude-errors/testkit/use-fake-api';
import { instrumentAnthropic } from '../src/edge.js';
import { PARAMS } from './helpers.js';

/**
 * The hook-free entry point (src/edge.ts) in Node: a tracer provider that is not the global one,
 * the attempts on one call span, and uninstrument(). The real edge runtimes run it in
 * test/edge/runtimes.test.ts.
 */
const api = useFakeApi();

describe('instrumentAnthropic (the /edge entry point)', () => {
  it('records on the given tracer provider (not registered globally), and stops after uninstrument()', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const instrumentation = instrumentAnthropic(AnthropicModule, { tracerProvider: provider });
    try {
      // Native tracing is on (the 1.x default) but its global provider records nothing: our own span is made.
      const client = new Anthropic({ apiKey: 'sk-ant-api03-edge-unit-000000', baseURL: api.url, maxRetries: 1 });
      api.enqueue(fates.overloaded({ retryAfterMs: 1 }), fates.success());
      await client.messages.create(PARAMS);
      await provider.forceFlush();
      const [span, ...rest] = exporter.getFinishedSpans();
      expect(rest).toEqual([]);
      expect(span!.name).toBe('chat claude-haiku-4-5');
      expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'success', 'anthropic.attempt.count': 2 });
      expect(span!.events.filter((e) => e.name === 'anthropic.attempt').map((e) => e.attributes?.['http.response.status_code'])).toEqual([529, 200]);
    } finally {
      instrumentation.uninstrument();
    }
    exporter.reset();
    await new Anthropic({ apiKey: 'sk-ant-api03-edge-unit-000000', baseURL: api.url }).messages.create(PARAMS);
    await provider.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('its module graph has no node: import, no Buffer or process, and not @opentelemetry/instrumentation', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../src/edge.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      external: ['@opentelemetry/api'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.includes('node_modules') || i.startsWith('node:'))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bBuffer\.|\bprocess\.env|\brequire\(|AsyncLocalStorage/);
  });
});
