// With --api-token, the page asks for the token, sends it as a bearer token once given with
// ?token=…, keeps it for the tab (not in the address bar), and the live stream works with it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, type LaunchedBrowser } from './helpers/chromium.js';
import { startServe, type RunningServe } from './helpers/serve.js';

const skip = browserSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('dashboard with an API token in Chromium', () => {
  const token = randomBytes(12).toString('hex');
  let serve: RunningServe;
  let chromium: LaunchedBrowser;

  beforeAll(async () => {
    serve = await startServe(['--api-token', token], token);
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await serve?.stop();
  });

  it('explains the missing token instead of showing numbers', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${serve.url}/#/overview`);
    await page.locator('.notice.error', { hasText: 'API token' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-stat]').count()).toBe(0);
    await page.close();
  });

  it('sends the token given once with ?token= and removes it from the address', async () => {
    const page = await chromium.context.newPage();
    const auth: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) auth.push(r.headers()['authorization'] ?? '');
    });
    await page.goto(`${serve.url}/?token=${token}#/overview`);
    await page.locator('[data-stat="total_calls"]').waitFor({ timeout: 10_000 });
    expect(page.url()).not.toContain(token);
    expect(auth.length).toBeGreaterThan(0);
    expect(new Set(auth)).toEqual(new Set([`Bearer ${token}`]));
    await page.locator('.live-dot.open').waitFor({ timeout: 10_000 });
    // Kept for the tab: a reload still works without the query parameter.
    await page.reload();
    await page.locator('[data-stat="total_calls"]').waitFor({ timeout: 10_000 });
    await page.close();
  });
});
