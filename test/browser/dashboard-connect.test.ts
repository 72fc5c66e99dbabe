// "Is it connected?" in real headless Chromium: before any span, the overview shows how to connect
// with this server's own OTLP URL in every snippet; one span later it shows the numbers, no reload.
import { expect, it } from 'vitest';
import { describeInChromium, useDashboard } from './helpers/dashboard.js';
import { screenshot } from './helpers/screenshots.js';
import { postPastErrors } from './helpers/traffic.js';

describeInChromium('dashboard connect panel in Chromium', () => {
  const { serve, page, watched } = useDashboard();

  it('shows how to connect, with the real OTLP URL in every snippet, while nothing has arrived', async () => {
    await page.goto(`${serve.url}/#/overview`);
    const panel = page.locator('[data-testid="connect"]');
    await panel.waitFor({ timeout: 15_000 });
    const traces = `${serve.otlpUrl}/v1/traces`;
    expect(await panel.locator('code[data-copy="OTLP traces URL"]').textContent()).toBe(traces);
    for (const label of ['tracing.cjs', 'telemetry.mjs', 'Python set-up']) {
      expect(await panel.locator(`pre[data-copy="${label}"]`).textContent(), label).toContain(traces);
    }
    const env = await panel.locator('pre[data-copy="environment variables"]').textContent();
    expect(env).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT="${serve.otlpUrl}"`);
    expect(await panel.locator('pre[data-copy="Python install command"]').textContent()).toContain('pip install claude-errors-instrumentation-anthropic');
    expect(await panel.locator('pre[data-copy="Python set-up"]').textContent()).toContain('AnthropicInstrumentor().instrument()');
    expect(await page.locator('[data-stat="total_calls"]').getAttribute('data-value')).toBe('0');
    await page.waitForSelector('.live-dot.open', { timeout: 15_000 });
    await screenshot(page, 'connect');
    expect(watched.errors).toEqual([]);
    expect(watched.outside).toEqual([]);
  });

  it('switches to the overview the moment the first span lands, without reloading', async () => {
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    await postPastErrors(serve.otlpUrl, 'first-app', 'claude-haiku-4-5', 1, 1000);
    await page.locator('[data-testid="connect"]').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.locator('[data-stat="total_calls"]').getAttribute('data-value')).toBe('1');
    expect(await page.locator('#ov-top').count()).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);
  });
});
