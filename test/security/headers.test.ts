// Issue 10 item 5: security headers on every analyzer response, refusals and the live stream
// included: a CSP without inline script, no framing, no MIME sniffing, no referrer.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerApp, concretePath, DASHBOARD_DIST, routeTable, type TestAnalyzer } from './analyzer-app.js';

const TOKEN = 'headers-test-token';

function expectSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, what).toMatch(/(^|;\s*)script-src 'self'(;|$)/);
  expect(csp, what).toMatch(/(^|;\s*)default-src 'none'(;|$)/);
  expect(csp, what).toMatch(/frame-ancestors 'none'/);
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
}

let t: TestAnalyzer;
beforeAll(async () => {
  t = await analyzerApp({ apiToken: TOKEN, dashboardDir: DASHBOARD_DIST });
});
afterAll(() => t?.close());

describe('security headers', () => {
  it('are on every route of the table, with and without the token', async () => {
    for (const route of routeTable(t.app).filter((r) => r.path !== '/api/v1/live')) {
      const url = concretePath(route.path);
      expectSecurityHeaders((await t.app.inject({ url })).headers, `${url} without token`);
      expectSecurityHeaders((await t.app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } })).headers, `${url} with token`);
    }
  });

  it('are on refusals: 400, 404, 405', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const [method, url, status] of [
      ['GET', '/api/v1/summary?from=nope', 400],
      ['GET', '/nope', 404],
      ['POST', '/api/v1/summary', 405],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: auth });
      expect(res.statusCode).toBe(status);
      expectSecurityHeaders(res.headers, `${method} ${url}`);
    }
  });

  it('are on the live stream (real port)', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(`http://127.0.0.1:${port}/api/v1/live`, { headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        resolve(res.headers);
        req.destroy();
      });
      req.on('error', reject).end();
    });
    expect(headers['content-type']).toBe('text/event-stream');
    expectSecurityHeaders(headers, 'live');
  });

  it('the built dashboard has no inline script and no source map', async () => {
    const page = await t.app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const src of page.body.matchAll(/src="\.?(\/[^"]+\.js)"/g)) {
      const js = await t.app.inject({ url: src[1]! });
      expect(js.statusCode, src[1]).toBe(200);
      expect(js.body, src[1]).not.toMatch(/sourceMappingURL/);
    }
  });
});
