import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildAnalyzerApp, Ingest, RecordStore, type AnalyzerAppOptions } from '@claude-errors/analyzer';
import type { ErrorRecord } from '@claude-errors/schemas';

export const DASHBOARD_DIST = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/** The ids of the one failed call every test store holds (for the detail route). */
export const KNOWN_CALL = { trace_id: 'ab'.repeat(16), span_id: 'cd'.repeat(8) };

/** A failed call (one call row, one attempt row) with the given message. */
export function failedCall(n: number, message: string, time = Date.now()): ErrorRecord[] {
  const ids = n === 0 ? KNOWN_CALL : { trace_id: n.toString(16).padStart(32, '0'), span_id: n.toString(16).padStart(16, '0') };
  const base = { time, ...ids, service: 'svc', source: 'claude-errors', platform: 'first_party', outcome: 'error', model: 'claude-sonnet-4-5', http_status: 529, error_type: 'overloaded_error', error_message: message } as const;
  return [
    { ...base, kind: 'call', attempt: 0, attempts: 1 },
    { ...base, kind: 'attempt', attempt: 1, attempts: null },
  ];
}

export interface TestAnalyzer {
  app: FastifyInstance;
  ingest: Ingest;
  store: RecordStore;
  close(): Promise<void>;
}

/** A DuckDB store in a temp folder holding KNOWN_CALL, and the analyzer app over it (not listening). */
export async function analyzerApp(opts: AnalyzerAppOptions = {}): Promise<TestAnalyzer> {
  const store = new RecordStore({ dataDir: mkdtempSync(join(tmpdir(), 'ce-security-')) });
  await store.start();
  const ingest = new Ingest(store);
  await ingest.ingest({ records: failedCall(0, 'secret record content: overloaded') });
  const app = await buildAnalyzerApp({ reader: store.reader, ingest, now: Date.now }, opts);
  await app.ready();
  return {
    app,
    ingest,
    store,
    async close() {
      await app.close();
      await store.shutdown();
    },
  };
}

export interface RouteEntry {
  path: string;
  methods: string[];
}

/**
 * Every route of the app, from Fastify's own route table (`printRoutes`), whose tree lines are
 * `├── <segment> (GET, HEAD)` with a child's segment continuing its parent's path.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const stack: { depth: number; path: string }[] = [];
  const out: RouteEntry[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│\s]*)[└├]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length;
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const path = (stack[stack.length - 1]?.path ?? '') + m[2]!;
    stack.push({ depth, path });
    if (m[3]) out.push({ path, methods: m[3].split(', ') });
  }
  return out;
}

/** A concrete URL for a route path: parameters filled with KNOWN_CALL's ids. */
export function concretePath(path: string): string {
  return path.replace(':trace_id', KNOWN_CALL.trace_id).replace(':span_id', KNOWN_CALL.span_id);
}
