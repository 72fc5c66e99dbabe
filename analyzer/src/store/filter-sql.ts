import type { DuckDBValue } from '@duckdb/node-api';

/** The filters every report accepts, as columns of `records` (and of the rollup tables). */
export interface RowFilter {
  service?: string | undefined;
  model?: string | undefined;
  platform?: string | undefined;
  /** messages (rows without a surface too), batch, session or mcp. */
  surface?: string | undefined;
  catalog_id?: string | undefined;
  status?: number | undefined;
  error_type?: string | undefined;
}

/** Binds a value as the next `$n` parameter and returns its placeholder. */
export type Bind = (v: DuckDBValue) => string;

/** One `column = $n` condition per filter given; `surface` is the expression the surface filter compares. */
export function filterConditions(filter: RowFilter, bind: Bind, surface: string): string[] {
  const c: string[] = [];
  if (filter.service !== undefined) c.push(`service = ${bind(filter.service)}`);
  if (filter.model !== undefined) c.push(`model = ${bind(filter.model)}`);
  if (filter.platform !== undefined) c.push(`platform = ${bind(filter.platform)}`);
  if (filter.surface !== undefined) c.push(`${surface} = ${bind(filter.surface)}`);
  if (filter.catalog_id !== undefined) c.push(`catalog_id = ${bind(filter.catalog_id)}`);
  if (filter.status !== undefined) c.push(`http_status = ${bind(filter.status)}`);
  if (filter.error_type !== undefined) c.push(`error_type = ${bind(filter.error_type)}`);
  return c;
}

/**
 * An epoch-ms bound typed as the `time` column (TIMESTAMP_MS): compared with a TIMESTAMP, every
 * row's time would be cast first, which costs about three times the scan and keeps the condition
 * out of DuckDB's row-group pruning.
 */
export function timeBound(ms: number, bind: Bind): string {
  return `epoch_ms(${bind(BigInt(ms))}::BIGINT)::TIMESTAMP_MS`;
}
