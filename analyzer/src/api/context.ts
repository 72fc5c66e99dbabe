import type { DuckDBConnection } from '@duckdb/node-api';
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
