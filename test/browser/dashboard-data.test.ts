// The dashboard in real headless Chromium against a populated analyzer: the numbers on the page
// equal the API's, time range and filters change them correctly, the drill-down opens.
import { expect, it } from 'vitest';
import { describeInChromium, useDashboard } from './helpers/dashboard.js';
import { axeViolations, type AxeViolation } from './helpers/axe.js';
import { numberIn } from './helpers/page.js';
import { screenshot } from './helpers/screenshots.js';
import { postPastErrors, runDemo, startTraffic } from './helpers/traffic.js';

interface Summary {
  total_calls: number;
  failed_calls: number;
  total_attempts: number;
  failed_attempts: number;
  error_rate: number;
  by_catalog: { catalog_id: string; failed_calls: number; failed_attempts: number }[];
}
interface ErrorRow {
  outcome: string;
  trace_id: string;
  span_id: string;
  attempt: number;
  message: string | null;
}

describeInChromium('dashboard data views in Chromium', () => {
  const { serve, page, watched } = useDashboard({
    async before() {
      // Live traffic through the real SDK: the demo (service demo-app, three models) plus a few
      // scripted calls from a second service, and failures back-dated three hours.
      await runDemo(serve.otlpUrl, ['--duration', '8s', '--rate', '10', '--service', 'demo-app', '--quiet']);
      const traffic = await startTraffic(serve.otlpUrl, 'checkout');
      await traffic.call('claude-haiku-4-5', [{ kind: 'error', status: 400, type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' }]);
      await traffic.call('claude-haiku-4-5', [{ kind: 'error', status: 529, type: 'overloaded_error' }, { kind: 'success' }]);
      await traffic.close();
      await postPastErrors(serve.otlpUrl, 'batch-jobs', 'claude-haiku-4-5', 4, 3 * 3_600_000);
    },
  });

  async function expectOverviewEquals(s: Summary): Promise<void> {
    for (const key of ['total_calls', 'failed_calls', 'failed_attempts'] as const) {
      const stat = page.locator(`[data-stat="${key}"]`);
      await expect.poll(() => stat.getAttribute('data-value'), { timeout: 10_000 }).toBe(String(s[key]));
      expect(numberIn(await stat.locator('.stat-value').textContent())).toBe(s[key]);
    }
    expect(await page.locator('[data-stat="error_rate"] .stat-value').textContent()).toBe(`${(s.error_rate * 100).toFixed(2)}%`);
  }

  it('shows the same totals and top causes as the summary API', async () => {
    await page.goto(`${serve.url}/#/overview?from=-1h`);
    const api = await serve.api<Summary>('summary?from=-1h&to=now');
    expect(api.total_calls).toBeGreaterThan(20);
    expect(api.failed_calls).toBeGreaterThan(0);
    await expectOverviewEquals(api);
    for (const row of api.by_catalog.slice(0, 10)) {
      const tr = page.locator(`tr[data-catalog-id="${row.catalog_id}"]`);
      expect(numberIn(await tr.locator('td').nth(1).textContent())).toBe(row.failed_calls);
      expect(numberIn(await tr.locator('td').nth(2).textContent())).toBe(row.failed_attempts);
    }
    await screenshot(page, 'overview');
  });

  it('changes the numbers with the time range', async () => {
    await page.goto(`${serve.url}/#/overview?from=-1h`);
    const hour = await serve.api<Summary>('summary?from=-1h&to=now');
    await expectOverviewEquals(hour);
    await page.selectOption('#range', '-24h');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('from=-24h');
    const day = await serve.api<Summary>('summary?from=-24h&to=now');
    expect(day.failed_calls).toBe(hour.failed_calls + 4); // the back-dated failures
    await expectOverviewEquals(day);

    // A custom range around the back-dated failures only.
    await page.selectOption('#range', 'custom');
    const [fromLocal, toLocal, fromIso, toIso] = await page.evaluate(() => {
      const pad = (n: number): string => String(n).padStart(2, '0');
      const local = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      const from = new Date(Date.now() - 4 * 3_600_000);
      const to = new Date(Date.now() - 2 * 3_600_000);
      return [local(from), local(to), new Date(local(from)).toISOString(), new Date(local(to)).toISOString()];
    });
    await page.fill('#range-from', fromLocal);
    await page.fill('#range-to', toLocal);
    await page.click('.custom-range button');
    const past = await serve.api<Summary>(`summary?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}`);
    expect(past.failed_calls).toBe(4);
    await expectOverviewEquals(past);
  });

  it('changes the numbers with the service and model filters', async () => {
    await page.goto(`${serve.url}/#/overview?from=-24h`);
    const all = await serve.api<Summary>('summary?from=-24h&to=now');
    await expectOverviewEquals(all);
    await page.selectOption('#filter-service', 'batch-jobs');
    const batch = await serve.api<Summary>('summary?from=-24h&to=now&service=batch-jobs');
    expect(batch.failed_calls).toBe(4);
    await expectOverviewEquals(batch);
    await page.selectOption('#filter-service', '');
    await page.selectOption('#filter-model', 'claude-haiku-4-5');
    const haiku = await serve.api<Summary>('summary?from=-24h&to=now&model=claude-haiku-4-5');
    expect(haiku.total_calls).toBeLessThan(all.total_calls);
    await expectOverviewEquals(haiku);
    expect(await page.evaluate(() => location.hash)).toContain('model=claude-haiku-4-5');
  });

  it('lists errors newest first with cursor pagination, and a row opens its details', async () => {
    await page.goto(`${serve.url}/#/errors?from=-1h&limit=5`);
    const first = await serve.api<{ rows: ErrorRow[]; next_cursor: string | null }>('errors?from=-1h&to=now&limit=5');
    expect(first.rows.length).toBe(5);
    expect(first.next_cursor).not.toBeNull();
    const second = await serve.api<{ rows: ErrorRow[] }>(`errors?from=-1h&to=now&limit=5&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);
    const rows = page.locator('table.errors tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    await page.click('button.more');
    const expected = [...first.rows, ...second.rows].map((r) => `${r.trace_id}/${r.attempt}`);
    await expect.poll(() => rows.count()).toBe(expected.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => `${(tr as HTMLElement).dataset['traceId']}/${(tr as HTMLElement).dataset['attempt']}`));
    expect(shown).toEqual(expected);
    await screenshot(page, 'errors');

    const target = first.rows[0]!;
    await rows.first().locator('td.message').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`#/errors/${target.trace_id}/${target.span_id}`);
    const detail = await serve.api<{ call: ErrorRow; attempts: ErrorRow[]; catalog: { title: string } | null }>(`errors/${target.trace_id}/${target.span_id}`);
    // A call that succeeded after retries is shown by the failure it retried away.
    const failed = detail.attempts.filter((a) => a.outcome === 'error');
    const expectedMessage = detail.call.outcome === 'success' ? failed[failed.length - 1]?.message : (detail.call.message ?? failed[failed.length - 1]?.message);
    await expect.poll(() => page.locator('pre.message-full').textContent()).toBe(expectedMessage ?? '(no message recorded)');
    expect(await page.locator('table.attempts tbody tr').count()).toBe(detail.attempts.length);
    if (detail.catalog) expect(await page.locator('.fix-panel h2').textContent()).toContain(detail.catalog.title);
    await screenshot(page, 'error-details');
  });

  it('draws trends, the catalog with live counts, and patterns', async () => {
    await page.goto(`${serve.url}/#/trends?from=-1h&by=status`);
    const trends = await serve.api<{ series: { key: string | null; calls: number[]; attempts: number[] }[] }>('trends?from=-1h&to=now&bucket=1m&by=status');
    await page.waitForSelector('.chart canvas');
    for (const s of trends.series) {
      const row = page.locator(`table.totals tr[data-key="${s.key ?? ''}"]`);
      expect(numberIn(await row.locator('td').first().textContent())).toBe(s.calls.reduce((a, b) => a + b, 0));
    }
    await screenshot(page, 'trends');

    await page.goto(`${serve.url}/#/catalog?from=-1h`);
    const catalog = await serve.api<{ entries: { id: string; count: number; failed_calls: number }[] }>('catalog?from=-1h&to=now');
    await page.waitForSelector('article.entry');
    expect(await page.locator('article.entry').count()).toBe(catalog.entries.length);
    const seen = catalog.entries.filter((e) => e.count > 0);
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) {
      const count = page.locator(`[data-entry="${e.id}"] .count`);
      expect(await count.getAttribute('data-count')).toBe(String(e.count));
      expect(await count.textContent()).toContain(`${e.failed_calls} failed calls`);
    }
    await screenshot(page, 'catalog');

    await page.goto(`${serve.url}/#/patterns`);
    await page.waitForSelector('main table.patterns, main .empty');
    await screenshot(page, 'patterns');
  });

  it('passes axe-core WCAG 2.1 A/AA checks on every view, in both themes, and works from the keyboard', async () => {
    const views = ['overview?from=-1h', 'trends?from=-1h', 'errors?from=-1h', 'catalog?from=-1h', 'patterns', 'alerts', 'live'];
    const found: Record<string, AxeViolation[]> = {};
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const view of views) {
        await page.goto(`${serve.url}/#/${view}`);
        await page.waitForSelector('main h1');
        await page.waitForFunction(() => !document.querySelector('main .loading'));
        const v = await axeViolations(page);
        if (v.length) found[`${theme} ${view}`] = v;
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual({});

    // Keyboard: Tab reaches the skip link first, then the navigation; Enter on a nav link switches views.
    // A fresh document: from another view, a hash-only goto switches views in place, which moves
    // focus to <main> (on purpose) and the first Tab would land inside it.
    await page.goto('about:blank');
    await page.goto(`${serve.url}/#/overview?from=-1h`);
    await page.waitForSelector('main h1');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Overview');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('#/trends');
  });

  it('works at phone width and in the dark theme, with no page errors and no outside requests', async () => {
    await page.goto(`${serve.url}/#/overview?from=-1h`);
    await page.waitForSelector('[data-stat="total_calls"]');
    await page.click('button[aria-label^="Switch to dark"]');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await screenshot(page, 'overview-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'overview-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('button[aria-label^="Switch to light"]');
    expect(watched.errors).toEqual([]);
    expect(watched.outside).toEqual([]);
  });
});
