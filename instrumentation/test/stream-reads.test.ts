// Streams read in ways other than iterating the SDK's Stream: the body through .asResponse(), a
// clone of the response, response.text(), and middleware's ctx.parse(). The stream's outcome comes
// from the chunks these readers take off the body (no copy of the body is made). The fallback copy
// of an unread body is put off for a minute here, so only the watch on those reads can end a span.
import { beforeEach, describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, useHarness, type AnyClient } from './helpers.js';

const h = useHarness({ bodyReadTimeoutMs: 60_000 });

const USAGE = { input_tokens: 11, output_tokens: 5 };

async function readAll(body: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text;
}

// With .asResponse() the SDK never parses the stream, so its native span is never ended (by the SDK).
const ownSpan = SDK_VERSIONS.filter((v) => !v.nativeTracing);

describe.each(ownSpan)('stream bodies read by the application on SDK $label', (v) => {
  let client: AnyClient;
  beforeEach(async () => (client = await h.client(v, { maxRetries: 0 })));

  it('for await over .asResponse().body: success, usage and response id', async () => {
    h.api.enqueue(fates.success({ usage: USAGE }));
    const res = await client.messages.create({ ...PARAMS, stream: true }).asResponse();
    const text = await readAll(res.body);
    expect(text).toContain('event: message_stop');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({
      'anthropic.outcome': 'success',
      'gen_ai.usage.input_tokens': USAGE.input_tokens,
      'gen_ai.usage.output_tokens': USAGE.output_tokens,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
    expect(span!.attributes['gen_ai.response.id']).toMatch(/^msg_/);
  });

  it('a body cut before message_stop and read through .asResponse() is stream_interrupted', async () => {
    h.api.enqueue(fates.streamCut({ afterDeltas: 1 }));
    const res = await client.messages.create({ ...PARAMS, stream: true }).asResponse();
    await readAll(res.body).catch(() => undefined);
    await h.errorSpan('stream_interrupted');
  });

  it('the application clones the response: reading the original body is still watched, and the clone gets every byte', async () => {
    h.api.enqueue(fates.streamError('overloaded_error', { afterDeltas: 1 }));
    const res = await client.messages.create({ ...PARAMS, stream: true }).asResponse();
    const copy = res.clone();
    const [original, cloned] = await Promise.all([readAll(res.body), readAll(copy.body)]);
    expect(cloned).toBe(original);
    await h.errorSpan('overloaded_error');
  });

  // node-fetch (0.27) reads text() with its own 'data' listener, which the watch cannot see.
  it.skipIf(v.version.startsWith('0.27'))('response.text() of .asResponse(): success and usage', async () => {
    h.api.enqueue(fates.success({ usage: USAGE }));
    const res = await client.messages.create({ ...PARAMS, stream: true }).asResponse();
    expect(await res.text()).toContain('event: message_stop');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'success', 'gen_ai.usage.output_tokens': USAGE.output_tokens });
  });
});

// Middleware (0.1xx, 1.x): ctx.parse() reads a clone of the body, the SDK reads the rest.
describe.each(SDK_VERSIONS.filter((v) => !v.version.startsWith('0.27')))('middleware ctx.parse() on SDK $label', (v) => {
  it('the SDK and the middleware both read every event; the span records the stream once', async () => {
    const seenByMiddleware: string[] = [];
    let reading: Promise<void> = Promise.resolve();
    const middleware = async (req: unknown, next: (r: unknown) => Promise<Response>, ctx: { options?: { stream?: boolean }; parse(res: Response): Promise<AsyncIterable<{ type: string }>> }) => {
      const res = await next(req);
      if (ctx.options?.stream) {
        const stream = await ctx.parse(res);
        reading = (async () => {
          for await (const ev of stream) seenByMiddleware.push(ev.type);
        })();
      }
      return res;
    };
    const client = await h.client(v, { maxRetries: 0, middleware: [middleware] });
    h.api.enqueue(fates.success({ usage: USAGE }));
    const seenByApp: string[] = [];
    for await (const ev of await client.messages.create({ ...PARAMS, stream: true })) seenByApp.push((ev as { type: string }).type);
    await reading;
    expect(seenByApp.at(-1)).toBe('message_stop');
    expect(seenByMiddleware).toEqual(seenByApp);
    const [span] = await h.waitForSpans(1);
    expect(h.spans()).toHaveLength(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'success', 'gen_ai.usage.output_tokens': USAGE.output_tokens });
  });
});

describe('the watch after it reported', () => {
  it('lets go of the response: a clone made afterwards is not tapped, reads every byte, and nothing is reported again', async () => {
    const { observeStream } = await import('../src/stream.js');
    const sse = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":1}}}\n\n';
    const res = new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
    const controller = new AbortController();
    const reports: unknown[] = [];
    observeStream(res, controller.signal, 60_000, (facts) => reports.push(facts));
    controller.abort(); // the application aborts before reading: reported as cancelled at once
    expect(reports).toEqual([{ outcome: 'cancelled' }]);
    const copy = res.clone(); // tees the body: `res` gets a new one, which a settled watch leaves alone
    expect(Object.prototype.hasOwnProperty.call(res.body, Symbol.asyncIterator)).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(res.body, 'getReader')).toBe(false);
    expect(await readAll(copy.body as unknown as AsyncIterable<Uint8Array>)).toBe(sse);
    expect(await res.text()).toBe(sse);
    expect(reports).toHaveLength(1);
  });
});
