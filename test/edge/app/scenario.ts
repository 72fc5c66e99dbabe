// The app every edge runtime runs (bundled by esbuild for the browser/worker conditions, so the
// OTLP exporter is the fetch one): the real @anthropic-ai/sdk against the fake Claude API,
// patched through the hook-free entry point, spans exported as OTLP/HTTP JSON with fetch.
import Anthropic, * as AnthropicModule from '@anthropic-ai/sdk';
import { instrumentAnthropic } from '@claude-errors/instrumentation-anthropic/edge';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface ScenarioInput {
  apiUrl: string;
  collectorUrl: string;
  service: string;
  /** A batch the fake API has results for; its results are iterated last. */
  batchId: string;
}

export interface ScenarioResult {
  rescued: string;
  refused: string;
  streamError: string;
  /** The result types of the batch, in file order. */
  batchResults: string[];
  /** What this runtime lacks of Node: proof that the run did not lean on it. */
  globals: { process: boolean; Buffer: boolean; require: boolean };
}

const messages = [{ role: 'user' as const, content: 'hello from the edge' }];

async function failureOf(p: () => Promise<unknown>): Promise<string> {
  try {
    await p();
    return 'no error';
  } catch (err) {
    // Class names do not survive bundling (esbuild renames them): the status and the envelope's type do.
    const e = err as { status?: unknown; error?: { type?: unknown; error?: { type?: unknown } } };
    return `${String(e.status ?? 'no status')} ${String(e.error?.error?.type ?? e.error?.type ?? '')}`.trim();
  }
}

/**
 * Three calls, with the fates the test queued: 529, 529, success (a call rescued by retries); a 400
 * (no retry); a stream that fails with an `overloaded_error` event after its first deltas. Then the
 * results of a Message Batch, iterated as the .jsonl downloads.
 */
export async function runScenario(input: ScenarioInput): Promise<ScenarioResult> {
  const provider = telemetry(input);
  try {
    const client = new Anthropic({ apiKey: 'sk-ant-api03-edge-secret-key-000000', baseURL: input.apiUrl, maxRetries: 2 });
    const ok = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages });
    const refused = await failureOf(() => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages }, { maxRetries: 0 }));
    const streamError = await failureOf(async () => {
      const stream = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages, stream: true }, { maxRetries: 0 });
      for await (const _event of stream) {
        // read to the error event
      }
    });
    const batchResults: string[] = [];
    for await (const line of await client.messages.batches.results(input.batchId)) batchResults.push(line.result.type);
    const g = globalThis as Record<string, unknown>;
    return {
      rescued: ok.type,
      refused,
      streamError,
      batchResults,
      globals: { process: typeof g['process'] !== 'undefined', Buffer: typeof g['Buffer'] !== 'undefined', require: typeof g['require'] !== 'undefined' },
    };
  } finally {
    // Before the response, so the test finds the rows; a Worker may hand this to ctx.waitUntil().
    await provider.forceFlush();
  }
}

let provider: TracerProvider | undefined;

/**
 * Set up once per isolate (or process), as the README shows: a tracer provider exporting OTLP/HTTP
 * JSON with fetch, and the SDK module patched through the hook-free entry point.
 */
function telemetry(input: ScenarioInput): TracerProvider {
  if (provider) return provider;
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': input.service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${input.collectorUrl}/v1/traces` }) })],
  });
  instrumentAnthropic(AnthropicModule, { tracerProvider: provider });
  return provider;
}
