import type { Page } from 'playwright-core';

/** Opens a dashboard route and fails the test on any page error or failed request. */
export async function openDashboard(page: Page, base: string, hash: string): Promise<void> {
  await page.goto(`${base}/#/${hash}`);
}

/** Collects uncaught page errors and outside requests, so a test can assert there were none. */
export function watchPage(page: Page, base: string): { errors: string[]; outside: string[] } {
  const seen = { errors: [] as string[], outside: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) seen.outside.push(r.url());
  });
  return seen;
}

/** Digits of a formatted number ("1,234" -> 1234). */
export function numberIn(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9.-]/g, ''));
}
