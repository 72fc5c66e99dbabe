// Drives the fake API with the real @anthropic-ai/sdk, one test per fate.
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { useFakeApi } from '@claude-errors/testkit/use-fake-api';
import { fates } from '../src/index.js';

const api = useFakeApi({ resetEach: true });
const client = (opts: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}) =>
  new Anthropic({ apiKey: 'sk-ant-api03-test', baseURL: api.url, maxRetries: 0, ...opts });
const params = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('fake Claude API with the real SDK', () => {
  it('answers a non-streamed message and records the request', async () => {
    const { data, response } = await client().messages.create(params).withResponse();
    expect(data.type).toBe('message');
    expect(data.model).toBe('claude-sonnet-4-5');
    expect(data.content).toEqual([{ type: 'text', text: 'Hello from the fake API.' }]);
    expect(data.usage.output_tokens).toBe(7);
    expect(data.stop_reason).toBe('end_turn');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(api.requests).toHaveLength(1);
    const req = api.requests[0]!;
    expect([req.method, req.path]).toEqual(['POST', '/v1/messages']);
    // 1.x sends the key as a bearer token, 0.x as x-api-key.
    expect(req.headers['authorization'] ?? req.headers['x-api-key']).toContain('sk-ant-api03-test');
    expect(req.json?.['model']).toBe('claude-sonnet-4-5');
    expect(req.requestId).toBe(response.headers.get('request-id'));
  });

  it('streams the real event sequence when the request has stream: true', async () => {
    api.enqueue(fates.success({ text: 'abcdef', deltas: 3 }));
    const stream = await client().messages.create({ ...params, stream: true });
    const types: string[] = [];
    let text = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
    }
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).toBe('abcdef');
  });

  it('works with the messages.stream() helper', async () => {
    const final = await client().messages.stream(params).finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Hello from the fake API.' }]);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('answers an error with the real envelope and headers', async () => {
    api.enqueue(
      fates.rateLimited({
        retryAfter: 7,
        shouldRetry: false,
        rateLimits: { requests: { limit: 50, remaining: 0, reset: 7 }, 'output-tokens': { limit: 8000, remaining: 12 } },
      }),
    );
    const err = await client().messages.create(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.requestID).toMatch(/^req_/);
    expect(e.error).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization.' },
      request_id: e.requestID,
    });
    expect(e.headers?.get('retry-after')).toBe('7');
    expect(e.headers?.get('x-should-retry')).toBe('false');
    expect(e.headers?.get('anthropic-ratelimit-requests-limit')).toBe('50');
    expect(e.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(e.headers?.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(e.headers?.get('anthropic-ratelimit-output-tokens-remaining')).toBe('12');
  });

  it('lets the SDK retry a 529 (retry-after-ms honoured) and then succeed', async () => {
    api.enqueue(fates.overloaded({ retryAfterMs: 20 }), fates.overloaded({ retryAfterMs: 20 }));
    const msg = await client({ maxRetries: 2 }).messages.create(params);
    expect(msg.type).toBe('message');
    expect(api.requests).toHaveLength(3);
    expect(api.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('sends a mid-stream error event after a 200', async () => {
    api.enqueue(fates.streamError('overloaded_error', { afterDeltas: 2 }));
    const stream = await client().messages.create({ ...params, stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const ev of stream) seen.push(ev.type);
    })().catch((e: unknown) => e);
    expect(seen.filter((t) => t === 'content_block_delta')).toHaveLength(2);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('cuts a stream before message_stop', async () => {
    api.enqueue(fates.streamCut({ afterDeltas: 1 }));
    const stream = await client().messages.create({ ...params, stream: true });
    const seen: string[] = [];
    for await (const ev of stream) seen.push(ev.type);
    expect(seen).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    const err = await client()
      .messages.stream(params)
      .finalMessage()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // The next request gets the default success, so the helper completes.
    expect(err).toBeUndefined();
  });

  it('delays an answer until the SDK times out', async () => {
    api.enqueue(fates.success({ delayMs: 2_000 }));
    const err = await client({ timeout: 100 }).messages.create(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('hangs up: a reset gives ECONNRESET, a close gives a socket error', async () => {
    api.enqueue(fates.hangUp());
    const reset = await client().messages.create(params).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(JSON.stringify(causeCodes(reset))).toContain('ECONNRESET');

    api.enqueue(fates.hangUp({ reset: false }));
    const closed = await client().messages.create(params).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(causeCodes(closed)).toContain('UND_ERR_SOCKET');
  });

  it("answers Bedrock's streaming route in event-stream frames, ending with an exception frame for stream-error", async () => {
    api.enqueue(fates.streamError('throttlingException', { message: 'Too many tokens', afterDeltas: 1 }));
    const res = await fetch(`${api.url}/model/anthropic.claude-haiku-4-5/invoke-with-response-stream`, { method: 'POST', body: '{}' });
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const frames = decodeFrames(Buffer.from(await res.arrayBuffer()));
    const chunks = frames.filter((f) => f.headers[':message-type'] === 'event');
    expect(chunks.every((f) => f.headers[':event-type'] === 'chunk')).toBe(true);
    const first = JSON.parse(Buffer.from(JSON.parse(chunks[0]!.payload)['bytes'], 'base64').toString('utf8'));
    expect(first).toMatchObject({ type: 'message_start', message: { model: 'anthropic.claude-haiku-4-5' } });
    expect(frames.at(-1)).toEqual({
      headers: { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
      payload: '{"message":"Too many tokens"}',
    });
  });

  it('setHandler overrides the queue', async () => {
    api.enqueue(fates.success());
    api.setHandler((req) => (req.path === '/v1/messages' ? fates.error(400, 'invalid_request_error') : undefined));
    const err = await client().messages.create(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    api.setHandler(null);
    await expect(client().messages.create(params)).resolves.toMatchObject({ type: 'message' });
  });

  it('serves count_tokens, batches, models, legacy completions and beta paths', async () => {
    const c = client();
    expect(await c.messages.countTokens(params)).toEqual({ input_tokens: 12 });
    const batch = await c.messages.batches.create({ requests: [{ custom_id: 'a', params }] });
    expect(batch.id).toMatch(/^msgbatch_/);
    expect((await c.messages.batches.retrieve(batch.id)).id).toBe(batch.id);
    const batches = await c.messages.batches.list();
    expect(batches.data).toHaveLength(1);
    const models = await c.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
    expect((await c.models.retrieve('claude-opus-4-1')).id).toBe('claude-opus-4-1');
    // SDK 1.x dropped `completions`; the legacy endpoint is still reachable through client.post.
    const prompt = { model: 'claude-2.1', max_tokens_to_sample: 10, prompt: '\n\nHuman: hi\n\nAssistant:' };
    const compl = await c.post<{ completion: string }>('/v1/complete', { body: prompt });
    expect(compl.completion).toBe('Hello from the fake API.');
    let streamed = '';
    const stream = await c.post<unknown>('/v1/complete', { body: { ...prompt, stream: true }, stream: true });
    for await (const ev of stream as AsyncIterable<{ completion: string }>) streamed += ev.completion;
    expect(streamed).toBe('Hello from the fake API.');
    const beta = await c.beta.messages.create({ ...params, betas: ['token-efficient-tools-2025-02-19'] });
    expect(beta.type).toBe('message');
    // 0.x marks beta calls with ?beta=true, 1.x only with the anthropic-beta header; both route alike.
    expect(api.requests.at(-1)?.path).toBe('/v1/messages');
    expect(api.requests.at(-1)?.headers['anthropic-beta']).toBe('token-efficient-tools-2025-02-19');
    const raw = await fetch(`${api.url}/v1/messages?beta=true`, { method: 'POST', body: JSON.stringify(params) });
    expect([raw.status, raw.headers.get('request-id')?.slice(0, 4)]).toEqual([200, 'req_']);
    expect(api.requests.at(-1)?.url).toBe('/v1/messages?beta=true');
    expect(api.requests.every((r) => r.headers['request-id'] === undefined)).toBe(true);
  });
});

function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 6 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** AWS event-stream messages, their CRCs checked; string headers only (all the fake API sends). */
function decodeFrames(buf: Buffer): { headers: Record<string, string>; payload: string }[] {
  const out: { headers: Record<string, string>; payload: string }[] = [];
  for (let at = 0; at < buf.length; ) {
    const total = buf.readUInt32BE(at);
    const headersLength = buf.readUInt32BE(at + 4);
    expect(buf.readUInt32BE(at + 8)).toBe(crc32(buf.subarray(at, at + 8)));
    expect(buf.readUInt32BE(at + total - 4)).toBe(crc32(buf.subarray(at, at + total - 4)));
    const headers: Record<string, string> = {};
    for (let h = at + 12; h < at + 12 + headersLength; ) {
      const nameLength = buf.readUInt8(h);
      const name = buf.toString('utf8', h + 1, h + 1 + nameLength);
      expect(buf.readUInt8(h + 1 + nameLength)).toBe(7);
      const valueLength = buf.readUInt16BE(h + 2 + nameLength);
      headers[name] = buf.toString('utf8', h + 4 + nameLength, h + 4 + nameLength + valueLength);
      h += 4 + nameLength + valueLength;
    }
    out.push({ headers, payload: buf.toString('utf8', at + 12 + headersLength, at + total - 4) });
    at += total;
  }
  return out;
}
