// The browser tests' set-up: headless Chromium, and the dashboard served by `claude-errors serve`.
import { afterAll, beforeAll, describe } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSkipReason, launchChromium, type LaunchedBrowser } from './chromium.js';
import { watchPage } from './page.js';
import { startServe, type RunningServe } from './serve.js';
import { late } from '../../helpers/late.js';

/** A describe block for tests that drive Chromium: skipped, saying why, where it cannot run. */
export function describeInChromium(name: string, fn: () => void): void {
  const skip = browserSkipReason();
  if (skip) console.warn(skip);
  describe.skipIf(skip !== null)(name, fn);
}

/**
 * Headless Chromium for the tests of one describe block: launched before them (after the hooks
 * registered before this call), closed after them.
 */
export function useChromium(): LaunchedBrowser {
  let chromium: LaunchedBrowser | undefined;
  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
  });
  return late('Chromium', () => chromium);
}

export interface DashboardFixture {
  readonly serve: RunningServe;
  readonly chromium: LaunchedBrowser;
  /** A page opened before the tests, for them to share. */
  readonly page: Page;
  /** Page errors and requests that left the server, on `page` since it opened. */
  readonly watched: { errors: string[]; outside: string[] };
}

/**
 * `claude-errors serve` (with `args`, and `token` for its API) and headless Chromium with one page
 * open, for the tests of one describe block; each field stands for its object from the block's
 * beforeAll on. `before` runs once serve listens, before Chromium starts (to send the traffic the
 * tests look at); `after` runs first when the tests are done, before Chromium closes and serve stops.
 */
export function useDashboard(
  opts: { args?: () => string[]; token?: string; before?: () => Promise<void>; after?: () => Promise<void> } = {},
): DashboardFixture {
  let serve: RunningServe | undefined;
  let chromium: LaunchedBrowser | undefined;
  let page: Page | undefined;
  let watched: DashboardFixture['watched'] | undefined;
  beforeAll(async () => {
    serve = await startServe(opts.args?.() ?? [], opts.token);
    await opts.before?.();
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    watched = watchPage(page, serve.url);
  });
  afterAll(async () => {
    await opts.after?.();
    await chromium?.close();
    await serve?.stop();
  });
  return {
    serve: late('serve', () => serve),
    chromium: late('Chromium', () => chromium),
    page: late('the page', () => page),
    watched: late('the page watch', () => watched),
  };
}
