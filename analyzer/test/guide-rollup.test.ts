import { describe, expect, it } from 'vitest';
import { call, useApi } from './helpers.js';

// Reports roll every catalog entry up to the error guide's row it refines: summary.by_guide and
// trends?by=guide_id. Messages are real error texts, so the classifier picks the entries.
const NOW = Date.parse('2026-11-25T12:00:00Z');
const T = NOW - 30 * 60_000;
const msg = (rows: ReturnType<typeof call>, error_message: string) => rows.map((r) => (r.outcome === 'error' ? { ...r, error_message } : r));
const api = useApi(NOW, () => [
  // invalid-api-key (a guide row) and api-key-missing (refines it): one guide row, two entries
  ...msg(call([401], { time: T }), 'invalid x-api-key'),
  ...msg(call([400], { time: T + 60_000 }), 'Could not resolve authentication method. Expected either apiKey or authToken to be set.'),
  // credit-balance-too-low: the guide has no row for it
  ...msg(call([400], { time: T + 120_000 }), 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.'),
  ...call([529, 200], { time: T + 180_000 }),
]);

const get = async (url: string): Promise<any> => (await api.app.inject({ method: 'GET', url })).json();

describe('guide rows as a report dimension', () => {
  it('summary: every entry names its guide row, and by_guide sums entries per row, rows without a guide row last', async () => {
    const body = await get('/api/v1/summary');
    const entries = Object.fromEntries(body.by_catalog.map((b: any) => [b.catalog_id, b.guide_id]));
    expect(entries).toEqual({ 'invalid-api-key': 'invalid-api-key', 'api-key-missing': 'invalid-api-key', 'credit-balance-too-low': null, overloaded: 'overloaded' });
    const key = body.by_guide.find((g: any) => g.guide_id === 'invalid-api-key');
    expect(key).toMatchObject({ failed_calls: 2, failed_attempts: 2, title: expect.stringMatching(/API key/i) });
    expect(key.catalog_ids.sort()).toEqual(['api-key-missing', 'invalid-api-key']);
    expect(key.share).toBeCloseTo(2 / 4);
    expect(body.by_guide.at(-1)).toMatchObject({ guide_id: null, failed_calls: 1, catalog_ids: ['credit-balance-too-low'] });
    const sum = (k: string) => body.by_guide.reduce((a: number, g: any) => a + g[k], 0);
    expect(sum('failed_attempts')).toBe(body.failed_attempts);
  });

  it('trends?by=guide_id groups the series by guide row', async () => {
    const body = await get('/api/v1/trends?from=-1h&bucket=5m&by=guide_id');
    const keys = Object.fromEntries(body.series.map((s: any) => [s.key, s.attempts.reduce((a: number, b: number) => a + b, 0)]));
    expect(keys).toEqual({ 'invalid-api-key': 2, overloaded: 1, '(none)': 1 });
  });
});
