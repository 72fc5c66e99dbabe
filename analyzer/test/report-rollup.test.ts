// The summary and trends reports read whole minutes from the per-minute rollup (store/rollup.ts):
// their answers must equal those of the raw queries over `records`, for any range and filter,
// after duplicates, compaction, reclassification and restarts.
import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { buildAnalyzerApp, Ingest, RecordStore, reclassifyStored } from '../src/index.js';
import { GUIDE_ID_SQL } from '../src/api/guide-sql.js';
import { Where, type RecordFilter } from '../src/api/record-filter.js';
import { byteOrder, query } from '../src/store/query.js';
import { reportSource } from '../src/store/rollup.js';
import { prng } from '../bench/prng.mjs';
import { tempDir } from './helpers.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const BASE = NOW - 6 * 3_600_000 + 17_123; // not on a minute boundary
const SPAN = 6 * 3_600_000;

const rand = prng(16);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo));

const SERVICES = ['checkout', 'search', 'bot-ünï'];
const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', null];
const PLATFORMS = ['first_party', 'bedrock', 'vertex'] as const;
const SURFACES = [undefined, null, 'messages', 'batch', 'session'] as const;
const ERRORS: Array<[number | null, string | null]> = [
  [529, 'overloaded_error'],
  [429, 'rate_limit_error'],
  [500, 'api_error'],
  [400, 'invalid_request_error'],
  [null, 'APIConnectionError'],
  [529, null],
];
let seq = 0;

function randomRecord(): ErrorRecord {
  seq++;
  const outcome = pick(['success', 'success', 'error', 'error', 'cancelled'] as const);
  const [status, errorType] = outcome === 'error' ? pick(ERRORS) : [outcome === 'success' ? 200 : null, null];
  // Mostly within the six hours, some a day earlier; times around minute boundaries are common.
  const time = rand() < 0.1 ? BASE - 86_400_000 + int(0, 600_000) : rand() < 0.2 ? Math.floor((BASE + int(0, SPAN)) / 60_000) * 60_000 + pick([0, 1, 59_999]) : BASE + int(0, SPAN);
  return {
    kind: pick(['call', 'attempt'] as const),
    time,
    trace_id: seq.toString(16).padStart(32, '0'),
    span_id: seq.toString(16).padStart(16, '0'),
    attempt: 0,
    service: pick(SERVICES),
    source: 'claude-errors',
    platform: pick(PLATFORMS),
    outcome,
    model: pick(MODELS),
    http_status: status,
    error_type: errorType,
    error_message: outcome === 'error' ? `status ${String(status)}` : null,
    // Written past the classifier (store.write) these stay as given, so reclassification moves them.
    catalog_id: outcome === 'error' ? pick(['overloaded', 'rate-limit-tokens', 'unknown', 'not-in-the-catalog', null]) : null,
    ...(pick(SURFACES) !== undefined ? { surface: pick(SURFACES.filter((s) => s !== undefined)) } : {}),
  } as ErrorRecord;
}

/** Batches with duplicates: some rows sent again in a later batch, some twice in one batch. */
async function fill(store: RecordStore, ingest: Ingest, batches: number): Promise<void> {
  let previous: ErrorRecord[] = [];
  for (let b = 0; b < batches; b++) {
    const fresh = Array.from({ length: int(1, 120) }, randomRecord);
    const batch = [...fresh, ...previous.filter(() => rand() < 0.3), ...fresh.filter(() => rand() < 0.1)].map((r) => ({ ...r }));
    if (rand() < 0.5) await store.write(batch);
    else await ingest.ingest({ records: batch });
    previous = fresh;
  }
}

type Filter = Pick<RecordFilter, 'service' | 'model' | 'platform' | 'surface'>;

function randomQuery(): { from: number; to: number; filter: Filter } {
  const from = rand() < 0.2 ? Math.floor((BASE + int(-600_000, SPAN)) / 60_000) * 60_000 : BASE + int(-600_000, SPAN);
  const len = pick([int(1, 60_000), int(60_000, 600_000), int(600_000, SPAN), 120_000, SPAN + 86_400_000]);
  const filter: Filter = {};
  if (rand() < 0.3) filter.service = pick(SERVICES);
  if (rand() < 0.3) filter.model = pick(MODELS.filter((m) => m !== null));
  if (rand() < 0.2) filter.platform = pick(PLATFORMS);
  if (rand() < 0.2) filter.surface = pick(['messages', 'batch', 'session', 'mcp'] as const);
  if (rand() < 0.15) return { from: from - 86_400_000, to: from - 86_400_000 + len, filter };
  return { from, to: from + len, filter };
}

function url(path: string, q: { from: number; to: number; filter: Filter }, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: String(q.from), to: String(q.to), ...(q.filter as Record<string, string>), ...extra });
  return `${path}?${params.toString()}`;
}

/** The summary as the raw queries over `records` give it; mode() ties broken by the smallest value. */
async function rawSummary(reader: DuckDBConnection, q: { from: number; to: number; filter: Filter }): Promise<unknown> {
  const where = new Where(q, q.filter);
  const [t] = await query(
    reader,
    `SELECT count(*) FILTER (WHERE kind = 'call') AS total_calls, count(*) FILTER (WHERE kind = 'call' AND outcome = 'error') AS failed_calls,
            count(*) FILTER (WHERE kind = 'attempt') AS total_attempts, count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error') AS failed_attempts
     FROM records ${where.sql}`,
    where.params,
  );
  const errWhere = new Where(q, q.filter).add("outcome = 'error'").add('catalog_id IS NOT NULL');
  const modeOf = (col: string): string =>
    `(SELECT first(v ORDER BY c DESC, v) FROM (SELECT ${col} AS v, count(*) AS c FROM records r ${errWhere.sql} AND r.catalog_id = g.catalog_id AND ${col} IS NOT NULL GROUP BY v))`;
  const groups = await query(
    reader,
    `SELECT catalog_id, failed_calls, failed_attempts, ${modeOf('http_status')} AS status, ${modeOf('error_type')} AS error_type, first_seen, last_seen
     FROM (SELECT catalog_id, count(*) FILTER (WHERE kind = 'call') AS failed_calls, count(*) FILTER (WHERE kind = 'attempt') AS failed_attempts,
                  min(time) AS first_seen, max(time) AS last_seen
           FROM records ${errWhere.sql} GROUP BY catalog_id) g
     ORDER BY failed_attempts DESC, failed_calls DESC, catalog_id`,
    errWhere.params,
  );
  return { ...t, by_catalog: groups };
}

const BY: Record<string, string> = { catalog_id: 'catalog_id', guide_id: GUIDE_ID_SQL, status: 'http_status', error_type: 'error_type', model: 'model', service: 'service', platform: 'platform' };

/** The trends series as the raw query over `records` gives them (route's zero-filling, equal series ordered by key). */
async function rawTrends(reader: DuckDBConnection, q: { from: number; to: number; filter: Filter }, size: number, by: string): Promise<unknown> {
  const where = new Where(q, q.filter);
  const rows = await query(
    reader,
    `SELECT (epoch_ms(time) // ${size})::BIGINT AS b, coalesce(${BY[by]}::VARCHAR, '(none)') AS key,
            count(*) FILTER (WHERE kind = 'call' AND outcome = 'error') AS calls, count(*) FILTER (WHERE kind = 'attempt' AND outcome = 'error') AS attempts,
            count(*) FILTER (WHERE kind = 'call') AS all_calls, count(*) FILTER (WHERE kind = 'attempt') AS all_attempts
     FROM records ${where.sql} GROUP BY ALL`,
    where.params,
  );
  const first = Math.floor(q.from / size) * size;
  const n = Math.ceil((q.to - first) / size);
  const zeros = (): number[] => new Array<number>(n).fill(0);
  const total = { key: 'total', calls: zeros(), attempts: zeros() };
  const series = new Map<string, { key: string; calls: number[]; attempts: number[] }>();
  for (const r of rows) {
    const i = Number(r.b) - first / size;
    if (i < 0 || i >= n) continue;
    total.calls[i]! += Number(r.all_calls);
    total.attempts[i]! += Number(r.all_attempts);
    if (Number(r.calls) === 0 && Number(r.attempts) === 0) continue;
    const key = String(r.key);
    if (!series.has(key)) series.set(key, { key, calls: zeros(), attempts: zeros() });
    series.get(key)!.calls[i]! += Number(r.calls);
    series.get(key)!.attempts[i]! += Number(r.attempts);
  }
  const size_ = (s: { calls: number[]; attempts: number[] }): number => [...s.calls, ...s.attempts].reduce((a, b) => a + b, 0);
  return { series: [...series.values()].sort((a, b) => size_(b) - size_(a) || byteOrder(a.key, b.key)), total };
}

const BUCKETS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;

/** Random summaries and trends through the API against the raw queries. */
async function compareRandom(store: RecordStore, ingest: Ingest, rounds: number): Promise<void> {
  const app = await buildAnalyzerApp({ reader: store.reader, ingest, now: () => NOW });
  try {
    let rolled = 0;
    for (let k = 0; k < rounds; k++) {
      const q = randomQuery();
      if (reportSource(q, q.filter).rollup) rolled++;
      const s = await app.inject({ method: 'GET', url: url('/api/v1/summary', q) });
      expect(s.statusCode, s.body).toBe(200);
      const got = s.json();
      expect({ ...got, by_catalog: got.by_catalog.map((g: Record<string, unknown>) => ({ catalog_id: g.catalog_id, failed_calls: g.failed_calls, failed_attempts: g.failed_attempts, status: g.status, error_type: g.error_type, first_seen: g.first_seen, last_seen: g.last_seen })) }).toMatchObject(
        (await rawSummary(store.reader, q)) as object,
      );
      const buckets = (Object.keys(BUCKETS) as Array<keyof typeof BUCKETS>).filter((b) => Math.ceil((q.to - Math.floor(q.from / BUCKETS[b]) * BUCKETS[b]) / BUCKETS[b]) <= 2000);
      const bucket = pick(buckets);
      const by = pick(Object.keys(BY));
      const t = await app.inject({ method: 'GET', url: url('/api/v1/trends', q, { bucket, by }) });
      expect(t.statusCode, t.body).toBe(200);
      const trends = t.json();
      expect({ series: trends.series, total: trends.total }).toEqual(await rawTrends(store.reader, q, BUCKETS[bucket], by));
    }
    expect(rolled).toBeGreaterThan(rounds / 2); // most ranges did read the rollup
  } finally {
    await app.close();
  }
}

/** The rollup as the store kept it, against one computed afresh from `records`. */
async function expectRollupOfRecords(reader: DuckDBConnection): Promise<void> {
  const dims = 'minute, kind, is_error, service, model, platform, surface, catalog_id, http_status, error_type';
  const kept = await query(
    reader,
    `SELECT ${dims}, sum(n) AS n, min(first_time) AS f, max(last_time) AS l FROM (SELECT * FROM rollup_minutes UNION ALL SELECT * FROM rollup_recent) GROUP BY ALL ORDER BY ALL`,
  );
  const fresh = await query(
    reader,
    `SELECT epoch_ms(date_trunc('minute', time)) AS minute, kind, outcome = 'error' AS is_error, service, model, platform, coalesce(surface, 'messages') AS surface,
            CASE WHEN outcome = 'error' THEN catalog_id END AS catalog_id, CASE WHEN outcome = 'error' THEN http_status END AS http_status,
            CASE WHEN outcome = 'error' THEN error_type END AS error_type, count(*) AS n, min(time) AS f, max(time) AS l
     FROM records GROUP BY ALL ORDER BY ALL`,
  );
  expect(kept).toEqual(fresh);
  const byHour = (sql: string): Promise<Record<string, unknown>[]> =>
    query(reader, `SELECT p, ${dims.replace('minute, ', '')}, sum(n) AS n, min(f) AS f, max(l) AS l FROM (${sql}) GROUP BY ALL ORDER BY ALL`);
  expect(await byHour('SELECT * EXCLUDE (hour), hour AS p, first_time AS f, last_time AS l FROM rollup_hours')).toEqual(
    await byHour(`SELECT * EXCLUDE (minute), minute - ((minute % 3600000) + 3600000) % 3600000 AS p, first_time AS f, last_time AS l FROM rollup_minutes`),
  );
}

describe('summary and trends over the per-minute rollup', () => {
  const dir = tempDir('ce-rollup-');
  let store: RecordStore | undefined;
  const open = async (): Promise<{ store: RecordStore; ingest: Ingest }> => {
    store = new RecordStore({ dataDir: dir, rollupCompactRows: 60 });
    await store.start();
    return { store, ingest: new Ingest(store) };
  };
  afterAll(async () => {
    await store?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the raw queries after batches with duplicates, reclassification and restarts', async () => {
    let { store: s, ingest } = await open();
    await fill(s, ingest, 60);
    expect(Number((await query(s.reader, 'SELECT count(*) AS n FROM rollup_minutes'))[0]!.n)).toBeGreaterThan(0); // compacted at least once
    await expectRollupOfRecords(s.reader);
    await compareRandom(s, ingest, 40);

    const conn = await s.connect();
    const moved = await reclassifyStored(conn);
    conn.closeSync();
    expect(moved.changed).toBeGreaterThan(0);
    await expectRollupOfRecords(s.reader);
    await compareRandom(s, ingest, 30);

    await fill(s, ingest, 15);
    await s.shutdown();
    ({ store: s, ingest } = await open());
    await expectRollupOfRecords(s.reader);
    await compareRandom(s, ingest, 20);

    // Rows written past the store (no rollup rows for them): the next start rebuilds the rollup.
    const past = await s.connect();
    await past.run('DELETE FROM rollup_recent');
    await past.run('DELETE FROM rollup_minutes WHERE minute % 120000 = 0');
    await past.run('DELETE FROM rollup_hours WHERE hour % 7200000 = 0');
    past.closeSync();
    await s.shutdown();
    ({ store: s, ingest } = await open());
    await expectRollupOfRecords(s.reader);
    await compareRandom(s, ingest, 20);
  }, 120_000);

  it('reads records alone where the rollup cannot answer', () => {
    const range = { from: BASE, to: BASE + SPAN };
    expect(reportSource(range, {}).rollup).toBe(true);
    expect(reportSource(range, { status: 529 }).rollup).toBe(false); // not a dimension of every row
    expect(reportSource({ from: BASE + 1, to: BASE + 59_000 }, {}).rollup).toBe(false); // no whole minute
    expect(reportSource({ from: -600_000, to: 600_000 }, {}, { bucketMs: 300_000 }).rollup).toBe(false); // minutes before the epoch
    expect(reportSource({ from: -600_000, to: 600_000 }, {}).rollup).toBe(true);
  });
});
