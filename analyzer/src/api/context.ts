import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Ingest } from '../ingest.js';
import type { ConnectInfo } from './routes/info.js';

/** What the report routes need: a read connection and the catalog lookup. */
export interface ApiContext {
  reader: DuckDBConnection;
  ingest: Ingest;
  now: () => number;
  rules?: RulesView | undefined;
  /** Named components whose optional stats()/ready() feed /metrics and /readyz. */
  components?: Record<string, unknown> | undefined;
  /** Where applications send spans (GET /api/v1/info); read on each request. */
  connect?: (() => ConnectInfo) | undefined;
}

/** The slice of the rules engine the API reads (see analyzer/src/rules). */
export interface RulesView {
  rules(): unknown[];
  alerts(opts: { active?: boolean; limit?: number }): Promise<unknown[]>;
  on(event: 'change', fn: (change: unknown) => void): void;
}

/** Runs a parameterized query and returns plain JSON-safe row objects. */
export async function query(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = jsonSafe(v);
    return out;
  });
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}
