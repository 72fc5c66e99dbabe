// Streams: success with TTFT, mid-stream error, cut stream, user break, abort, never iterated, helper.
import { beforeEach, describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, attemptEvents, withoutTimings, useHarness, type AnyClient } from './helpers.js';

const h = useHarness();

async function drain(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of stream) {
      // read everything
    }
    return undefined;
  } catch (e) {
    return e;
  }
}

describe.each(SDK_VERSIONS)('streams on SDK $label', (v) => {
  let client: AnyClient;
  beforeEach(async () => (client = await h.client(v, { maxRetries: 0 })));

  it('a complete stream: success, usage, response id and time to first token', async () => {
    h.api.enqueue(fates.success({ text: 'abcdef', deltas: 3, eventDelayMs: 5, usage: { input_tokens: 9, output_tokens: 4 } }));
    const err = await drain(await client.messages.create({ ...PARAMS, stream: true }));
    expect(err).toBeUndefined();
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({
      'anthropic.operation': 'messages.create',
      'anthropic.outcome': 'success',
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 4,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'http.response.status_code': 200,
    });
    expect(span!.attributes['gen_ai.response.id']).toMatch(/^msg_/);
    expect(span!.attributes['anthropic.stream.time_to_first_token_ms']).toBeGreaterThanOrEqual(10); // 3 events of 5 ms precede the first delta
    expect(span!.attributes['error.type']).toBeUndefined();
    expect(attemptEvents(span!).map(withoutTimings)).toEqual([
      {
        'anthropic.attempt.number': 1,
        'anthropic.attempt.outcome': 'success',
        'http.response.status_code': 200,
        'anthropic.request.id': h.api.requests[0]!.requestId,
      },
    ]);
  });

  it('a mid-stream error event after a 200 is an error with that type', async () => {
    h.api.enqueue(fates.streamError('overloaded_error', { afterDeltas: 2 }));
    const err = await drain(await client.messages.create({ ...PARAMS, stream: true }));
    expect(err).toBeInstanceOf(Error);
    const span = await h.errorSpan('overloaded_error', {
      'anthropic.error.type': 'overloaded_error',
      'anthropic.error.message': 'Overloaded',
      'http.response.status_code': 200,
    });
    expect(span.status.code).toBe(2);
    expect(attemptEvents(span).map(withoutTimings)).toEqual([
      {
        'anthropic.attempt.number': 1,
        'anthropic.attempt.outcome': 'error',
        'http.response.status_code': 200,
        'error.type': 'overloaded_error',
        'anthropic.error.type': 'overloaded_error',
        'anthropic.error.message': 'Overloaded',
        'anthropic.request.id': h.api.requests[0]!.requestId,
      },
    ]);
  });

  it('a body that ends without message_stop is stream_interrupted', async () => {
    h.api.enqueue(fates.streamCut({ afterDeltas: 1 }));
    await drain(await client.messages.create({ ...PARAMS, stream: true }));
    const span = await h.errorSpan('stream_interrupted');
    expect(span.status.code).toBe(2);
    expect(attemptEvents(span)[0]).toMatchObject({ 'anthropic.attempt.outcome': 'error', 'error.type': 'stream_interrupted' });
  });

  it('breaking out of the stream is cancelled, not an error, and the span ends', async () => {
    h.api.enqueue(fates.success({ text: 'a'.repeat(50), deltas: 50, eventDelayMs: 5 }));
    const stream = await client.messages.create({ ...PARAMS, stream: true });
    let n = 0;
    for await (const _ of stream) if (++n === 4) break;
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.outcome']).toBe('cancelled');
    expect(span!.attributes['error.type']).toBeUndefined();
    expect(span!.status.code).not.toBe(2);
  });

  it('aborting with the request signal is cancelled and the span ends', async () => {
    h.api.enqueue(fates.success({ text: 'a'.repeat(50), deltas: 50, eventDelayMs: 5 }));
    const ac = new AbortController();
    const stream = await client.messages.create({ ...PARAMS, stream: true }, { signal: ac.signal });
    let n = 0;
    const err = await drain({
      async *[Symbol.asyncIterator]() {
        for await (const ev of stream) {
          if (++n === 3) ac.abort();
          yield ev;
        }
      },
    });
    void err;
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.outcome']).toBe('cancelled');
    expect(span!.attributes['error.type']).toBeUndefined();
  });

  it.skipIf(v.nativeTracing)('a stream never iterated still ends its span', async () => {
    h.api.enqueue(fates.success());
    await client.messages.create({ ...PARAMS, stream: true });
    const spans = await h.waitForSpans(1);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes['anthropic.outcome']).toBe('success');
  });

  it('the messages.stream() helper gets its own operation name and the same detail', async () => {
    h.api.enqueue(fates.streamError('api_error', { afterDeltas: 1, message: 'Internal server error' }));
    const err = await client.messages
      .stream(PARAMS)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    await h.errorSpan('api_error', { 'anthropic.operation': 'messages.stream', 'anthropic.error.message': 'Internal server error' });
  });
});
