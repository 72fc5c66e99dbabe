import { describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { call, useApi } from './helpers.js';

// Headroom from the anthropic-ratelimit-* attributes the instrumentation records on every attempt.
const NOW = Date.parse('2026-11-25T12:00:00Z');

const limits = (tokensRemaining: number, requestsRemaining = 50): Record<string, unknown> => ({
  'anthropic.ratelimit.tokens.limit': 100_000,
  'anthropic.ratelimit.tokens.remaining': tokensRemaining,
  'anthropic.ratelimit.tokens.reset': '2026-11-25T12:01:00Z',
  'anthropic.ratelimit.requests.limit': 50,
  'anthropic.ratelimit.requests.remaining': requestsRemaining,
});

const api = useApi(NOW, () => {
  const records: ErrorRecord[] = [];
  // ten successful calls a minute apart, tokens falling by 9,000 a minute: 100k → 19k
  for (let i = 0; i < 10; i++) {
    const at = NOW - (10 - i) * 60_000;
    records.push(...call([200], { time: at }).map((r) => (r.kind === 'attempt' ? { ...r, attributes: limits(100_000 - 9_000 * i) } : r)));
  }
  // another service without rate-limit headers (e.g. Bedrock): no series
  records.push(...call([200], { time: NOW - 60_000, service: 'other' }));
  return records;
});

describe('GET /api/v1/headroom', () => {
  it('gives remaining against limit per limit kind, lowest first, with the time to exhaustion of a falling one', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/headroom?from=-1h' });
    expect(res.statusCode).toBe(200);
    const { series, bucket } = res.json();
    expect(bucket).toBe('1m');
    expect(series.map((s: any) => [s.service, s.kind])).toEqual([
      ['svc', 'tokens'],
      ['svc', 'requests'],
    ]);
    const [tokens, requests] = series;
    expect(tokens).toMatchObject({ model: 'claude-sonnet-4-5', limit: 100_000, remaining: 19_000, fraction: 0.19, reset: '2026-11-25T12:01:00Z' });
    // 9,000 tokens a minute = 150 per second: 19,000 left last for about 127 s
    expect(tokens.seconds_to_exhaustion).toBeGreaterThan(120);
    expect(tokens.seconds_to_exhaustion).toBeLessThan(135);
    expect(tokens.points).toHaveLength(10);
    expect(tokens.points[0]).toEqual({ time: '2026-11-25T11:50:00.000Z', fraction: 1 });
    expect(requests).toMatchObject({ fraction: 1, seconds_to_exhaustion: null });
  });

  it('filters, and refuses a bad bucket by name', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/headroom?from=-1h&service=other' })).json().series).toEqual([]);
    const bad = await api.app.inject({ method: 'GET', url: '/api/v1/headroom?bucket=7m' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('bucket');
  });
});
