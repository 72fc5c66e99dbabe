import { DuckDBTimestampMillisecondsValue, type DuckDBAppender } from '@duckdb/node-api';
import { recordColumns, type ErrorRecord } from '@claude-errors/schemas';

type AppendFn = (a: DuckDBAppender, v: unknown) => void;

/** One append function per column, chosen once from the schema's x-duckdb types. */
function appenderFor(type: string): AppendFn {
  switch (type) {
    case 'VARCHAR':
      return (a, v) => (v === null || v === undefined ? a.appendNull() : a.appendVarchar(String(v)));
    case 'JSON':
      return (a, v) => (v === null || v === undefined ? a.appendNull() : a.appendVarchar(JSON.stringify(v)));
    case 'INTEGER':
      return (a, v) => (typeof v === 'number' ? a.appendInteger(Math.trunc(v)) : a.appendNull());
    case 'DOUBLE':
      return (a, v) => (typeof v === 'number' ? a.appendDouble(v) : a.appendNull());
    case 'BOOLEAN':
      return (a, v) => (typeof v === 'boolean' ? a.appendBoolean(v) : a.appendNull());
    case 'TIMESTAMP_MS':
      return (a, v) => (typeof v === 'number' ? a.appendTimestampMilliseconds(new DuckDBTimestampMillisecondsValue(BigInt(Math.trunc(v)))) : a.appendNull());
    default:
      throw new Error(`record schema uses x-duckdb type ${type}, which the appender does not handle`);
  }
}

const columnAppenders = recordColumns.map((c) => ({ name: c.name, append: appenderFor(c.type) }));

export function appendRecord(a: DuckDBAppender, r: ErrorRecord): void {
  const row = r as unknown as Record<string, unknown>;
  for (const c of columnAppenders) c.append(a, row[c.name]);
  a.endRow();
}
