// Streams nobody starts reading within bodyReadTimeoutMs (here 50 ms): the body is copied then and
// the copy read to its end, so the span ends with the outcome of the events, and an application
// that starts reading later still gets every event.
import { beforeEach, describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, useHarness, type AnyClient } from './helpers.js';

const h = useHarness({ bodyReadTimeoutMs: 50 });

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventTypes(stream: AsyncIterable<unknown>): Promise<{ types: string[]; error?: unknown }> {
  const types: string[] = [];
  try {
    for await (const ev of stream) types.push((ev as { type: string }).type);
    return { types };
  } catch (error) {
    return { types, error };
  }
}

describe.each(SDK_VERSIONS)('streams first read after bodyReadTimeoutMs on SDK $label', (v) => {
  let client: AnyClient;
  beforeEach(async () => (client = await h.client(v, { maxRetries: 0 })));

  // The SDK ends its own (native) span only when its stream is read.
  it.skipIf(v.nativeTracing)('a stream never iterated ends its span with the outcome of its events (cut → stream_interrupted)', async () => {
    h.api.enqueue(fates.streamCut({ afterDeltas: 1 }));
    await client.messages.create({ ...PARAMS, stream: true });
    await h.errorSpan('stream_interrupted');
  });

  it('read late: the application gets every event, the span success with usage', async () => {
    h.api.enqueue(fates.success({ deltas: 4, usage: { input_tokens: 3, output_tokens: 8 } }));
    const stream = await client.messages.create({ ...PARAMS, stream: true });
    await pause(150);
    const { types, error } = await eventTypes(stream);
    expect(error).toBeUndefined();
    expect(types.filter((t) => t === 'content_block_delta')).toHaveLength(4);
    expect(types.at(-1)).toBe('message_stop');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'success', 'gen_ai.usage.input_tokens': 3, 'gen_ai.usage.output_tokens': 8 });
  });

  it('read late and broken out of: cancelled, and the span ends', async () => {
    h.api.enqueue(fates.success({ text: 'a'.repeat(40), deltas: 40, eventDelayMs: 5 }));
    const stream = await client.messages.create({ ...PARAMS, stream: true });
    await pause(150);
    let n = 0;
    for await (const _ of stream) if (++n === 3) break;
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.outcome']).toBe('cancelled');
    expect(span!.attributes['error.type']).toBeUndefined();
  });
});
