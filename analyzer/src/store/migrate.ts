import type { DuckDBConnection } from '@duckdb/node-api';
import { CeError, recordColumns } from '@claude-errors/schemas';
import { ErrorCodes } from '../errors.js';

/**
 * Internal columns the pipeline adds in front of the schema's columns. dedupe_key is
 * hash(trace_id, span_id, attempt), unique because RecordStore inserts only new keys; it is not a
 * PRIMARY KEY (see RecordStore for why).
 */
export const INTERNAL_COLUMNS = [
  { name: 'dedupe_key', type: 'UBIGINT' },
  { name: 'ingested_at', type: 'TIMESTAMP_MS' },
];

/**
 * Brings a DuckDB file up to the current record schema: creates missing tables and adds columns
 * that the schema gained since the file was written (additive migration; a column's type is never
 * changed in place). A records table from before dedupe moved into RecordStore still carries a
 * PRIMARY KEY on dedupe_key, which DuckDB cannot drop: it is rebuilt once without it (one pass over
 * the table, in one transaction). The old persistent staging table is dropped: staging is now a
 * temporary table of the writer connection.
 */
/** Provider incidents read from a status feed (analyzer/src/incidents). */
export const INCIDENTS_DDL = `CREATE TABLE IF NOT EXISTS incidents (id VARCHAR PRIMARY KEY, name VARCHAR, status VARCHAR, impact VARCHAR,
  started_at TIMESTAMP_MS, resolved_at TIMESTAMP_MS, components VARCHAR, url VARCHAR, source VARCHAR, updated_at TIMESTAMP_MS)`;

export async function migrate(conn: DuckDBConnection): Promise<{ addedColumns: string[] }> {
  try {
    const cols = [...INTERNAL_COLUMNS, ...recordColumns].map((c) => `"${c.name}" ${c.type}`).join(', ');
    await conn.run(`CREATE TABLE IF NOT EXISTS records (${cols})`);
    await dropPrimaryKey(conn);
    const existing = await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = 'records' AND table_schema = 'main'`);
    const have = new Set(existing.getRows().map((r) => String(r[0])));
    const addedColumns: string[] = [];
    for (const c of recordColumns) {
      if (have.has(c.name)) continue;
      await conn.run(`ALTER TABLE records ADD COLUMN "${c.name}" ${c.type}`);
      addedColumns.push(c.name);
    }
    await conn.run('DROP TABLE IF EXISTS records_staging');
    await conn.run('CREATE TABLE IF NOT EXISTS kafka_offsets (topic VARCHAR, "partition" INTEGER, next_offset BIGINT, updated_at TIMESTAMP_MS, PRIMARY KEY (topic, "partition"))');
    await conn.run('CREATE TABLE IF NOT EXISTS dead_letters (time TIMESTAMP_MS, source VARCHAR, reason VARCHAR, payload VARCHAR)');
    await conn.run(INCIDENTS_DDL);
    return { addedColumns };
  } catch (err) {
    throw new CeError(ErrorCodes.MIGRATION, `could not migrate the DuckDB file: ${(err as Error).message}`, { cause: err });
  }
}

async function dropPrimaryKey(conn: DuckDBConnection): Promise<void> {
  const pk = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER FROM duckdb_constraints() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'records' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`,
  );
  if (Number(pk.getRows()[0]![0]) === 0) return;
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('CREATE TABLE records_rebuild AS SELECT * FROM records');
    await conn.run('DROP TABLE records');
    await conn.run('ALTER TABLE records_rebuild RENAME TO records');
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
