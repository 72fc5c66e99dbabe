import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CeError, recordColumns, type Component, type ErrorRecord } from '@claude-errors/schemas';
import { ErrorCodes } from '../errors.js';
import type { ConsumedOffset, DeadLetter } from '../ingest-sink.js';
import { migrate } from './migrate.js';
import { appendRecord } from './row-appender.js';

export interface RecordStoreOptions {
  /** Folder of the DuckDB file (created if missing), or ':memory:'. */
  dataDir: string;
  fileName?: string;
}

const COLS = recordColumns.map((c) => `"${c.name}"`).join(', ');
const INSERT_SQL =
  `INSERT OR IGNORE INTO records (dedupe_key, ingested_at, ${COLS}) ` +
  `SELECT DISTINCT ON (hash(trace_id, span_id, attempt)) hash(trace_id, span_id, attempt), now()::TIMESTAMP_MS, ${COLS} FROM records_staging ` +
  `RETURNING trace_id, span_id, attempt`;

/**
 * The DuckDB file: one writer connection (every write is one transaction: rows, consumed Kafka
 * offsets and dead letters together) and a separate reader connection for reports. Writes are
 * serialized; rows already stored (same trace_id, span_id, attempt) are skipped.
 */
export class RecordStore implements Component {
  private instance: DuckDBInstance | null = null;
  private writer: DuckDBConnection | null = null;
  private readerConn: DuckDBConnection | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  readonly path: string;

  constructor(private readonly opts: RecordStoreOptions) {
    this.path = opts.dataDir === ':memory:' ? ':memory:' : join(opts.dataDir, opts.fileName ?? 'claude-errors.duckdb');
  }

  async start(): Promise<void> {
    try {
      if (this.path !== ':memory:') mkdirSync(this.opts.dataDir, { recursive: true });
      this.instance = await DuckDBInstance.create(this.path);
    } catch (err) {
      throw new CeError(ErrorCodes.STORE_OPEN, `cannot open DuckDB file ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    this.writer = await this.instance.connect();
    await migrate(this.writer);
    this.readerConn = await this.instance.connect();
  }

  async shutdown(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.readerConn?.closeSync();
    this.writer?.closeSync();
    this.instance?.closeSync();
    this.readerConn = this.writer = this.instance = null;
  }

  /** A connection for read queries (reports); not for writes. */
  get reader(): DuckDBConnection {
    if (!this.readerConn) throw new Error('RecordStore not started');
    return this.readerConn;
  }

  /** A new connection on the same file (for components that keep their own tables, e.g. rules). */
  async connect(): Promise<DuckDBConnection> {
    if (!this.instance) throw new Error('RecordStore not started');
    return this.instance.connect();
  }

  /**
   * Writes records, offsets and dead letters in one transaction. Resolves with the records that
   * were new (not already stored), in input order, once committed.
   */
  write(records: ErrorRecord[], offsets: ConsumedOffset[] = [], deadLetters: DeadLetter[] = []): Promise<ErrorRecord[]> {
    const run = this.chain.then(() => this.writeNow(records, offsets, deadLetters));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeNow(records: ErrorRecord[], offsets: ConsumedOffset[], deadLetters: DeadLetter[]): Promise<ErrorRecord[]> {
    const w = this.writer;
    if (!w) throw new CeError(ErrorCodes.STORE_WRITE, 'store is not open', { retryable: true, statusCode: 503 });
    await w.run('BEGIN TRANSACTION');
    try {
      let inserted: ErrorRecord[] = [];
      if (records.length > 0) {
        const appender = await w.createAppender('records_staging');
        for (const r of records) appendRecord(appender, r);
        appender.flushSync();
        appender.closeSync();
        const result = await w.runAndReadAll(INSERT_SQL);
        inserted = pickInserted(records, result.getRows());
        await w.run('DELETE FROM records_staging');
      }
      for (const o of offsets) {
        await w.run('INSERT OR REPLACE INTO kafka_offsets VALUES ($1, $2, $3, now()::TIMESTAMP_MS)', [o.topic, o.partition, BigInt(o.offset)]);
      }
      for (const d of deadLetters) {
        await w.run('INSERT INTO dead_letters VALUES (now()::TIMESTAMP_MS, $1, $2, $3)', [d.source, d.reason, d.payload.slice(0, 65536)]);
      }
      await w.run('COMMIT');
      return inserted;
    } catch (err) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw new CeError(ErrorCodes.STORE_WRITE, `DuckDB write failed: ${(err as Error).message}`, { retryable: true, statusCode: 503, retryAfterSeconds: 1, cause: err });
    }
  }

  async storedOffsets(topic: string): Promise<Map<number, string>> {
    const r = await this.reader.runAndReadAll('SELECT "partition", next_offset FROM kafka_offsets WHERE topic = $1', [topic]);
    return new Map(r.getRows().map((row) => [Number(row[0]), String(row[1])]));
  }
}

function pickInserted(records: ErrorRecord[], rows: unknown[][]): ErrorRecord[] {
  if (rows.length === records.length) return records;
  const keys = new Set(rows.map((r) => `${String(r[0])}/${String(r[1])}/${String(r[2])}`));
  const out: ErrorRecord[] = [];
  for (const r of records) {
    const k = `${r.trace_id}/${r.span_id}/${r.attempt}`;
    if (keys.delete(k)) out.push(r);
  }
  return out;
}
