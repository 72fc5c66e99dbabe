import type { DuckDBValue } from '@duckdb/node-api';
import { filterConditions, timeBound, type Bind } from '../store/filter-sql.js';
import type { TimeRange } from './time-range.js';

/** Filters every report accepts. Values are always bound as parameters, never spliced into SQL. */
export interface RecordFilter {
  service?: string | undefined;
  model?: string | undefined;
  platform?: string | undefined;
  catalog_id?: string | undefined;
  status?: number | undefined;
  error_type?: string | undefined;
  /** messages (rows without a surface too), batch (results of Message Batch requests), session (session.error events) or mcp (failed MCP tool results). */
  surface?: 'messages' | 'batch' | 'session' | 'mcp' | undefined;
}

export const FILTER_QUERY_PROPERTIES = {
  from: { type: 'string', description: 'Start: ISO-8601, epoch ms, now, or relative (-24h). Default: 24 h before `to`.' },
  to: { type: 'string', description: 'End (exclusive): same forms as `from`. Default: now.' },
  service: { type: 'string', maxLength: 256 },
  model: { type: 'string', maxLength: 256 },
  platform: { type: 'string', enum: ['first_party', 'bedrock', 'bedrock_mantle', 'vertex', 'foundry', 'aws', 'unknown'] },
  surface: { type: 'string', enum: ['messages', 'batch', 'session', 'mcp'], description: 'messages: synchronous API calls; batch: errored, canceled or expired results of Message Batch requests; session: session.error events of Managed Agents session event streams; mcp: failed MCP tool results. Default all.' },
} as const;

/** Builds `WHERE …` with `$n` placeholders and the matching parameter list. */
export class Where {
  readonly clauses: string[] = [];
  readonly params: DuckDBValue[] = [];

  constructor(range?: TimeRange, filter: RecordFilter = {}) {
    const bind: Bind = (v) => {
      this.params.push(v);
      return `$${this.params.length}`;
    };
    if (range) this.clauses.push(`time >= ${timeBound(Math.floor(range.from), bind)}`, `time < ${timeBound(Math.ceil(range.to), bind)}`);
    this.clauses.push(...filterConditions(filter, bind, "coalesce(surface, 'messages')"));
  }

  add(clause: string, ...values: DuckDBValue[]): this {
    let sql = clause;
    for (const v of values) {
      this.params.push(v);
      sql = sql.replace('?', `$${this.params.length}`);
    }
    this.clauses.push(sql);
    return this;
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
