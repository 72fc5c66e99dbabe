import { describe, expect, it } from 'vitest';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import { mapResourceLogs } from '../src/processor/map/map-logs.js';
import { mapResourceSpans } from '../src/processor/map/map-spans.js';
import { describeChecks } from '../src/processor/map/checks.js';
import type { AttrValue, OtlpEvent, OtlpResourceSpans, OtlpSpan } from '../src/receiver/otlp-http/otlp-model.js';

/** Range checks made while mapping (processor/map/checks.ts): issue 10 items 3 and 5. */
const NOW = 1_790_000_000_000;
const opts = { receivedAtMs: NOW, maxClockSkewMs: 300_000 };

function span(over: Partial<OtlpSpan> & { attrs?: [string, AttrValue][]; events?: OtlpEvent[] } = {}): OtlpResourceSpans[] {
  const s: OtlpSpan = {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: '',
    name: 'chat m',
    kind: 3,
    startMs: NOW - 1000,
    endMs: NOW - 900,
    attributes: new Map<string, AttrValue>([[sc.ANTHROPIC_OUTCOME, 'error'], ...(over.attrs ?? [])]),
    events: over.events ?? [],
    statusCode: 2,
    statusMessage: 'boom',
    ...over,
  };
  return [{ resource: new Map(), scopeSpans: [{ scope: { name: sc.INSTRUMENTATION_NAME, version: '1' }, spans: [s] }] }];
}

const attemptEvent = (attrs: [string, AttrValue][], timeMs = NOW - 1000): OtlpEvent => ({ name: sc.ATTEMPT_EVENT, timeMs, attributes: new Map(attrs) });

describe('numbers outside their column range', () => {
  it('drops statuses outside 100–599, counts beyond 32 bits and negative durations, and counts each by field', () => {
    const out = mapResourceSpans(
      span({
        attrs: [
          [sc.HTTP_RESPONSE_STATUS_CODE, 1e15],
          [sc.ANTHROPIC_ATTEMPT_COUNT, 1e300],
        ],
        events: [attemptEvent([[sc.ATTEMPT_NUMBER, 1], [sc.HTTP_RESPONSE_STATUS_CODE, 42], [sc.ATTEMPT_DURATION_MS, -5], [sc.ATTEMPT_WAIT_MS, 10], [sc.RETRY_AFTER_MS, -1]])],
      }),
      opts,
    );
    const [call, attempt] = out.records;
    expect(call).toMatchObject({ http_status: null, attempts: 1 });
    expect(attempt).toMatchObject({ attempt: 1, http_status: null, duration_ms: null, wait_ms: 10, retry_after_ms: null });
    expect(out.checks.dropped).toEqual({ http_status: 2, attempts: 1, duration_ms: 1, retry_after_ms: 1 });
    expect(out.rejected).toBe(0);
    expect(describeChecks(out.checks)).toBe('5 values out of range dropped (http_status, attempts, duration_ms, retry_after_ms)');
  });

  it('refuses a span whose attempt number is not an integer from 1 to 2^31-1 (it is part of the dedupe key)', () => {
    for (const n of [1e12, -3, 0, 1.5, 'x']) {
      const out = mapResourceSpans(span({ events: [attemptEvent([[sc.ATTEMPT_NUMBER, 1]]), attemptEvent([[sc.ATTEMPT_NUMBER, n]])] }), opts);
      expect(out.records).toEqual([]);
      expect(out.rejected).toBe(1);
      expect(out.rejectReasons[0]).toBe(`span 'chat m': anthropic.attempt.number ${String(n)} is not an integer from 1 to 2147483647`);
    }
  });

  it('never synthesizes attempt 0 (the call row key) from attempts = 0', () => {
    const out = mapResourceSpans(span({ attrs: [[sc.ANTHROPIC_ATTEMPT_COUNT, 0]] }), opts);
    expect(out.records.map((r) => [r.kind, r.attempt, r.attempts])).toEqual([
      ['call', 0, 0],
      ['attempt', 1, 0],
    ]);
  });
});

describe('event times and the receive time', () => {
  it('keeps times up to the allowed skew ahead; later ones become the receive time, flagged, and counted', () => {
    const ok = mapResourceSpans(span({ startMs: NOW + 299_000, endMs: NOW + 299_500 }), opts);
    expect(ok.records[0]).toMatchObject({ time: NOW + 299_000, attributes: null });
    const tenYears = NOW + 10 * 365 * 86_400_000;
    const out = mapResourceSpans(span({ startMs: tenYears, endMs: tenYears + 50, events: [attemptEvent([[sc.ATTEMPT_NUMBER, 1]], tenYears)] }), opts);
    expect(out.records.map((r) => [r.kind, r.time, r.duration_ms, r.attributes])).toEqual([
      ['call', NOW, 50, { 'claude_errors.time_adjusted': 'future', 'claude_errors.sent_time_ms': tenYears }],
      ['attempt', NOW, null, { 'claude_errors.time_adjusted': 'future', 'claude_errors.sent_time_ms': tenYears }],
    ]);
    expect(out.checks.timesAdjusted).toEqual({ future: 2, invalid: 0 });
  });

  it('replaces times that are not storable (infinite, NaN, negative) and keeps a missing start (0) as it always was', () => {
    const cases: [number, 'future' | 'invalid' | null][] = [
      [Number.POSITIVE_INFINITY, 'future'],
      [1e20, 'future'],
      [Number.NaN, 'invalid'],
      [-5, 'invalid'],
      [0, null],
    ];
    for (const [startMs, reason] of cases) {
      const out = mapResourceSpans(span({ startMs, endMs: startMs }), opts);
      const call = out.records[0]!;
      if (reason === null) expect(call).toMatchObject({ time: 0, attributes: null });
      else expect(call).toMatchObject({ time: NOW, attributes: { 'claude_errors.time_adjusted': reason } });
      expect(call.duration_ms).toBeNull();
    }
  });

  it('treats log record times the same way, and gives a log without a time the receive time', () => {
    const log = (timeMs: number) => ({ timeMs, severityText: '', body: 'anthropic overloaded_error', attributes: new Map(), traceId: '', spanId: '', eventName: '' });
    const out = mapResourceLogs([{ resource: new Map(), scopeLogs: [{ scope: { name: 'x', version: '' }, logRecords: [log(NOW + 86_400_000), log(0), log(NOW - 5)] }] }], opts);
    expect(out.records.map((r) => [r.time, r.attributes])).toEqual([
      [NOW, { 'claude_errors.time_adjusted': 'future', 'claude_errors.sent_time_ms': NOW + 86_400_000 }],
      [NOW, null],
      [NOW - 5, null],
    ]);
    expect(out.checks.timesAdjusted).toEqual({ future: 1, invalid: 0 });
  });
});
