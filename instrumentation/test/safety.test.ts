// Safety: no secrets recorded, content opt-in and capped, telemetry failures never reach the app.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, harness, type Harness } from './helpers.js';

const KEY = 'sk-ant-api03-SECRETKEY0123456789';
const dump = (spans: ReadableSpan[]) => JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events, s.status]));

const throwing: SpanProcessor = {
  onStart() {
    throw new Error('processor onStart failed');
  },
  onEnd() {
    throw new Error('processor onEnd failed');
  },
  forceFlush: async () => {},
  shutdown: async () => {},
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => h?.close());

describe.each(SDK_VERSIONS)('safety on SDK $label', (v) => {
  beforeEach(() => undefined);

  it('never records the API key, auth headers or cookies, and scrubs keys from messages', async () => {
    h = await harness();
    h.api.enqueue(
      fates.error(401, 'authentication_error', { message: `invalid x-api-key ${KEY}`, headers: { 'set-cookie': 'session=abc123' } }),
    );
    const client = await h.client(v, { maxRetries: 0, defaultHeaders: { cookie: 'session=abc123' } });
    await client.messages.create(PARAMS).catch(() => undefined);
    const spans = await h.waitForSpans(1);
    const text = dump(spans);
    expect(text).not.toContain('SECRETKEY');
    expect(text).not.toContain('abc123');
    expect(text.toLowerCase()).not.toMatch(/x-api-key"|authorization|cookie/);
    expect(spans[0]!.attributes['anthropic.error.message']).toBe('invalid x-api-key [REDACTED:anthropic-key]');
  });

  it('records no prompt or completion content by default', async () => {
    h = await harness();
    const client = await h.client(v);
    await client.messages.create({ ...PARAMS, system: 'secret system prompt', messages: [{ role: 'user', content: 'private words' }] });
    const spans = await h.waitForSpans(1);
    const text = dump(spans);
    expect(text).not.toContain('private words');
    expect(text).not.toContain('secret system prompt');
    expect(text).not.toContain('Hello from the fake API');
  });

  it('records content when opted in, scrubbed and capped', async () => {
    h = await harness({ captureContent: true, maxContentBytes: 64 });
    const client = await h.client(v);
    const long = `my key is ${KEY} ` + 'x'.repeat(500);
    await client.messages.create({ ...PARAMS, system: 'be brief', messages: [{ role: 'user', content: long }] });
    const [span] = await h.waitForSpans(1);
    const input = span!.attributes['gen_ai.input.messages'] as string;
    expect(input.startsWith('[{"role":"user","content":"my key is [REDACTED:anthropic-key]')).toBe(true);
    expect(Buffer.byteLength(input)).toBeLessThanOrEqual(64);
    expect(input.endsWith('…')).toBe(true);
    expect(span!.attributes['gen_ai.system_instructions']).toBe('"be brief"');
    if (!v.nativeTracing) {
      expect(span!.attributes['gen_ai.output.messages']).toBe('[{"type":"text","text":"Hello from the fake API."}]');
    }
  });

  it('a throwing span processor never changes the result, errors included', async () => {
    h = await harness({}, [throwing]);
    const client = await h.client(v, { maxRetries: 1 });
    h.api.enqueue(fates.overloaded({ retryAfterMs: 1 }));
    const msg = await client.messages.create(PARAMS);
    expect(msg.content).toEqual([{ type: 'text', text: 'Hello from the fake API.' }]);
    h.api.setHandler(() => fates.error(400, 'invalid_request_error', { message: 'bad' }));
    const err = await client.messages.create(PARAMS).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(400);
    expect((err as Error).message).toContain('bad');
    h.api.setHandler(null);
    let text = '';
    for await (const ev of await client.messages.create({ ...PARAMS, stream: true })) {
      if (ev.type === 'content_block_delta') text += ev.delta.text;
    }
    expect(text).toBe('Hello from the fake API.');
  });

  it('returns the SDK promise: .withResponse() and .asResponse() keep working', async () => {
    h = await harness();
    const client = await h.client(v);
    const { data, response } = await client.messages.create(PARAMS).withResponse();
    expect(data.type).toBe('message');
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const raw = await client.messages.create(PARAMS).asResponse();
    expect(await raw.json()).toMatchObject({ type: 'message' });
    const stream = await client.messages.create({ ...PARAMS, stream: true }).withResponse();
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    let n = 0;
    for await (const _ of stream.data) n++;
    expect(n).toBeGreaterThan(3);
    const spans = await h.waitForSpans(3);
    expect(spans.map((s) => s.attributes['anthropic.outcome'])).toEqual(['success', 'success', 'success']);
  });
  it('.asResponse() left unread still ends the span after bodyReadTimeoutMs; read by the app, it has usage', async () => {
    h = await harness({ bodyReadTimeoutMs: 50 });
    const client = await h.client(v);
    const unread = await client.messages.create(PARAMS).asResponse();
    expect(unread.status).toBe(200);
    const [first] = await h.waitForSpans(1);
    expect(first!.attributes).toMatchObject({ 'anthropic.outcome': 'success', 'http.response.status_code': 200 });
    const raw = await client.messages.create(PARAMS).asResponse();
    const body = await raw.json();
    expect(body).toMatchObject({ type: 'message' });
    const spans = await h.waitForSpans(2);
    expect(spans).toHaveLength(2);
    if (!v.nativeTracing) {
      expect(first!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(spans[1]!.attributes).toMatchObject({ 'gen_ai.response.id': body.id, 'gen_ai.usage.input_tokens': body.usage.input_tokens });
    }
    await unread.text(); // release the connection
  });
});

describe('a failing hook reports through the OpenTelemetry diagnostics logger', () => {
  afterEach(() => diag.disable());

  it('logs the failure with its error and leaves the call as it was', async () => {
    const lines: Array<{ level: string; text: string }> = [];
    const record =
      (level: string) =>
      (message: string, ...args: unknown[]): void => {
        lines.push({ level, text: [message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' ') });
      };
    const logger: DiagLogger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug'), verbose: record('verbose') };
    diag.setLogger(logger, { logLevel: DiagLogLevel.DEBUG, suppressOverrideMessage: true });
    // Its own message: a failure seen before (the tests above) is already at debug.
    const failing: SpanProcessor = {
      ...throwing,
      onStart() {
        throw new Error('diag test: onStart failed');
      },
    };
    h = await harness({}, [failing]);
    const client = await h.client(SDK_VERSIONS[0]);
    const msg = await client.messages.create(PARAMS);
    expect(msg.content).toEqual([{ type: 'text', text: 'Hello from the fake API.' }]);
    const failures = lines.filter((l) => l.text.includes('diag test: onStart failed'));
    expect(failures[0]).toMatchObject({ level: 'warn' });
    expect(failures[0]!.text).toContain('@claude-errors/instrumentation-anthropic');
    expect(failures[0]!.text).toContain('a telemetry hook failed');
    // The same failure again is logged at debug, not warn: a broken hook does not flood the app's logs.
    await client.messages.create(PARAMS);
    const again = lines.filter((l) => l.text.includes('diag test: onStart failed')).slice(failures.length);
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((l) => l.level === 'debug')).toBe(true);
  });
});
