import type { DuckDBConnection } from '@duckdb/node-api';
import type { Alert, LiveAlert, Rule } from '@claude-errors/schemas/api';
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

/**
 * The slice of the rules engine the API reads (see analyzer/src/rules), in the types of its answers
 * (schemas/api.schema.json): the engine is passed as one, so the compiler holds its objects to them.
 */
export interface RulesView {
  rules(): Rule[];
  /** Alert events without `incidents`, which the route adds. */
  alerts(opts: { active?: boolean; limit?: number }): Promise<Omit<Alert, 'incidents'>[]>;
  on(event: 'change', fn: (change: LiveAlert) => void): void;
}
