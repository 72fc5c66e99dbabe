// Issue 10 item 5: an analyzer on loopback without a token answered any Host header, so a web page
// whose name is rebound to 127.0.0.1 (DNS rebinding) could read the API from the user's browser.
// It now answers only its own names, with its own port, plus those given with allowedHosts.
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzerApp, type TestAnalyzer } from './analyzer-app.js';

const open: TestAnalyzer[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function app(opts: Parameters<typeof analyzerApp>[0]): Promise<TestAnalyzer> {
  const t = await analyzerApp(opts);
  open.push(t);
  return t;
}

async function statusWithHost(t: TestAnalyzer, host: string, url = '/api/v1/summary'): Promise<number> {
  return (await t.app.inject({ url, headers: { host } })).statusCode;
}

describe('Host check on loopback without a token', () => {
  it('refuses a foreign name on every route, data and files alike', async () => {
    const t = await app({ host: '127.0.0.1' });
    for (const url of ['/api/v1/summary', '/api/v1/errors', '/api/v1/openapi.json', '/metrics', '/', '/healthz']) {
      const res = await t.app.inject({ url, headers: { host: 'attacker.example:4320' } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ statusCode: 403, code: 'CE_ERR_HOST_NOT_ALLOWED', error: 'Forbidden' });
      expect(res.body).not.toContain('secret record content');
    }
    for (const host of ['127.0.0.1.attacker.example', 'localhost.attacker.example', 'localhost:4320@evil', '[::2]']) {
      expect(await statusWithHost(t, host), host).toBe(403);
    }
  });

  it('answers localhost, 127.0.0.1, [::1] and the bound address', async () => {
    const t = await app({ host: '127.0.0.2' });
    for (const host of ['localhost', 'LOCALHOST:4320', '127.0.0.1:4320', '[::1]:4320', '127.0.0.2']) {
      expect(await statusWithHost(t, host), host).toBe(200);
    }
  });

  it('takes extra names from allowedHosts', async () => {
    const t = await app({ host: 'localhost', allowedHosts: ['errors.internal'] });
    expect(await statusWithHost(t, 'errors.internal:4320')).toBe(200);
    expect(await statusWithHost(t, 'other.internal:4320')).toBe(403);
  });

  it('once listening, wants the port it listens on (real port)', async () => {
    const t = await app({ host: '127.0.0.1' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    const get = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/v1/summary', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject).end();
      });
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`localhost:${port === 1 ? 2 : port - 1}`)).toBe(403);
    expect(await get(`attacker.example:${port}`)).toBe(403);
  });
});

describe('no Host check', () => {
  it('with a token (the token is the guard) or bound to a public address', async () => {
    const withToken = await app({ host: '127.0.0.1', apiToken: 'tok' });
    expect((await withToken.app.inject({ url: '/api/v1/summary', headers: { host: 'errors.example.com', authorization: 'Bearer tok' } })).statusCode).toBe(200);
    const exposed = await app({ host: '0.0.0.0' });
    expect(await statusWithHost(exposed, 'errors.example.com')).toBe(200);
  });
});
