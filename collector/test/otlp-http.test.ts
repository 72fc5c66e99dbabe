import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import type { ErrorRecord } from '@claude-errors/schemas';
import { Collector, EmbeddedQueue } from '@claude-errors/collector';
import { otlpTelemetry } from '@claude-errors/testkit/otel';

/** Drains the embedded queue like the analyzer would, acknowledging every batch. */
function drain(queue: EmbeddedQueue, into: ErrorRecord[]): void {
  void (async () => {
    for (;;) {
      const batches = await queue.take(10_000);
      if (batches.length === 0) return;
      for (const b of batches) {
        into.push(...b.records);
        b.resolve();
      }
    }
  })();
}

let collector: Collector;
let queue: EmbeddedQueue;
const received: ErrorRecord[] = [];

beforeAll(async () => {
  queue = new EmbeddedQueue({ maxRecords: 1000 });
  collector = new Collector({ exporter: queue, port: 0, maxBodyBytes: 64 * 1024 });
  await collector.start();
  drain(queue, received);
});
afterAll(async () => {
  await collector.shutdown();
});

/** The attributes every attempt event carries: its number, outcome, start and duration. */
const attempt = (number: number, outcome: string, startMs: number, durationMs: number) => ({
  [sc.ATTEMPT_NUMBER]: number,
  [sc.ATTEMPT_OUTCOME]: outcome,
  [sc.ATTEMPT_START_MS]: startMs,
  [sc.ATTEMPT_DURATION_MS]: durationMs,
});

function emitOverloadedCall(tel: ReturnType<typeof otlpTelemetry>): { traceId: string; spanId: string } {
  const span = tel.tracer(sc.INSTRUMENTATION_NAME, '0.1.0').startSpan('chat claude-sonnet-4-5', {
    kind: SpanKind.CLIENT,
    startTime: 1_700_000_000_000,
    attributes: {
      [sc.GEN_AI_OPERATION_NAME]: 'chat',
      [sc.GEN_AI_PROVIDER_NAME]: 'anthropic',
      [sc.GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-5',
      [sc.GEN_AI_REQUEST_STREAM]: false,
      [sc.ANTHROPIC_OPERATION]: 'messages.create',
      [sc.ANTHROPIC_PLATFORM]: 'first_party',
      [sc.ANTHROPIC_SDK_VERSION]: '1.13.0',
      [sc.ANTHROPIC_OUTCOME]: 'success',
      [sc.ANTHROPIC_ATTEMPT_COUNT]: 2,
      [sc.HTTP_RESPONSE_STATUS_CODE]: 200,
      [sc.ANTHROPIC_REQUEST_ID]: 'req_ok',
    },
  });
  span.addEvent(sc.ATTEMPT_EVENT, {
    ...attempt(1, 'error', 0, 12),
    [sc.HTTP_RESPONSE_STATUS_CODE]: 529,
    [sc.ANTHROPIC_ERROR_TYPE]: 'overloaded_error',
    [sc.ANTHROPIC_ERROR_MESSAGE]: 'Overloaded (key sk-ant-api03-abcdefghijklmnop)',
    [sc.ANTHROPIC_REQUEST_ID]: 'req_1',
    [sc.RETRY_AFTER_MS]: 500,
    [sc.SHOULD_RETRY]: true,
    'anthropic.ratelimit.requests.remaining': 10,
  }, 1_700_000_000_000);
  span.addEvent(sc.ATTEMPT_EVENT, {
    ...attempt(2, 'success', 600, 30),
    [sc.ATTEMPT_WAIT_MS]: 588,
    [sc.HTTP_RESPONSE_STATUS_CODE]: 200,
    [sc.ANTHROPIC_REQUEST_ID]: 'req_ok',
  }, 1_700_000_000_600);
  span.setStatus({ code: SpanStatusCode.OK });
  span.end(1_700_000_000_640);
  return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}

async function waitFor(n: number): Promise<void> {
  for (let i = 0; i < 100 && received.length < n; i++) await new Promise((r) => setTimeout(r, 20));
}

describe.each(['protobuf', 'json'] as const)('OTLP/HTTP %s from the real OpenTelemetry exporter', (protocol) => {
  it('maps a call span with attempt events into one call row and one row per attempt, keys redacted', async () => {
    received.length = 0;
    const tel = otlpTelemetry({ url: collector.url, protocol, service: 'checkout' });
    const ids = emitOverloadedCall(tel);
    await tel.flush();
    await waitFor(3);
    await tel.shutdown();
    expect(received).toHaveLength(3);
    const common = {
      trace_id: ids.traceId,
      span_id: ids.spanId,
      parent_span_id: null,
      service: 'checkout',
      source: 'claude-errors',
      sdk: '@anthropic-ai/sdk',
      sdk_version: '1.13.0',
      platform: 'first_party',
      model: 'claude-sonnet-4-5',
      operation: 'messages.create',
      stream: false,
      catalog_id: null,
      fingerprint: null,
    };
    expect(received[0]).toEqual({
      ...common,
      kind: 'call',
      time: 1_700_000_000_000,
      duration_ms: 640,
      attempt: 0,
      attempts: 2,
      outcome: 'success',
      http_status: 200,
      error_type: null,
      error_message: null,
      exception_type: null,
      request_id: 'req_ok',
      retry_after_ms: null,
      should_retry: null,
      wait_ms: null,
      attributes: null,
    });
    expect(received[1]).toEqual({
      ...common,
      kind: 'attempt',
      time: 1_700_000_000_000,
      duration_ms: 12,
      attempt: 1,
      attempts: null,
      outcome: 'error',
      http_status: 529,
      error_type: 'overloaded_error',
      error_message: 'Overloaded (key [REDACTED:anthropic-key])',
      exception_type: null,
      request_id: 'req_1',
      retry_after_ms: 500,
      should_retry: true,
      wait_ms: null,
      attributes: { 'anthropic.ratelimit.requests.remaining': 10 },
    });
    expect(received[2]).toMatchObject({ kind: 'attempt', time: 1_700_000_000_600, attempt: 2, outcome: 'success', http_status: 200, wait_ms: 588, error_type: null });
  });
});

async function post(path: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${collector.url}${path}`, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const jsonSpan = (traceId: string, extra: object = {}) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            scope: { name: 'manual' },
            spans: [
              {
                traceId,
                spanId: '0102030405060708',
                name: 'anthropic.chat',
                kind: 3,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000100000000',
                attributes: [{ key: 'gen_ai.system', value: { stringValue: 'anthropic' } }],
                status: { code: 2, message: "Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}" },
                ...extra,
              },
            ],
          },
        ],
      },
    ],
  });

describe('OTLP/HTTP edge cases', () => {
  it('accepts gzip JSON and pulls status and type out of a Python-SDK style message', async () => {
    received.length = 0;
    const res = await post('/v1/traces', gzipSync(jsonSpan('0af7651916cd43dd8448eb211c80319c')), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({});
    await waitFor(2);
    expect(received[0]).toMatchObject({ kind: 'call', source: 'genai', outcome: 'error', http_status: 529, error_type: 'overloaded_error', service: 'svc' });
    expect(received[1]).toMatchObject({ kind: 'attempt', attempt: 1, attributes: { synthesized: true }, http_status: 529 });
  });

  it('answers partialSuccess for spans with invalid ids and keeps the rest', async () => {
    const res = await post('/v1/traces', jsonSpan('00000000000000000000000000000000'), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: "span 'anthropic.chat': invalid trace or span id" } });
  });

  it('refuses undecodable bodies with 400 naming the problem', async () => {
    const bad = await post('/v1/traces', '{"resourceSpans": 5}', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ statusCode: 400, code: 'CE_ERR_OTLP_DECODE', message: 'invalid OTLP JSON: body.resourceSpans must be an array' });
    const truncated = await post('/v1/traces', Buffer.from([0x0a, 0x50, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(truncated.status).toBe(400);
    // A protobuf request gets a protobuf google.rpc.Status (error-encoding.test.ts reads it whole).
    expect(truncated.headers.get('content-type')).toBe('application/x-protobuf');
    expect(truncated.text).toContain('CE_ERR_OTLP_DECODE');
  });

  it('answers 415 for other content types and 413 above the limit, also after decompression', async () => {
    expect((await post('/v1/traces', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    const big = Buffer.alloc(70 * 1024, 0x20);
    expect((await post('/v1/traces', big, { 'content-type': 'application/json' })).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await post('/v1/traces', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).code).toBe('CE_ERR_BODY_TOO_LARGE');
  });

  it('exposes health, readiness and metrics', async () => {
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${collector.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toMatch(/^receiver_accepted_records_total \d+$/m);
    expect(metrics).toMatch(/receiver_requests_refused_total\{code="CE_ERR_BODY_TOO_LARGE"\} 2/);
  });
});

describe('backpressure and auth', () => {
  it('answers 429 with Retry-After when the embedded queue is full, and 401 without the ingest token', async () => {
    const q = new EmbeddedQueue({ maxRecords: 2, retryAfterSeconds: 3 });
    const c = new Collector({ exporter: q, port: 0, ingestToken: 'secret-token' });
    await c.start();
    try {
      const body = jsonSpan('0af7651916cd43dd8448eb211c80319d');
      const unauth = await fetch(`${c.url}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(unauth.status).toBe(401);
      const headers = { 'content-type': 'application/json', authorization: 'Bearer secret-token' };
      // Nobody drains this queue: the first request's 2 records fill it and wait for storage.
      const first = fetch(`${c.url}/v1/traces`, { method: 'POST', body, headers });
      await new Promise((r) => setTimeout(r, 100));
      const second = await fetch(`${c.url}/v1/traces`, { method: 'POST', body: jsonSpan('0af7651916cd43dd8448eb211c80319e'), headers });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('3');
      const [batch] = await q.take(10);
      batch!.resolve();
      expect((await first).status).toBe(200);
    } finally {
      await c.shutdown();
    }
  });
});
