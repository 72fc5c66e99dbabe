import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, useApi } from './helpers.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const T = NOW - 30 * 60_000;
// 1: 529, 529, then success (rescued by retries). 2: 529 x3, retries exhausted. 3: a 429 on haiku.
// 4: a success. 5: an unknown 418 on another service.
const api = useApi(
  NOW,
  () => [
    ...call([529, 529, 200], { time: T }),
    ...call([529, 529, 529], { time: T + 60_000 }),
    ...call([429], { time: T + 120_000, model: 'claude-haiku-4-5' }),
    ...call([200], { time: T + 180_000 }),
    ...call([418], { time: T + 240_000, service: 'billing' }),
    ...call([529], { time: NOW - 3 * 86_400_000 }), // outside the default 24 h range
  ],
  [{}, { apiToken: 'tok-123' }],
);
/** The app that asks for the API token. */
const secured = (): FastifyInstance => api.apps[1]!;

async function get(path: string, a = api.app, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await a.inject({ method: 'GET', url: path, headers });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body };
}

describe('GET /api/v1/summary', () => {
  it('counts retried-away failures as failed attempts only', async () => {
    const { status, body } = await get('/api/v1/summary');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total_calls: 5, failed_calls: 3, total_attempts: 9, failed_attempts: 7, error_rate: 0.6 });
    const overloaded = body.by_catalog.find((b: any) => b.catalog_id === 'overloaded');
    expect(overloaded).toMatchObject({ failed_calls: 1, failed_attempts: 5, status: 529, error_type: 'overloaded_error' });
    expect(overloaded.share).toBeCloseTo(5 / 7);
    expect(overloaded.title).toBeTruthy();
    expect(overloaded.fix).toBeTruthy();
    expect(body.by_catalog.map((b: any) => b.catalog_id).sort()).toEqual(['overloaded', 'rate-limited', 'unknown'].sort());
  });

  it('filters by service, model and time range', async () => {
    expect((await get('/api/v1/summary?model=claude-haiku-4-5')).body).toMatchObject({ total_calls: 1, failed_calls: 1 });
    expect((await get('/api/v1/summary?service=billing')).body).toMatchObject({ total_calls: 1, failed_calls: 1 });
    expect((await get('/api/v1/summary?from=-7d')).body).toMatchObject({ total_calls: 6, failed_calls: 4 });
    expect((await get('/api/v1/summary?from=2026-11-25T11:45:00Z&to=now')).body).toMatchObject({ total_calls: 0 });
  });

  it('names the bad parameter', async () => {
    expect(await get('/api/v1/summary?from=yesterday')).toMatchObject({ status: 400, body: { code: 'CE_ERR_BAD_PARAMETER', message: expect.stringContaining("parameter 'from'") } });
    expect(await get('/api/v1/summary?to=-2d&from=-1d')).toMatchObject({ status: 400, body: { message: expect.stringContaining("'from'") } });
    expect(await get('/api/v1/summary?platform=mars')).toMatchObject({ status: 400, body: { code: 'CE_ERR_BAD_PARAMETER', message: expect.stringContaining('platform') } });
    expect(await get('/api/v1/summary?colour=red')).toMatchObject({ status: 400 });
  });
});

describe('SQL injection through every parameter', () => {
  const payloads = ["x' OR '1'='1", "'; DROP TABLE records; --", 'claude") UNION SELECT 1 --'];
  const params = ['service', 'model', 'catalog_id', 'error_type'];
  it.each(payloads)('treats %s as a plain value', async (p) => {
    for (const name of params) {
      const res = await get(`/api/v1/errors?${name}=${encodeURIComponent(p)}`);
      expect(res.status).toBe(200);
      expect(res.body.rows).toEqual([]);
    }
    for (const name of ['service', 'model']) {
      expect((await get(`/api/v1/summary?${name}=${encodeURIComponent(p)}`)).body.total_calls).toBe(0);
      expect((await get(`/api/v1/trends?${name}=${encodeURIComponent(p)}`)).status).toBe(200);
    }
    for (const name of ['from', 'to', 'bucket', 'by', 'platform', 'status', 'cursor', 'limit']) {
      expect((await get(`/api/v1/trends?${name}=${encodeURIComponent(p)}`)).status, name).toBe(400);
    }
    expect((await get(`/api/v1/errors?cursor=${encodeURIComponent(p)}`)).status).toBe(400);
    expect((await get('/api/v1/summary')).body.total_calls).toBe(5);
  });
});

describe('GET /api/v1/trends', () => {
  it('returns zero-filled series per catalog entry and the totals', async () => {
    const { status, body } = await get('/api/v1/trends?from=-1h&bucket=5m&by=catalog_id');
    expect(status).toBe(200);
    expect(body.buckets).toHaveLength(12);
    const ov = body.series.find((s: any) => s.key === 'overloaded');
    expect(ov.attempts.reduce((a: number, b: number) => a + b, 0)).toBe(5);
    expect(ov.calls.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    expect(body.total.calls.reduce((a: number, b: number) => a + b, 0)).toBe(5);
    expect(ov.attempts.filter((x: number) => x === 0).length).toBeGreaterThan(8);
  });
  it('groups by status and refuses too many buckets', async () => {
    const { body } = await get('/api/v1/trends?from=-1h&bucket=1m&by=status');
    expect(body.series.map((s: any) => s.key).sort()).toEqual(['418', '429', '529']);
    expect(await get('/api/v1/trends?from=-30d&bucket=1m')).toMatchObject({ status: 400, body: { message: expect.stringContaining("parameter 'bucket'") } });
  });
});

describe('GET /api/v1/errors', () => {
  it('pages newest first with a cursor and opens one call with its attempts', async () => {
    const first = await get('/api/v1/errors?limit=3');
    expect(first.body.rows).toHaveLength(3);
    expect(first.body.rows[0]).toMatchObject({ service: 'billing', status: 418, catalog_id: 'unknown' });
    const seen = [...first.body.rows];
    let cursor = first.body.next_cursor;
    while (cursor) {
      const page = await get(`/api/v1/errors?limit=3&cursor=${cursor}`);
      seen.push(...page.body.rows);
      cursor = page.body.next_cursor;
    }
    expect(seen).toHaveLength(10);
    const times = seen.map((r) => Date.parse(r.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const exhausted = seen.find((r) => r.kind === 'call' && r.catalog_id === 'overloaded');
    const detail = await get(`/api/v1/errors/${exhausted.trace_id}/${exhausted.span_id}`);
    expect(detail.body.call).toMatchObject({ attempts: 3, status: 529 });
    expect(detail.body.attempts.map((a: any) => a.attempt)).toEqual([1, 2, 3]);
    expect(detail.body.catalog).toMatchObject({ id: 'overloaded' });
    expect((await get(`/api/v1/errors/${'f'.repeat(32)}/${'f'.repeat(16)}`)).status).toBe(404);
  });
});

describe('patterns, catalog, filters, rules, openapi, auth', () => {
  it('groups unknown errors into patterns with a sample', async () => {
    const { body } = await get('/api/v1/patterns');
    expect(body.patterns).toHaveLength(1);
    expect(body.patterns[0]).toMatchObject({ count: 2, calls: 1, sample: 'status 418', status: 418 });
  });
  it('lists the whole catalog with live counts', async () => {
    const { body } = await get('/api/v1/catalog');
    expect(body.entries.length).toBeGreaterThanOrEqual(27);
    expect(body.entries.find((e: any) => e.id === 'overloaded')).toMatchObject({ failed_calls: 1, failed_attempts: 5, count: 5 });
    expect(body.entries.find((e: any) => e.id === 'first-message-not-user')).toMatchObject({ count: 0, last_seen: null });
  });
  it('lists filter values and serves the OpenAPI document', async () => {
    expect((await get('/api/v1/filters')).body).toEqual({ services: ['billing', 'svc'], models: ['claude-haiku-4-5', 'claude-sonnet-4-5'], platforms: ['first_party'] });
    const doc = (await get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/summary', '/api/v1/trends', '/api/v1/errors', '/api/v1/patterns', '/api/v1/catalog', '/api/v1/alerts', '/api/v1/rules']));
  });
  it('requires the bearer token when one is configured', async () => {
    expect((await get('/api/v1/summary', secured())).status).toBe(401);
    expect((await get('/api/v1/summary', secured(), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get('/api/v1/summary', secured(), { authorization: 'Bearer tok-123' })).status).toBe(200);
    expect((await get('/healthz', secured())).status).toBe(200);
  });
});

describe('operations endpoints', () => {
  it('serves readiness without a token, and Prometheus metrics with it', async () => {
    expect((await secured().inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const m = await secured().inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer tok-123' } });
    expect(m.statusCode).toBe(200);
    expect(m.body).toMatch(/^analyzer_stored_records_total \d+$/m);
    expect(m.body).toMatch(/^analyzer_ingest_lag_seconds [\d.e+-]+$/m);
    const r = await secured().inject({ method: 'GET', url: '/readyz' });
    expect(r.json()).toEqual({ status: 'ready', checks: { duckdb: 'ok' } });
  });
});
