// Issue 10 item 1: the API token was checked on the raw URL prefix (`/api/`), so a percent-encoded
// path (`GET /%61pi/v1/errors`) reached the data without it. Now every route needs the token unless
// the route that matched is marked public. Every route of the app is enumerated from Fastify's
// route table and tried raw and respelled, with and without the token.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerApp, concretePath, DASHBOARD_DIST, routeTable, type RouteEntry, type TestAnalyzer } from './analyzer-app.js';

const TOKEN = 'security-test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const LIVE = '/api/v1/live';
/** What may answer without the token: health, readiness and the dashboard's own files. */
const PUBLIC = /^\/(healthz|readyz|index\.html|theme\.js|assets\/[\w.-]+\.(js|css))?$/;

let t: TestAnalyzer;
let routes: RouteEntry[];

beforeAll(async () => {
  t = await analyzerApp({ apiToken: TOKEN, dashboardDir: DASHBOARD_DIST });
  routes = routeTable(t.app);
});
afterAll(() => t?.close());

/** The same path spelled as a client may send it (curl --path-as-is). */
function spellings(path: string): string[] {
  const pct = (c: string): string => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const segments = path.split('/');
  const out = new Set<string>([path]);
  // Each segment once with its first and once with its last character percent-encoded (%61pi, ap%69).
  segments.forEach((seg, i) => {
    if (!seg) return;
    for (const at of [0, seg.length - 1]) {
      const copy = [...segments];
      copy[i] = seg.slice(0, at) + pct(seg[at]!) + seg.slice(at + 1);
      out.add(copy.join('/'));
    }
  });
  out.add(path.split('').map((c) => (c === '/' ? c : pct(c))).join(''));
  out.add(path.replace(/[a-z]/g, (c) => pct(c).toUpperCase()));
  out.add(`/${path}`);
  out.add(path.replace(/\//g, '//'));
  out.add(`${path}/`);
  out.add(path.toUpperCase());
  out.add(path.replace(/^\/(\w)/, (_m, c: string) => `/${c.toUpperCase()}`));
  out.add(`${path}%2f`);
  out.add(`${path};x`);
  out.add(`${path}/.`);
  out.add(path.replace(/^\//, '/./'));
  out.add(path.replace(/\/([^/]+)$/, '/x/../$1'));
  return [...out];
}

describe('the route table', () => {
  it('lists the API, live, ops and dashboard routes', () => {
    const paths = routes.map((r) => r.path);
    for (const p of ['/api/v1/summary', '/api/v1/errors', '/api/v1/errors/:trace_id/:span_id', LIVE, '/api/v1/openapi.json', '/metrics', '/healthz', '/readyz', '/']) {
      expect(paths).toContain(p);
    }
  });
});

describe('without the token', () => {
  it('only public routes answer, under any spelling', async () => {
    const leaks: string[] = [];
    for (const route of routes.filter((r) => r.path !== LIVE)) {
      for (const url of spellings(concretePath(route.path))) {
        for (const method of route.methods) {
          const res = await t.app.inject({ method, url });
          if (res.statusCode === 401) continue;
          // Anything else is either a public route (dot segments resolved as URL parsing does) or a leak.
          const path = decodeURIComponent(new URL(`http://h${url}`).pathname);
          const matchedPublic = PUBLIC.test(path) && !/\.map$/.test(path);
          if (!matchedPublic || res.body.includes('secret record content')) leaks.push(`${method} ${url} -> ${res.statusCode}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses /metrics (no option makes it public here)', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ statusCode: 401, code: 'CE_ERR_UNAUTHORIZED', error: 'Unauthorized', message: 'missing or wrong bearer token' });
    expect((await t.app.inject({ url: '/%6detrics' })).statusCode).toBe(401);
  });

  it('refuses unknown paths and wrong methods before saying whether they exist', async () => {
    for (const url of ['/nope', '/%61pi/v1/nope', '/api/v1/errors/zz', '/api/v1/summary/../errors']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(401);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/summary' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: '/%61pi/v1/errors' })).statusCode).toBe(401);
  });

  it('takes ?access_token= on the live stream only, not on other routes', async () => {
    for (const url of ['/api/v1/summary', '/%61pi/v1/errors', '/api/v1/openapi.json', '/metrics']) {
      expect((await t.app.inject({ url: `${url}?access_token=${TOKEN}` })).statusCode, url).toBe(401);
    }
  });

  it('serves the public routes', async () => {
    for (const url of ['/healthz', '/readyz', '/', '/index.html']) expect((await t.app.inject({ url })).statusCode, url).toBe(200);
  });
});

describe('with the token', () => {
  it('serves every route, and every spelling the router decodes to it', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path !== LIVE)) {
      const raw = concretePath(route.path);
      const expected = /\.map$/.test(raw) ? 404 : 200;
      for (const url of spellings(raw)) {
        const res = await t.app.inject({ method: 'GET', url, headers: AUTH });
        if (url === raw && res.statusCode !== expected) failures.push(`${url} -> ${res.statusCode}, expected ${expected}`);
        if (![200, 400, 404].includes(res.statusCode)) failures.push(`${url} -> ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 405 with Allow for a known path asked with another method', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/summary', headers: AUTH });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD');
    expect(res.json()).toMatchObject({ statusCode: 405, code: 'CE_ERR_METHOD_NOT_ALLOWED', error: 'Method Not Allowed' });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/errors/x/y', headers: AUTH })).statusCode).toBe(405);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: AUTH })).json()).toMatchObject({ statusCode: 404, code: 'CE_ERR_NOT_FOUND', error: 'Not Found' });
  });

  it('never serves source maps', async () => {
    const map = routes.find((r) => r.path.endsWith('.map'));
    const url = map ? map.path : '/assets/index.js.map';
    expect((await t.app.inject({ url, headers: AUTH })).statusCode).toBe(404);
  });
});

describe('the live stream (real port)', () => {
  let base = '';
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  /** The status of a GET, then the connection is dropped (the stream never ends). */
  function status(path: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${base}${path}`, { headers }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('needs the token, as a header or ?access_token=, under any spelling', async () => {
    for (const url of spellings(LIVE)) expect(await status(url), url).toBe(401);
    expect(await status(`${LIVE}?access_token=wrong`)).toBe(401);
    expect(await status(LIVE, AUTH)).toBe(200);
    expect(await status(`${LIVE}?access_token=${TOKEN}`)).toBe(200);
    expect(await status(`/%61pi/v1/live?access_token=${TOKEN}`)).toBe(200);
  });
});
