// Every metric docs/collector.md lists moves when its event happens, each is declared as a counter
// or a gauge (never guessed from its name), and label values are escaped.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CeError, type ErrorRecord, type Exporter } from '@claude-errors/schemas';
import { buildCollectorApp } from '@claude-errors/collector';
import type { FastifyInstance } from 'fastify';

let failWith: Error | undefined;
let stats: Record<string, number | boolean> = {};
const exporter: Exporter & { queuedRecords: number } = {
  name: 'fake',
  queuedRecords: 7,
  start: async () => {},
  shutdown: async () => {},
  ready: () => true,
  stats: () => stats,
  consume: async (_records: ErrorRecord[]) => {
    if (failWith) throw failWith;
  },
};

let app: FastifyInstance;
beforeEach(async () => {
  await app?.close();
  failWith = undefined;
  stats = {};
  app = buildCollectorApp({ exporter, maxBodyBytes: 64 * 1024, logger: false }).app;
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });

let seq = 0;
/** A Claude call span (instrumentation-style, one attempt event), plus what `extra` changes. */
function claudeSpan(extra: { traceId?: string; start?: string; attrs?: Attr[] } = {}): object {
  const n = ++seq;
  const startMs = Date.now() - 1000;
  return {
    traceId: extra.traceId ?? (0xabc00000 + n).toString(16).padStart(32, '0'),
    spanId: n.toString(16).padStart(16, '0'),
    name: 'chat claude-sonnet-4-5',
    kind: 3,
    startTimeUnixNano: extra.start ?? `${startMs}000000`,
    endTimeUnixNano: `${startMs + 50}000000`,
    attributes: [str('gen_ai.operation.name', 'chat'), str('gen_ai.provider.name', 'anthropic'), str('gen_ai.request.model', 'claude-sonnet-4-5'), str('anthropic.outcome', 'success'), ...(extra.attrs ?? [])],
    events: [{ name: 'anthropic.attempt', timeUnixNano: `${startMs}000000`, attributes: [{ key: 'anthropic.attempt.number', value: { intValue: '1' } }] }],
  };
}
const otherSpan = { traceId: 'aa'.repeat(16), spanId: 'bb'.repeat(8), name: 'GET /health', kind: 2, startTimeUnixNano: '1700000000000000000', attributes: [] };

function traces(...spans: object[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [str('service.name', 'metrics-test')] }, scopeSpans: [{ scope: { name: 'manual' }, spans }] }] });
}
function logs(...bodies: string[]): string {
  const logRecords = bodies.map((b) => ({ timeUnixNano: `${Date.now()}000000`, body: { stringValue: b } }));
  return JSON.stringify({ resourceLogs: [{ resource: { attributes: [str('service.name', 'metrics-test')] }, scopeLogs: [{ scope: { name: 'manual' }, logRecords }] }] });
}
const CLAUDE_LOG = "anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}";

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json', ...headers } });
}

/** The scrape's text, and its series as `name{labels}` → value. */
async function scrape(): Promise<{ values: Map<string, number>; text: string }> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return { values: new Map([...text.matchAll(/^([^#\s]\S*) (\S+)$/gm)].map((m) => [m[1]!, Number(m[2])])), text };
}

describe('receiver metrics', () => {
  it('count accepted records and ignored spans, and invalid spans as refused', async () => {
    expect((await post('/v1/traces', traces(claudeSpan(), claudeSpan({ traceId: '0'.repeat(32) }), otherSpan))).statusCode).toBe(200);
    const { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      receiver_accepted_records_total: 2, // the call and its attempt
      receiver_ignored_spans_total: 1,
      'receiver_refused_spans_total{reason="invalid"}': 1,
    });
  });

  it('count every span of a decoded request the exporter refused, by the kind of the refusal', async () => {
    failWith = new CeError('CE_ERR_QUEUE_FULL', 'queue full', { retryable: true, statusCode: 429, retryAfterSeconds: 1 });
    expect((await post('/v1/traces', traces(claudeSpan(), claudeSpan(), otherSpan))).statusCode).toBe(429);
    failWith = new CeError('CE_ERR_KAFKA_UNAVAILABLE', 'broker down', { retryable: true, statusCode: 503 });
    expect((await post('/v1/traces', traces(claudeSpan()))).statusCode).toBe(503);
    expect((await post('/v1/logs', logs(CLAUDE_LOG, 'just a line'))).statusCode).toBe(503);
    const { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      'receiver_refused_spans_total{reason="throttled"}': 3,
      'receiver_refused_spans_total{reason="unavailable"}': 1,
      'receiver_refused_log_records_total{reason="unavailable"}': 2,
      receiver_accepted_records_total: 0,
      'receiver_requests_refused_total{code="CE_ERR_QUEUE_FULL"}': 1,
      'receiver_requests_refused_total{code="CE_ERR_KAFKA_UNAVAILABLE"}': 2,
    });
  });

  it('count log records accepted and ignored', async () => {
    expect((await post('/v1/logs', logs(CLAUDE_LOG, 'just a line', 'another line'))).statusCode).toBe(200);
    const { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      receiver_accepted_records_total: 1,
      receiver_ignored_log_records_total: 2,
    });
  });

  it('count refused requests by code, also those refused before decoding', async () => {
    await post('/v1/traces', '{"resourceSpans": 5}');
    await post('/v1/traces', 'x', { 'content-type': 'text/plain' });
    await post('/v1/traces', ' '.repeat(70 * 1024));
    await app.inject({ method: 'GET', url: '/v1/traces' });
    const { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      'receiver_requests_refused_total{code="CE_ERR_OTLP_DECODE"}': 1,
      'receiver_requests_refused_total{code="CE_ERR_UNSUPPORTED_MEDIA_TYPE"}': 1,
      'receiver_requests_refused_total{code="CE_ERR_BODY_TOO_LARGE"}': 1,
      'receiver_requests_refused_total{code="CE_ERR_METHOD_NOT_ALLOWED"}': 1,
    });
  });

  it('count values dropped by the range checks and times set to the receive time', async () => {
    const res = await post('/v1/traces', traces(claudeSpan({ attrs: [{ key: 'http.response.status_code', value: { intValue: '1000000000000000' } }] }), claudeSpan({ start: '99999999999999999999999999' })));
    expect(res.statusCode).toBe(200);
    const { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      'receiver_dropped_values_total{field="http_status"}': 1,
      'receiver_adjusted_times_total{reason="future"}': 1, // the call row (its attempt event carries a time of its own)
    });
  });

  it('escapes label values', async () => {
    failWith = new CeError('CE_ERR_"odd"\\code\n', 'odd', { statusCode: 500 });
    await post('/v1/traces', traces(claudeSpan()));
    const { text } = await scrape();
    expect(text).toContain('receiver_requests_refused_total{code="CE_ERR_\\"odd\\"\\\\code\\n"} 1');
  });

  it('declares every receiver metric with its type, in the Prometheus text format', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { text } = await scrape();
    for (const name of ['receiver_accepted_records_total', 'receiver_ignored_spans_total', 'receiver_refused_spans_total', 'receiver_ignored_log_records_total', 'receiver_refused_log_records_total', 'receiver_requests_refused_total', 'receiver_dropped_values_total', 'receiver_adjusted_times_total']) {
      expect(text).toContain(`# TYPE ${name} counter\n`);
    }
  });
});

describe('exporter metrics', () => {
  it('render the declared exporter numbers as counters and gauges, as of each scrape', async () => {
    stats = { sentRecords: 8, sentMessages: 2, sentBatches: 1, sentRequests: 1, splitRequests: 0, failedSends: 0, refusedRecords: 3, replacedSessions: 0, pendingRecords: 4, inFlightRecords: 5, available: true };
    const first = await scrape();
    const counters = ['exporter_sent_records_total', 'exporter_sent_messages_total', 'exporter_sent_batches_total', 'exporter_sent_requests_total', 'exporter_split_requests_total', 'exporter_failed_sends_total', 'exporter_refused_records_total', 'exporter_replaced_sessions_total'];
    for (const name of counters) expect(first.text).toContain(`# TYPE ${name} counter\n`);
    for (const name of ['exporter_pending_records', 'exporter_in_flight_records', 'exporter_available', 'exporter_queue_depth_records']) expect(first.text).toContain(`# TYPE ${name} gauge\n`);
    expect(Object.fromEntries(first.values)).toMatchObject({
      exporter_sent_records_total: 8,
      exporter_refused_records_total: 3,
      exporter_pending_records: 4,
      exporter_in_flight_records: 5,
      exporter_available: 1,
      exporter_queue_depth_records: 7,
    });
    expect(first.text).toMatch(/^# TYPE exporter_sent_records_total counter\nexporter_sent_records_total 8$/m);

    stats = { ...stats, sentRecords: 20, pendingRecords: 0, available: false };
    exporter.queuedRecords = 0;
    const second = await scrape();
    expect(Object.fromEntries(second.values)).toMatchObject({
      exporter_sent_records_total: 20,
      exporter_pending_records: 0,
      exporter_available: 0,
      exporter_queue_depth_records: 0,
    });
  });

  it('render no number that is not declared', async () => {
    stats = { sentRecords: 1, somethingNew: 5 };
    const { text } = await scrape();
    expect(text).toContain('exporter_sent_records_total 1');
    expect(text).not.toMatch(/something/i);
  });
});
