// Issue 10 item 5: the analyzer's Content-Security-Policy allows no inline script or style. The
// built dashboard (dashboard/dist) must work under it: every view renders in real headless
// Chromium with no CSP violation and no page error, and the saved theme still applies before
// the page's own script (it moved from an inline script to theme.js).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, useChromium } from '../browser/helpers/dashboard.js';
import { watchPage } from '../browser/helpers/page.js';
import { analyzerApp, DASHBOARD_DIST, failedCall, type TestAnalyzer } from './analyzer-app.js';

const VIEWS = ['overview', 'trends', 'errors', 'catalog', 'patterns', 'alerts', 'health', 'live'];
describeInChromium('the dashboard under the analyzer CSP in Chromium', () => {
  let t: TestAnalyzer;
  let base = '';

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) throw new Error('dashboard/dist is missing: run `npm run build` first');
    t = await analyzerApp({ dashboardDir: DASHBOARD_DIST });
    await t.ingest.ingest({ records: [1, 2, 3, 4].flatMap((n) => failedCall(n, `overloaded ${n}`, Date.now() - n * 60_000)) });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });
  const chromium = useChromium();

  it('renders every view with no CSP violation and no page error', async () => {
    const page = await chromium.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const seen = watchPage(page, base);
    const response = await page.goto(`${base}/#/overview`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('[data-stat="total_calls"]').waitFor({ timeout: 15_000 });
    for (const view of VIEWS) {
      await page.goto(`${base}/#/${view}`);
      await page.locator('main > *').first().waitFor({ timeout: 10_000 });
    }
    expect(violations).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.outside).toEqual([]);
    await page.close();
  });

  it('applies the saved theme from theme.js before the page script', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${base}/#/overview`);
    await page.evaluate(() => localStorage.setItem('claude-errors.theme', 'dark'));
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.close();
  });
});
