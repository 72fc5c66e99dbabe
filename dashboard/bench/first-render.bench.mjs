#!/usr/bin/env node
// npm run bench:dashboard [-- --calls 1000000 --warm 5 --out /path/figures.md]
//
// "First meaningful render under 1 s with 1M calls stored": fills a DuckDB file with N calls (and
// their attempt rows, ~4.5 % failed calls, ~0.24 failed attempts per call, see fill-records.mjs),
// starts the built `claude-errors serve --data <dir>` on it, and loads the overview in headless
// Chromium for the 15 m, 24 h and 7 d ranges. It measures, from navigation start (the page's
// performance.timeOrigin), when the stats show real numbers ([data-stat] rendered from the API's
// summary) and when the top-catalog list has its rows; plus each API request's duration as the
// browser saw it, and the same API calls timed from Node. Then the Trends view: until the uPlot
// chart and its totals table are drawn.
//
// Cold: a fresh serve process (DuckDB buffers empty; the OS page cache may still hold the file)
// and a fresh browser profile (no HTTP cache). Warm: the same page reloaded --warm times.
// Needs the built CLI and page (cli/dist, dashboard/dist) and /usr/bin/chromium (CHROMIUM_PATH).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { fillRecords } from './fill-records.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The same flags as test/browser/helpers/chromium.ts.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const TARGET_MS = 1000;
const RANGES = ['-15m', '-24h', '-7d'];

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000000' }, warm: { type: 'string', default: '5' }, out: { type: 'string' } } });
const CALLS = Number(values.calls);
const WARM = Number(values.warm);

for (const built of ['cli/dist/main.js', 'dashboard/dist/index.html', 'analyzer/dist/index.js']) {
  if (!existsSync(join(REPO, built))) throw new Error(`${built} is missing: build first (npx tsc -b cli && npm run build --workspace dashboard)`);
}
if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`);

/** Records, inside the page, when the stats and the top-catalog rows first appear. */
const MARKER = `
  window.__ce = {};
  new MutationObserver(() => {
    const m = window.__ce;
    if (m.stats === undefined && document.querySelector('[data-stat="total_calls"]')) m.stats = performance.now();
    if (m.top === undefined && document.querySelector('table.top-catalog tr[data-catalog-id]')) m.top = performance.now();
    if (m.chart === undefined && document.querySelector('.chart .uplot canvas') && document.querySelector('table.totals tr[data-key]')) m.chart = performance.now();
  }).observe(document, { subtree: true, childList: true });
`;

function startServe(dataDir) {
  const args = [join(REPO, 'bin/claude-errors.mjs'), 'serve', '--data', dataDir, '--port', '0', '--otlp-port', '0', '--log-level', 'warn'];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const onData = (d) => {
      out += d.toString();
      const m = /Dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        resolvePromise({ url: m[1], startMs: performance.now() - started, stop: () => stopChild(child), output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** One page load; returns the marks and the API requests' durations (ms from navigation start). */
async function measureLoad(page, load, marks = ['stats', 'top']) {
  await load();
  await page.waitForFunction((names) => names.every((n) => window.__ce?.[n] !== undefined), marks, { timeout: 60_000 });
  return page.evaluate(() => {
    const api = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/') && !e.name.includes('/api/v1/live'))
      .map((e) => ({ path: new URL(e.name).pathname.replace('/api/v1/', '') + new URL(e.name).search, start: e.startTime, ms: e.responseEnd - e.startTime }));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const stat = document.querySelector('[data-stat="total_calls"]');
    return { stats: window.__ce.stats, top: window.__ce.top, chart: window.__ce.chart, fcp, api, shownCalls: Number(stat?.getAttribute('data-value')) };
  });
}

async function apiTimes(base, range, runs = 10) {
  const out = {};
  for (const path of [`summary?from=${range}&to=now`, 'alerts', 'filters']) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const res = await fetch(`${base}/api/v1/${path}`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      times.push(performance.now() - s);
    }
    out[path.split('?')[0]] = median(times);
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)}`);

async function benchRange(dataDir, range) {
  const serve = await startServe(dataDir);
  const profile = mkdtempSync(join(tmpdir(), 'ce-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport: { width: 1280, height: 800 }, args: CHROMIUM_ARGS });
  try {
    await context.addInitScript(MARKER);
    const page = context.pages()[0] ?? (await context.newPage());
    const url = `${serve.url}/#/overview?from=${encodeURIComponent(range)}`;
    const cold = await measureLoad(page, () => page.goto(url));
    const warm = [];
    for (let i = 0; i < WARM; i++) warm.push(await measureLoad(page, () => page.reload()));
    const expected = (await (await fetch(`${serve.url}/api/v1/summary?from=${range}`)).json()).total_calls;
    // The Trends view: the uPlot chart and its totals table drawn (warm; the page picks the bucket).
    const trends = [];
    await page.goto(`${serve.url}/#/trends?from=${encodeURIComponent(range)}`);
    for (let i = 0; i < WARM; i++) trends.push(await measureLoad(page, () => page.reload(), ['chart']));
    const api = await apiTimes(serve.url, range);
    return { range, serveStartMs: serve.startMs, cold, warm, trends, expected, api };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await serve.stop();
  }
}

function apiList(load) {
  return load.api.map((a) => `${a.path.split('?')[0]} ${ms(a.ms)}`).join(', ');
}

function report(fill, results) {
  const lines = [];
  lines.push(`calls: ${CALLS.toLocaleString('en')} (${fill.counts.call.errors.toLocaleString('en')} failed), attempt rows: ${fill.counts.attempt.total.toLocaleString('en')} (${fill.counts.attempt.errors.toLocaleString('en')} failed), over 7 days; written in ${fill.seconds.toFixed(1)} s`);
  lines.push(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; target: stats and top-catalog list under ${TARGET_MS} ms from navigation start`);
  lines.push('');
  lines.push('| range | calls in range | load | stats shown (ms) | top catalog shown (ms) | first contentful paint (ms) | API requests as the page saw them (ms) | target met |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const warmStats = median(r.warm.map((w) => w.stats));
    const warmTop = median(r.warm.map((w) => w.top));
    const warmFcp = median(r.warm.map((w) => w.fcp ?? 0));
    const mid = r.warm.find((w) => w.top === warmTop) ?? r.warm[0];
    lines.push(`| ${r.range} | ${r.expected.toLocaleString('en')} | cold | ${ms(r.cold.stats)} | ${ms(r.cold.top)} | ${ms(r.cold.fcp)} | ${apiList(r.cold)} | ${r.cold.top < TARGET_MS ? 'yes' : 'no'} |`);
    lines.push(`| ${r.range} |  | warm (median of ${r.warm.length}) | ${ms(warmStats)} | ${ms(warmTop)} | ${ms(warmFcp)} | ${apiList(mid)} | ${warmTop < TARGET_MS ? 'yes' : 'no'} |`);
  }
  lines.push('');
  lines.push(`Trends view (warm, median of ${WARM}): navigation start to the uPlot chart and its totals table drawn, split by catalog entry:`);
  lines.push('');
  lines.push('| range | chart drawn (ms) | trends API as the page saw it (ms) |');
  lines.push('|---|---|---|');
  for (const r of results) {
    const mid = median(r.trends.map((t) => t.chart));
    const t = r.trends.find((x) => x.chart === mid) ?? r.trends[0];
    lines.push(`| ${r.range} | ${ms(mid)} | ${ms(t.api.find((a) => a.path.startsWith('trends'))?.ms)} |`);
  }
  lines.push('');
  lines.push('API from Node (warm, median of 10, ms):');
  lines.push('');
  lines.push('| range | summary | alerts | filters | serve start to listening (ms) |');
  lines.push('|---|---|---|---|---|');
  for (const r of results) lines.push(`| ${r.range} | ${ms(r.api.summary)} | ${ms(r.api.alerts)} | ${ms(r.api.filters)} | ${ms(r.serveStartMs)} |`);
  return lines.join('\n');
}

const dataDir = mkdtempSync(join(tmpdir(), 'ce-bench-dashboard-'));
try {
  process.stderr.write(`writing ${CALLS.toLocaleString('en')} calls into ${dataDir} …\n`);
  const fill = await fillRecords(dataDir, CALLS);
  const results = [];
  for (const range of RANGES) {
    process.stderr.write(`range ${range} …\n`);
    const r = await benchRange(dataDir, range);
    for (const load of [r.cold, ...r.warm]) {
      // The page must show the API's number (a few calls may slide out of the range in between).
      if (!(load.shownCalls > 0) || Math.abs(load.shownCalls - r.expected) > Math.max(5, r.expected * 0.01)) throw new Error(`range ${range}: the page showed ${load.shownCalls} calls, the API says ${r.expected}`);
    }
    results.push(r);
  }
  const text = report(fill, results);
  console.log(text);
  if (values.out) writeFileSync(values.out, `${text}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
