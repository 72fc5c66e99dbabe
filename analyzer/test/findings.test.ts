import { describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { call, useApi } from './helpers.js';

// Retry hygiene from attempt rows: one service per finding, plus one that retries politely and
// must produce none.
const NOW = Date.parse('2026-11-25T12:00:00Z');
const T = NOW - 20 * 60_000;

/** A call's rows with per-attempt fields set (index 1 = first attempt). */
function shaped(statuses: number[], over: Partial<ErrorRecord>, perAttempt: Record<number, Partial<ErrorRecord>>): ErrorRecord[] {
  return call(statuses, over).map((r) => (r.kind === 'attempt' ? { ...r, ...perAttempt[r.attempt] } : r));
}

const api = useApi(NOW, () => {
  const records: ErrorRecord[] = [
    // asked to wait 2 s, waited 0.3 s
    ...shaped([429, 200], { service: 'eager', time: T }, { 1: { retry_after_ms: 2000 }, 2: { wait_ms: 300 } }),
    // three 529s in a row, 5 ms apart
    ...shaped([529, 529, 529], { service: 'hammer', time: T + 1000 }, { 2: { wait_ms: 5 }, 3: { wait_ms: 5 } }),
    // told not to retry, retried
    ...shaped([400, 400], { service: 'stubborn', time: T + 2000 }, { 1: { should_retry: false }, 2: { wait_ms: 800 } }),
    // retryable failures, never a second attempt
    ...call([529], { service: 'noretry', time: T + 3000 }),
    ...call([500], { service: 'noretry', time: T + 4000 }),
    ...call([400], { service: 'noretry', time: T + 5000 }), // not retryable: not counted
    // a 9-minute non-streamed call
    ...call([200], { service: 'slow', time: T + 6000, stream: false, duration_ms: 9 * 60_000 }),
    // the polite one: waits longer than retry-after, backs off, streams its long call
    ...shaped([429, 529, 200], { service: 'polite', time: T + 7000 }, { 1: { retry_after_ms: 1000 }, 2: { wait_ms: 1200 }, 3: { wait_ms: 900 } }),
    ...call([200], { service: 'polite', time: T + 8000, stream: true, duration_ms: 9 * 60_000 }),
  ];
  // a storm: 60 retried calls to one model inside one minute, from two services
  for (let i = 0; i < 60; i++) {
    records.push(...shaped([529, 200], { service: i % 2 ? 'storm-a' : 'storm-b', model: 'claude-storm', time: T + 60_000 + i * 500 }, { 2: { wait_ms: 700 } }));
  }
  return records;
});

async function findings(q = ''): Promise<Array<Record<string, any>>> {
  const res = await api.app.inject({ method: 'GET', url: `/api/v1/findings?from=-1h${q}` });
  expect(res.statusCode).toBe(200);
  return res.json().findings;
}

describe('GET /api/v1/findings (retry hygiene)', () => {
  it('finds each bad habit in its service, with a count, an example call and the fix', async () => {
    const all = await findings();
    const by = (id: string) => all.filter((f) => f.id === id).map((f) => [f.service ?? f.model, f.count]);
    expect(by('retry-before-retry-after')).toEqual([['eager', 1]]);
    expect(by('retry-without-backoff')).toEqual([['hammer', 2]]);
    expect(by('retry-after-should-retry-false')).toEqual([['stubborn', 1]]);
    expect(by('no-retries')).toEqual([['noretry', 2]]);
    expect(by('long-non-streamed')).toEqual([['slow', 1]]);
    expect(by('retry-storm')).toEqual([['claude-storm', 60]]);
    expect(all.some((f) => f.service === 'polite')).toBe(false);
    const eager = all.find((f) => f.id === 'retry-before-retry-after')!;
    expect(eager.example).toEqual({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(eager.fix).toMatch(/retry-after/);
    const detail = await api.app.inject({ method: 'GET', url: `/api/v1/errors/${eager.example.trace_id}/${eager.example.span_id}` });
    expect(detail.statusCode).toBe(200);
  });

  it('filters like every report, and names a bad parameter', async () => {
    expect((await findings('&service=hammer')).map((f) => f.id)).toEqual(['retry-without-backoff']);
    expect(await findings('&service=polite')).toEqual([]);
    const bad = await api.app.inject({ method: 'GET', url: '/api/v1/findings?since=1h' });
    expect(bad.statusCode).toBe(400);
  });
});
