import { describe, expect, it } from 'vitest';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import { useEmbeddedServe } from '../helpers/embedded-serve.js';

/**
 * Issue 10 item 3: one out-of-range number failed every request committed in the same DuckDB
 * transaction with a retryable 503, so exporters resent forever. Embedded mode, in process: the
 * collector, the embedded queue and the analyzer as `serve` wires them.
 */
const { analyzer, collector } = useEmbeddedServe('ce-poison-');

type Attr = { key: string; value: Record<string, unknown> };
const strAttr = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });

let seq = 0;
function hex(n: number, len: number): string {
  return n.toString(16).padStart(len, '0');
}

/** One OTLP/JSON export of a single call span of this project's instrumentation. */
function body(opts: { attrs?: Attr[]; eventAttrs?: Attr[]; start?: unknown } = {}): { json: string; traceId: string } {
  const n = ++seq;
  const traceId = hex(0xabc00000 + n, 32);
  const startMs = Date.now() - 1000;
  const span = {
    traceId,
    spanId: hex(n, 16),
    name: 'chat claude-sonnet-4-5',
    kind: 3,
    startTimeUnixNano: opts.start ?? `${startMs}000000`,
    endTimeUnixNano: `${startMs + 50}000000`,
    attributes: [
      strAttr(sc.GEN_AI_OPERATION_NAME, 'chat'),
      strAttr(sc.GEN_AI_PROVIDER_NAME, 'anthropic'),
      strAttr(sc.GEN_AI_REQUEST_MODEL, 'claude-sonnet-4-5'),
      strAttr(sc.ANTHROPIC_OUTCOME, 'success'),
      ...(opts.attrs ?? []),
    ],
    events: [{ name: sc.ATTEMPT_EVENT, timeUnixNano: `${startMs}000000`, attributes: [{ key: sc.ATTEMPT_NUMBER, value: { intValue: '1' } }, ...(opts.eventAttrs ?? [])] }],
  };
  const req = { resourceSpans: [{ resource: { attributes: [strAttr('service.name', 'poison-test')] }, scopeSpans: [{ scope: { name: sc.INSTRUMENTATION_NAME, version: '0.1.0' }, spans: [span] }] }] };
  return { json: JSON.stringify(req), traceId };
}

/**
 * The reproductions of issue 10 item 3, as raw JSON (1e400 is not a JS number), and what becomes
 * of each now: the value dropped (and said in the partial-success message), the time set to the
 * receive time and flagged, or the span refused through partial success.
 */
interface Case {
  make(): { json: string; traceId: string };
  rejectedSpans: number;
  message: RegExp;
  /** Checks the stored call row of the bad request (rejected cases store nothing). */
  stored?: (row: Record<string, unknown>, sentAt: number) => void;
}

const POISON: Record<string, Case> = {
  'http.response.status_code 1e15': {
    make: () => body({ attrs: [{ key: sc.HTTP_RESPONSE_STATUS_CODE, value: { intValue: '1000000000000000' } }] }),
    rejectedSpans: 0,
    message: /1 value out of range dropped \(http_status\)/,
    stored: (row) => expect(row.http_status).toBe(200), // a success without a usable status
  },
  'anthropic.attempt.number 1e12': {
    make: () => body({ eventAttrs: [{ key: sc.ATTEMPT_NUMBER, value: { intValue: '1000000000000' } }] }),
    rejectedSpans: 1,
    message: /anthropic\.attempt\.number 1000000000000 is not an integer from 1 to 2147483647/,
  },
  'anthropic.attempt.number -3': {
    make: () => body({ eventAttrs: [{ key: sc.ATTEMPT_NUMBER, value: { intValue: '-3' } }] }),
    rejectedSpans: 1,
    message: /anthropic\.attempt\.number -3 is not an integer/,
  },
  'anthropic.attempt.count 1e300': {
    make: () => body({ attrs: [{ key: sc.ANTHROPIC_ATTEMPT_COUNT, value: { doubleValue: 1e300 } }] }),
    rejectedSpans: 0,
    message: /1 value out of range dropped \(attempts\)/,
    stored: (row) => expect(row.attempts).toBe(1), // from the one attempt event instead
  },
  'startTimeUnixNano 1e400': {
    make: () => {
      const b = body({ start: 'START' });
      return { ...b, json: b.json.replace('"START"', '1e400') };
    },
    rejectedSpans: 0,
    message: /1 time more than the allowed clock skew in the future set to the receive time/,
    stored: (row, sentAt) => {
      expect(Number(row.time)).toBeGreaterThanOrEqual(sentAt);
      expect(Number(row.time)).toBeLessThan(Date.now() + 1);
      expect(JSON.parse(String(row.attributes))).toEqual({ 'claude_errors.time_adjusted': 'future' });
    },
  },
  'startTimeUnixNano "99999999999999999999999999"': {
    make: () => body({ start: '99999999999999999999999999' }),
    rejectedSpans: 0,
    message: /1 time more than the allowed clock skew in the future/,
    stored: (row, sentAt) => {
      expect(Number(row.time)).toBeGreaterThanOrEqual(sentAt);
      expect(JSON.parse(String(row.attributes))).toEqual({ 'claude_errors.time_adjusted': 'future' });
    },
  },
};

async function post(json: string): Promise<{ status: number; body: string; retryAfter: string | null }> {
  const res = await fetch(`${collector.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
}

async function storedTraces(ids: string[]): Promise<number> {
  const list = ids.map((t) => `'${t}'`).join(',');
  const r = await analyzer.store.reader.runAndReadAll(`SELECT count(DISTINCT trace_id)::INTEGER FROM records WHERE trace_id IN (${list})`);
  return Number(r.getRows()[0]![0]);
}

async function callRow(traceId: string): Promise<Record<string, unknown> | undefined> {
  const r = await analyzer.store.reader.runAndReadAll(`SELECT epoch_ms(time) AS time, http_status, attempts, attributes::VARCHAR AS attributes FROM records WHERE trace_id = '${traceId}' AND kind = 'call'`);
  return r.getRowObjectsJS()[0] as Record<string, unknown> | undefined;
}

describe('a poison record fails only itself (issue 10 item 3)', () => {
  for (const [name, c] of Object.entries(POISON)) {
    it(`20 good + 1 bad (${name}) at once: every good request 200 and stored; the bad one 200 with a partial success, never a retryable 503`, async () => {
      const sentAt = Date.now();
      const good = Array.from({ length: 20 }, () => body());
      const bad = c.make();
      const answers = await Promise.all([...good.slice(0, 10), bad, ...good.slice(10)].map((b) => post(b.json)));
      const badAnswer = answers.splice(10, 1)[0]!;
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(await storedTraces(good.map((g) => g.traceId))).toBe(20);
      expect(badAnswer.status, badAnswer.body).toBe(200);
      expect(badAnswer.retryAfter).toBeNull();
      const partial = (JSON.parse(badAnswer.body) as { partialSuccess: { rejectedSpans: string; errorMessage: string } }).partialSuccess;
      expect(Number(partial.rejectedSpans)).toBe(c.rejectedSpans);
      expect(partial.errorMessage).toMatch(c.message);
      const row = await callRow(bad.traceId);
      if (c.stored) c.stored(row!, sentAt);
      else expect(row).toBeUndefined();
    });
  }

  it('counts what it dropped, adjusted and refused in /metrics', async () => {
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toContain('receiver_dropped_values_total{field="http_status"} 1');
    expect(metrics).toContain('receiver_dropped_values_total{field="attempts"} 1');
    expect(metrics).toContain('receiver_adjusted_times_total{reason="future"} 2');
    expect(metrics).toContain('receiver_refused_spans_total{reason="invalid"} 2');
  });
});
