import { describe, expect, it } from 'vitest';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import type { ErrorRecord } from '@claude-errors/schemas';
import { useEmbeddedServe } from '../helpers/embedded-serve.js';

/**
 * Issue 10 item 5: one span dated in the future silenced the streak alerts of its group. A success
 * for a model ten years ahead, then six failures stamped now: `overloaded-streak`,
 * `server-error-streak` and `circuit-open` stayed inactive (late_records 6) while a control model
 * fired. The collector now sets such a time to the receive time (and flags it), and the rules
 * engine evaluates any record dated after its arrival as if dated at its arrival (records that
 * reach it without the collector, e.g. from Kafka). Embedded `serve`, in process, default rules.
 * The failures are stamped when they are sent, after the future span arrived, as in the report.
 */
const { analyzer, collector } = useEmbeddedServe('ce-skew-');

const TEN_YEARS_MS = 10 * 365 * 86_400_000;
let seq = 0;
const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0');
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });
const nanos = (ms: number): string => `${ms}000000`;

/** One call span of this project's instrumentation with one attempt, at `startMs`. */
function callSpan(model: string, status: number, startMs: number) {
  const n = ++seq;
  const ok = status < 400;
  return {
    traceId: hex(0x5e00000 + n, 32),
    spanId: hex(n, 16),
    name: `chat ${model}`,
    kind: 3,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(startMs + 20),
    attributes: [
      str(sc.GEN_AI_OPERATION_NAME, 'chat'),
      str(sc.GEN_AI_PROVIDER_NAME, 'anthropic'),
      str(sc.GEN_AI_REQUEST_MODEL, model),
      str(sc.ANTHROPIC_OUTCOME, ok ? 'success' : 'error'),
      int(sc.HTTP_RESPONSE_STATUS_CODE, status),
      ...(ok ? [] : [str(sc.ANTHROPIC_ERROR_TYPE, status === 529 ? 'overloaded_error' : 'api_error')]),
    ],
    events: [{ name: sc.ATTEMPT_EVENT, timeUnixNano: nanos(startMs), attributes: [int(sc.ATTEMPT_NUMBER, 1), int(sc.HTTP_RESPONSE_STATUS_CODE, status), str(sc.ATTEMPT_OUTCOME, ok ? 'success' : 'error')] }],
  };
}

async function send(spans: unknown[]): Promise<{ status: number; body: string }> {
  const req = { resourceSpans: [{ resource: { attributes: [str('service.name', 'skew-test')] }, scopeSpans: [{ scope: { name: sc.INSTRUMENTATION_NAME, version: '0.1.0' }, spans }] }] };
  const res = await fetch(`${collector.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req) });
  return { status: res.status, body: await res.text() };
}

function group(rule: string, labels: Record<string, string>) {
  const r = analyzer.rules!.rules().find((x) => x.name === rule)!;
  return r.groups.find((g) => Object.entries(labels).every(([k, v]) => g.labels[k] === v));
}

const STREAK_RULES: [rule: string, status: number][] = [
  ['overloaded-streak', 529],
  ['server-error-streak', 500],
  ['circuit-open', 529],
  ['circuit-open', 500],
];

describe('a span dated in the future mutes no alert (issue 10 item 5)', () => {
  it('a success ten years ahead, then six failures stamped now: every streak rule fires, as for a control model', async () => {
    const now = Date.now();
    for (const status of [529, 500]) {
      const skewed = `skewed-${status}`;
      const control = `control-${status}`;
      // The future success arrives first, alone, as in the report.
      const first = await send([callSpan(skewed, 200, now + TEN_YEARS_MS)]);
      expect(first.status).toBe(200);
      expect(JSON.parse(first.body)).toEqual({ partialSuccess: { rejectedSpans: '0', errorMessage: expect.stringContaining('2 times more than the allowed clock skew') as unknown } });
      await send([callSpan(control, 200, now)]);
      for (let i = 1; i <= 6; i++) expect((await send([callSpan(skewed, status, Date.now()), callSpan(control, status, Date.now())])).status).toBe(200);
    }
    for (const [rule, status] of STREAK_RULES) {
      for (const model of [`skewed-${status}`, `control-${status}`]) {
        expect(group(rule, { model }), `${rule} ${model}`).toMatchObject({ state: 'firing', late_records: 0 });
      }
    }
    // The success is stored at its receive time, flagged with the time the sender gave.
    const r = await analyzer.store.reader.runAndReadAll(`SELECT epoch_ms(time), attributes::VARCHAR FROM records WHERE model = 'skewed-529' AND outcome = 'success' AND kind = 'call'`);
    const [time, attributes] = r.getRows()[0]!;
    expect(Number(time)).toBeGreaterThanOrEqual(now);
    expect(Number(time)).toBeLessThanOrEqual(Date.now());
    expect(JSON.parse(String(attributes))).toEqual({ 'claude_errors.time_adjusted': 'future', 'claude_errors.sent_time_ms': now + TEN_YEARS_MS });
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toContain('receiver_adjusted_times_total{reason="future"} 4'); // call and attempt row of each future span
  });

  it('keeps times within the allowed skew as sent', async () => {
    const ahead = Date.now() + 60_000;
    const s = callSpan('slightly-ahead', 200, ahead);
    expect((await send([s])).body).toBe('{}');
    const r = await analyzer.store.reader.runAndReadAll(`SELECT epoch_ms(time) FROM records WHERE trace_id = '${s.traceId}' AND kind = 'call'`);
    expect(Number(r.getRows()[0]![0])).toBe(ahead);
  });

  it('records that reach the analyzer without the collector (as from Kafka) cannot mute a group either', async () => {
    const now = Date.now();
    const row = (model: string, status: number, time: number, kind: 'call' | 'attempt'): ErrorRecord => {
      const n = ++seq;
      const ok = status < 400;
      return {
        kind,
        time,
        trace_id: hex(0x7a00000 + n, 32),
        span_id: hex(n, 16),
        attempt: kind === 'call' ? 0 : 1,
        service: 'from-kafka',
        source: 'claude-errors',
        platform: 'first_party',
        model,
        outcome: ok ? 'success' : 'error',
        http_status: status,
        error_type: ok ? null : 'overloaded_error',
      };
    };
    const before = analyzer.rules!.stats.future_records;
    await analyzer.ingest.ingest({ records: [row('kafka-skewed', 200, now + TEN_YEARS_MS, 'attempt'), row('kafka-skewed', 200, now + TEN_YEARS_MS, 'call')] });
    for (let i = 1; i <= 6; i++) await analyzer.ingest.ingest({ records: [row('kafka-skewed', 529, Date.now(), 'attempt'), row('kafka-skewed', 529, Date.now(), 'call')] });
    expect(group('overloaded-streak', { model: 'kafka-skewed' })).toMatchObject({ state: 'firing', late_records: 0 });
    expect(group('circuit-open', { model: 'kafka-skewed', service: 'from-kafka' })).toMatchObject({ state: 'firing', late_records: 0 });
    expect(analyzer.rules!.stats.future_records - before).toBe(2);
  });
});
