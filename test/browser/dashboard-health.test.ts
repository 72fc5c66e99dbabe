// The Health view in real headless Chromium: a provider incident from a local fake status feed
// during a 529 streak makes the verdict "them" and shades the trends; rate-limit headroom falling
// to 5 % shows as a low row with its time to exhaustion; an app with maxRetries 0 gets a finding.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { describeInChromium, useDashboard } from './helpers/dashboard.js';
import { axeViolations } from './helpers/axe.js';
import { screenshot } from './helpers/screenshots.js';
import { startTraffic } from './helpers/traffic.js';

describeInChromium('dashboard Health view in Chromium', () => {
  let feed: Server;
  let feedUrl = '';
  beforeAll(async () => {
    const since = new Date(Date.now() - 5 * 60_000).toISOString();
    feed = createServer((_req, res) => {
      const incidents = [{ id: 'b-inc', name: 'Elevated 529 errors on Claude Opus', status: 'identified', impact: 'major', created_at: since, started_at: since, resolved_at: null, components: [] }];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ incidents }));
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(feed.address() as { port: number }).port}/api/v2/incidents.json`;
  });
  // vitest runs after-hooks in reverse order: the feed closes once serve has stopped.
  afterAll(() => {
    feed?.close();
  });
  const { serve, page, watched } = useDashboard({
    args: () => ['--status-feed', feedUrl, '--status-feed-interval', '1s'],
    async before() {
      const traffic = await startTraffic(serve.otlpUrl, 'checkout');
      // tokens remaining falling 100 % -> 5 %, one response each
      for (const remaining of [100_000, 70_000, 40_000, 20_000, 5_000]) {
        await traffic.call('claude-opus-4-1', [fates.success({ rateLimits: { tokens: { limit: 100_000, remaining, reset: 30 } } })], { maxRetries: 0 });
      }
      // a 529 streak the app never retries (maxRetries 0)
      for (let i = 0; i < 4; i++) await traffic.call('claude-opus-4-1', [fates.overloaded()], { maxRetries: 0 });
      await traffic.close();
    },
  });

  it('shows the verdict with the incident, the low limit, and the retry finding with its fix', async () => {
    await page.goto(`${serve.url}/#/health?from=-1h`);
    const verdict = page.locator('[data-testid="verdict"] [data-verdict]');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('them');
    expect(await page.locator('[data-incident="b-inc"]').textContent()).toContain('Elevated 529 errors on Claude Opus');

    const tokens = page.locator('[data-testid="headroom"] tr[data-kind="tokens"]');
    await expect.poll(() => tokens.count(), { timeout: 10_000 }).toBe(1);
    expect(await tokens.getAttribute('class')).toBe('low');
    const cells = await tokens.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['checkout', 'claude-opus-4-1', 'tokens', '5% (5,000 of 100,000)']);
    expect(await tokens.locator('svg.sparkline path').count()).toBe(1);

    const finding = page.locator('[data-testid="findings"] [data-finding="no-retries"]');
    await expect.poll(() => finding.count()).toBe(1);
    expect(await finding.textContent()).toMatch(/never retried.*checkout: 4.*max_retries/s);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'health');
  });

  it('trends name the incident and shade it on the chart', async () => {
    await page.goto(`${serve.url}/#/trends?from=-1h`);
    const note = page.locator('[data-testid="trend-incidents"] .incident-note');
    await expect.poll(() => note.count(), { timeout: 10_000 }).toBe(1);
    expect(await note.textContent()).toContain('Elevated 529 errors on Claude Opus (major');
    await screenshot(page, 'trends-incident');
    expect(watched.errors).toEqual([]);
    expect(watched.outside).toEqual([]);
  });
});
