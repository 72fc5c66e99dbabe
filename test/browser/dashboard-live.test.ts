// Live updates in real headless Chromium: a new error appears without reload, and an alert shows
// when a 529 streak trips the shipped overload rule (5 consecutive failed attempts per model).
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Fate } from '@claude-errors/testkit/fake-api';
import { describeInChromium, useDashboard } from './helpers/dashboard.js';
import { screenshot } from './helpers/screenshots.js';
import { startTraffic, type Traffic } from './helpers/traffic.js';

const overloaded: Fate = { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' };

describeInChromium('dashboard live updates in Chromium', () => {
  let traffic: Traffic;
  const { serve, page } = useDashboard({
    async before() {
      traffic = await startTraffic(serve.otlpUrl, 'live-app');
      await traffic.call('claude-haiku-4-5', [{ kind: 'success' }]);
    },
    after: async () => traffic?.close(),
  });

  it('shows a new error on the Live view without reloading', async () => {
    await page.goto(`${serve.url}/#/live`);
    await page.waitForSelector('.live-state.open', { timeout: 15_000 });
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    const nonce = randomBytes(4).toString('hex');
    const message = `messages.0.content.1: unsupported citation marker ${nonce}`;
    await traffic.call('claude-haiku-4-5', [{ kind: 'error', status: 400, type: 'invalid_request_error', message }]);
    // The call and its one attempt both failed: both rows arrive.
    const items = page.locator('.live-error', { hasText: nonce });
    await items.first().waitFor({ timeout: 20_000 });
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.first().textContent()).toContain('400');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);
    await screenshot(page, 'live');
  });

  it('shows a firing alert when a 529 streak trips, without reloading', async () => {
    const model = 'claude-opus-4-8';
    await page.goto(`${serve.url}/#/alerts`);
    await page.waitForSelector('main table.rules');
    const before = await serve.api<{ active: { labels?: Record<string, unknown> }[] }>('alerts');
    expect(before.active.filter((a) => a.labels?.['model'] === model)).toEqual([]);
    await expect.poll(() => page.locator('[data-testid="firing-badge"]').isHidden()).toBe(true);

    // Two calls, three attempts each (the SDK retries twice): six consecutive 529s for one model.
    expect(await traffic.call(model, [overloaded, overloaded, overloaded])).toBe('error');
    expect(await traffic.call(model, [overloaded, overloaded, overloaded])).toBe('error');

    const active = page.locator('main ul.alerts li', { hasText: `model=${model}` });
    await active.first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-testid="firing-badge"]').isVisible()).toBe(true);
    const after = await serve.api<{ active: { rule?: string; labels?: Record<string, unknown> }[] }>('alerts');
    const firing = after.active.filter((a) => a.labels?.['model'] === model);
    expect(firing.length).toBeGreaterThan(0);
    expect(await active.first().getAttribute('data-rule')).toBe(firing[0]!.rule);
    await screenshot(page, 'alerts');
  });
});
