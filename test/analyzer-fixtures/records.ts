// Records and DuckDB stores for the analyzer's tests and the CLI's tests that read what the analyzer stored.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildAnalyzerApp, Ingest, RecordStore, type AnalyzerAppOptions } from '@claude-errors/analyzer';
import type { ErrorRecord } from '@claude-errors/schemas';

export function tempDir(prefix = 'ce-analyzer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let seq = 0;
/** A record with sensible defaults; tests override what they assert on. */
export function record(over: Partial<ErrorRecord> = {}): ErrorRecord {
  seq++;
  return {
    kind: 'call',
    time: Date.now(),
    trace_id: seq.toString(16).padStart(32, '0'),
    span_id: seq.toString(16).padStart(16, '0'),
    attempt: 0,
    service: 'svc',
    source: 'claude-errors',
    platform: 'first_party',
    outcome: 'success',
    model: 'claude-sonnet-4-5',
    http_status: 200,
    ...over,
  };
}

const ERROR_TYPES: Record<number, string> = { 500: 'api_error', 529: 'overloaded_error', 429: 'rate_limit_error', 400: 'invalid_request_error' };

/** A call that met the given statuses in order (one attempt each), as the collector maps it. */
export function call(statuses: number[], over: Partial<ErrorRecord> = {}): ErrorRecord[] {
  const base = record(over);
  const last = statuses[statuses.length - 1]!;
  const err = (s: number): Partial<ErrorRecord> =>
    s >= 400 ? { outcome: 'error', http_status: s, error_type: ERROR_TYPES[s] ?? null, error_message: `status ${s}` } : { outcome: 'success', http_status: s };
  const rows: ErrorRecord[] = [{ ...base, attempts: statuses.length, ...err(last), ...over }];
  statuses.forEach((s, i) => rows.push({ ...base, kind: 'attempt', attempt: i + 1, attempts: null, time: base.time + i, ...err(s) }));
  return rows;
}

/** RecordStores on DuckDB files, for one test file: those still open after a test are shut down. */
export function useStores(): { open(dir: string): Promise<RecordStore>; close(s: RecordStore): Promise<void> } {
  const stores: RecordStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.shutdown();
  });
  return {
    async open(dir) {
      const s = new RecordStore({ dataDir: dir });
      await s.start();
      stores.push(s);
      return s;
    },
    async close(s) {
      stores.splice(stores.indexOf(s), 1);
      await s.shutdown();
    },
  };
}

type AnalyzerApp = Awaited<ReturnType<typeof buildAnalyzerApp>>;

/**
 * The analyzer's API with its clock stopped at `now`, on a RecordStore in a fresh directory holding
 * `records()`, for the tests of one file: filled and built before them, closed after them. One app
 * per entry of `apps` (buildAnalyzerApp's options; one plain app by default), all on the same store.
 */
export function useApi(now: number, records: () => ErrorRecord[], apps: AnalyzerAppOptions[] = [{}]): { readonly app: AnalyzerApp; readonly apps: AnalyzerApp[] } {
  const built: AnalyzerApp[] = [];
  let store: RecordStore | undefined;
  beforeAll(async () => {
    store = new RecordStore({ dataDir: tempDir() });
    await store.start();
    const ingest = new Ingest(store);
    await ingest.ingest({ records: records() });
    for (const opts of apps) built.push(await buildAnalyzerApp({ reader: store.reader, ingest, now: () => now }, opts));
  });
  afterAll(async () => {
    for (const app of built.splice(0)) await app.close();
    await store?.shutdown();
  });
  return {
    get app() {
      const app = built[0];
      if (!app) throw new Error('useApi: the app is built before the first test of the file');
      return app;
    },
    apps: built,
  };
}
