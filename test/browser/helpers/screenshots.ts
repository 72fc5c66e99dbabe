import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO } from './serve.js';

/** Test artifacts (git-ignored). */
export const SCREENSHOT_DIR = join(REPO, 'test-results/screenshots');
/** The README's pictures, refreshed when CE_UPDATE_SCREENSHOTS=1. */
const DOCS_DIR = join(REPO, 'docs/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  if (process.env['CE_UPDATE_SCREENSHOTS'] === '1') {
    mkdirSync(DOCS_DIR, { recursive: true });
    copyFileSync(path, join(DOCS_DIR, `${name}.png`));
  }
  return path;
}
