import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** Runs a parameterized query and returns plain JSON-safe row objects (BIGINT as number, timestamps as ISO text). */
export async function query(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = jsonSafe(v);
    return out;
  });
}

/** Compares strings by their UTF-8 bytes, the order DuckDB gives VARCHAR (for ties broken in JavaScript as SQL would). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}
