// Issue 10 item 4: out-of-range times reached DuckDB and came back as 500 with the SQL error text
// in the body. Every report route now answers 400 CE_ERR_BAD_PARAMETER naming the parameter, and a
// 500 says only that it failed (the details go to the log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerApp, type TestAnalyzer } from './analyzer-app.js';

const ROUTES = ['/api/v1/summary', '/api/v1/trends', '/api/v1/errors', '/api/v1/patterns', '/api/v1/catalog', '/api/v1/filters'];
const BAD: [query: string, param: 'from' | 'to'][] = [
  ['from=-99999999999w', 'from'],
  ['to=9999999999999999', 'to'],
  ['from=8640000000000001&to=8640000000000002', 'to'],
  ['from=8640000000000001', 'from'],
  ['to=-99999999999d', 'to'],
  ['from=-1' + '0'.repeat(400) + 'ms', 'from'],
  ['from=', 'from'],
  ['to=', 'to'],
  ['from=%20', 'from'],
  ['from=2026-13-45', 'from'],
];
/** Text that only an internal error would carry. */
const INTERNALS = /duckdb|sql|conversion|binder|parser|epoch_ms|bigint|RangeError|Invalid time value|at .*\.(ts|js):\d+/i;

let t: TestAnalyzer;
beforeAll(async () => {
  t = await analyzerApp();
});
afterAll(() => t?.close());

describe('time parameters out of range or empty', () => {
  it.each(ROUTES)('%s answers 400 naming the parameter', async (route) => {
    for (const [query, param] of BAD) {
      const res = await t.app.inject({ url: `${route}?${query}` });
      expect(res.statusCode, `${route}?${query.slice(0, 60)}`).toBe(400);
      const body = res.json();
      expect(body).toMatchObject({ statusCode: 400, code: 'CE_ERR_BAD_PARAMETER', error: 'Bad Request' });
      expect(body.message).toContain(`parameter '${param}'`);
      expect(body.message).not.toMatch(INTERNALS);
    }
  });

  it('still takes the edges of the range of dates', async () => {
    expect((await t.app.inject({ url: '/api/v1/summary?from=-8640000000000000&to=8640000000000000' })).statusCode).toBe(400); // not epoch-ms digits
    expect((await t.app.inject({ url: '/api/v1/summary?from=0000000000&to=8640000000000000' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/summary?from=1970-01-01T00:00:00Z&to=9999-12-31T00:00:00Z' })).statusCode).toBe(200);
  });
});

describe('schema refusals', () => {
  it('name the parameter the same way', async () => {
    for (const [url, param] of [
      ['/api/v1/errors?limit=501', 'limit'],
      ['/api/v1/errors?limit=', 'limit'],
      ['/api/v1/summary?platform=mars', 'platform'],
      ['/api/v1/summary?colour=red', 'colour'],
      ['/api/v1/errors/nothex/0', 'trace_id'],
    ] as const) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toMatch(new RegExp(`^parameter '${param}': `));
    }
  });
});

describe('a 500', () => {
  it('carries a generic message, never the SQL or DuckDB text', async () => {
    const broken = await analyzerApp();
    await broken.store.shutdown(); // the reader is closed: every query fails inside DuckDB
    try {
      const res = await broken.app.inject({ url: '/api/v1/summary' });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(body).toMatchObject({ statusCode: 500, code: 'CE_ERR_INTERNAL', error: 'Internal Server Error' });
      expect(body.message).not.toMatch(INTERNALS);
      expect(res.body).not.toMatch(INTERNALS);
      const ready = await broken.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not ready', checks: { duckdb: 'failed' } });
    } finally {
      await broken.app.close();
    }
  });
});
