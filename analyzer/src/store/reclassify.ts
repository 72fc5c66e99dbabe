import type { DuckDBConnection } from '@duckdb/node-api';
import type { ErrorRecord } from '@claude-errors/schemas';
import { classifyRecord } from '../processor/classify-record.js';
import { MINUTE_OF_RECORDS_SQL, refreshRollupMinutes } from './rollup.js';

export interface ReclassifyResult {
  scanned: number;
  changed: number;
  /** "old -> new" catalog ids with how many rows moved. */
  moves: Record<string, number>;
}

const CHUNK = 50_000;

/**
 * Re-runs the classifier over every stored error row (after a catalog change) and updates the
 * rows whose catalog id or fingerprint changed, and the report rollup's minutes and hours that
 * hold them (store/rollup.ts), in one transaction: a failure leaves the file as it was. Walks the
 * table in dedupe-key order so memory stays bounded.
 */
export async function reclassifyStored(conn: DuckDBConnection): Promise<ReclassifyResult> {
  const result: ReclassifyResult = { scanned: 0, changed: 0, moves: {} };
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('CREATE OR REPLACE TEMP TABLE reclassified (k UBIGINT, catalog_id VARCHAR, fingerprint VARCHAR)');
    let after = -1n;
    for (;;) {
      const reader = await conn.runAndReadAll(
        `SELECT dedupe_key, catalog_id, fingerprint, http_status, error_type, error_message, exception_type, sdk, platform, attributes
         FROM records WHERE outcome = 'error' AND dedupe_key > $1::HUGEINT ORDER BY dedupe_key LIMIT ${CHUNK}`,
        [after.toString()],
      );
      const rows = reader.getRowObjectsJS();
      if (rows.length === 0) break;
      const appender = await conn.createAppender('reclassified', 'main', 'temp');
      for (const row of rows) {
        result.scanned++;
        const r = {
          outcome: 'error',
          http_status: row.http_status as number | null,
          error_type: row.error_type as string | null,
          error_message: row.error_message as string | null,
          exception_type: row.exception_type as string | null,
          sdk: row.sdk as string | null,
          platform: row.platform as ErrorRecord['platform'],
          attributes: typeof row.attributes === 'string' ? (JSON.parse(row.attributes) as Record<string, unknown>) : null,
        } as ErrorRecord;
        classifyRecord(r);
        if (r.catalog_id !== row.catalog_id || (r.fingerprint ?? null) !== (row.fingerprint ?? null)) {
          result.changed++;
          const move = `${String(row.catalog_id)} -> ${String(r.catalog_id)}`;
          result.moves[move] = (result.moves[move] ?? 0) + 1;
          appender.appendUBigInt(row.dedupe_key as bigint);
          appender.appendVarchar(r.catalog_id!);
          if (r.fingerprint) appender.appendVarchar(r.fingerprint);
          else appender.appendNull();
          appender.endRow();
        }
      }
      appender.flushSync();
      appender.closeSync();
      after = rows[rows.length - 1]!.dedupe_key as bigint;
    }
    await conn.run('UPDATE records SET catalog_id = u.catalog_id, fingerprint = u.fingerprint FROM reclassified u WHERE records.dedupe_key = u.k');
    // The report rollup follows: the minutes (and hours) of the changed rows, recomputed from records.
    if (result.changed > 0) await refreshRollupMinutes(conn, `SELECT ${MINUTE_OF_RECORDS_SQL} FROM records JOIN reclassified u ON records.dedupe_key = u.k WHERE records.time IS NOT NULL`);
    await conn.run('DROP TABLE reclassified');
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
