// With --api-token, the page asks for the token, sends it as a bearer token once given with
// ?token=…, keeps it for the tab (not in the address bar), and the live stream works with it.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeInChromium, useDashboard } from './helpers/dashboard.js';

describeInChromium('dashboard with an API token in Chromium', () => {
  const token = randomBytes(12).toString('hex');
  const { serve, chromium } = useDashboard({ args: () => ['--api-token', token], token });

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
